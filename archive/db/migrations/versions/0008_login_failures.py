"""failed web logins, shared by every web process for the login rate limit

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_key"), ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_login_failures_failed_at"), ["failed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_failed_at"))
        batch_op.drop_index(batch_op.f("ix_login_failures_key"))
    op.drop_table("login_failures")
