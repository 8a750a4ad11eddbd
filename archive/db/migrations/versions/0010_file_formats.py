"""format identification of files: version, identifying tool (siegfried + PRONOM), PDF/A claim

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("format_version", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("format_tool", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("pdfa", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_column("pdfa")
        batch_op.drop_column("format_tool")
        batch_op.drop_column("format_version")
