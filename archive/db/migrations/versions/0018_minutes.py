"""minutes (biên bản) kept as record objects, found by procedure

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=30), nullable=False),
        sa.Column("procedure_kind", sa.String(length=30), nullable=False),
        sa.Column("procedure_code", sa.String(length=100), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("written_at", sa.String(length=40), nullable=False),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=10), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("json_sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("object_id", name=op.f("uq_minutes_object_id")),
        sa.UniqueConstraint(
            "form",
            "procedure_kind",
            "procedure_code",
            "number",
            name=op.f("uq_minutes_form_procedure_kind_procedure_code_number"),
        ),
    )
    op.create_index(
        "ix_minutes_procedure", "minutes", ["procedure_kind", "procedure_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_minutes_procedure", table_name="minutes")
    op.drop_table("minutes")
