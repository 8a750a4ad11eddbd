"""The council's conclusion on a disposal list and what a destruction erased where (issue #20)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0022"
branch_labels = None
depends_on = None

_COUNCIL = (
    ("council_result", sa.String(length=10)),
    ("council_agree", sa.Integer()),
    ("council_votes", sa.Integer()),
    ("council_size", sa.Integer()),
    ("council_closed_by", sa.String(length=200)),
    ("council_closed_at", sa.String(length=40)),
    ("council_minutes_path", sa.String(length=300)),
)


def upgrade() -> None:
    with op.batch_alter_table("disposal_lists") as batch:
        for name, type_ in _COUNCIL:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("destruction_records") as batch:
        batch.add_column(sa.Column("erased_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("destruction_records") as batch:
        batch.drop_column("erased_json")
    with op.batch_alter_table("disposal_lists") as batch:
        for name, _type in reversed(_COUNCIL):
            batch.drop_column(name)
