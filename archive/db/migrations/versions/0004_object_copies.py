"""object copies (replication and fixity)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "object_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("store", sa.String(length=40), nullable=False),
        sa.Column("head", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("replicated_at", sa.String(length=40), nullable=True),
        sa.Column("checked_at", sa.String(length=40), nullable=True),
        sa.Column("check_outcome", sa.String(length=20), nullable=True),
        sa.Column("check_detail", sa.Text(), nullable=True),
        sa.Column("checked_bytes", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_copies")),
        sa.UniqueConstraint("object_id", "store", name=op.f("uq_object_copies_object_id_store")),
    )
    with op.batch_alter_table("object_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_object_copies_object_id"), ["object_id"])
        batch_op.create_index(batch_op.f("ix_object_copies_state"), ["state"])
        batch_op.create_index(batch_op.f("ix_object_copies_checked_at"), ["checked_at"])


def downgrade() -> None:
    with op.batch_alter_table("object_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_object_copies_checked_at"))
        batch_op.drop_index(batch_op.f("ix_object_copies_state"))
        batch_op.drop_index(batch_op.f("ix_object_copies_object_id"))
    op.drop_table("object_copies")
