"""packages held for review before acceptance (ingest_review): pending_packages

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("sip_objid", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("file_code", sa.String(length=100), nullable=False),
        sa.Column("arc_file_code", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("agency", sa.String(length=500), nullable=False),
        sa.Column("request_code", sa.String(length=200), nullable=True),
        sa.Column("registered_docs", sa.Integer(), nullable=True),
        sa.Column("received_docs", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("submitted_at", sa.String(length=32), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.String(length=32), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("object_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_packages")),
        sa.UniqueConstraint("code", name=op.f("uq_pending_packages_code")),
    )
    with op.batch_alter_table("pending_packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_packages_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pending_packages_fingerprint"), ["fingerprint"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_packages_file_code"), ["file_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_packages_submitted_at"), ["submitted_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_packages_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_pending_packages_file_code"))
        batch_op.drop_index(batch_op.f("ix_pending_packages_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_pending_packages_state"))
    op.drop_table("pending_packages")
