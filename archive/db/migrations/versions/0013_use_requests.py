"""requests to use conditional records (mode 02) and their grants (TT 05/2025 Chương VI)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "use_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record", sa.String(length=120), nullable=False),
        sa.Column("requester", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.String(length=32), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("valid_until", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_use_requests")),
    )
    op.create_index(
        "ix_use_requests_requester_record", "use_requests", ["requester", "record"], unique=False
    )
    op.create_index(op.f("ix_use_requests_state"), "use_requests", ["state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_use_requests_state"), table_name="use_requests")
    op.drop_index("ix_use_requests_requester_record", table_name="use_requests")
    op.drop_table("use_requests")
