"""Filing tray documents into dossiers, and the recall of a filed document (issue #21)

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tray_documents") as batch:
        batch.add_column(sa.Column("filed_documents_json", sa.Text(), nullable=True))
        batch.add_column(sa.Column("recall_state", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("recall_hold_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_tray_documents_filed_dossier"), ["filed_dossier"], unique=False)
        batch.create_index(op.f("ix_tray_documents_recall_state"), ["recall_state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tray_documents") as batch:
        batch.drop_index(op.f("ix_tray_documents_recall_state"))
        batch.drop_index(op.f("ix_tray_documents_filed_dossier"))
        batch.drop_column("recall_hold_id")
        batch.drop_column("recall_state")
        batch.drop_column("filed_documents_json")
