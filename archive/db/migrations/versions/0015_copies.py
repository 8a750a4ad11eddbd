"""reading copies and plain copies of originals (TT 05/2025 Đ37, Đ40; issue #19)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("record", sa.String(length=120), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.String(length=32), nullable=False),
        sa.Column("valid_until", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("file", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copies")),
    )
    op.create_index("ix_copies_holder_record", "copies", ["holder", "record"], unique=False)
    op.create_index(op.f("ix_copies_kind"), "copies", ["kind"], unique=False)
    op.create_index(op.f("ix_copies_valid_until"), "copies", ["valid_until"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_copies_valid_until"), table_name="copies")
    op.drop_index(op.f("ix_copies_kind"), table_name="copies")
    op.drop_index("ix_copies_holder_record", table_name="copies")
    op.drop_table("copies")
