"""The filing tray of documents received as edXML envelopes (issue #21)

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None

_INDEXED = (
    "state",
    "document_identifier",
    "sender_id",
    "issued_on",
    "type_name",
    "received_at",
)


def upgrade() -> None:
    op.create_table(
        "tray_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("envelope_sha256", sa.String(length=64), nullable=False),
        sa.Column("document_identifier", sa.String(length=100), nullable=False),
        sa.Column("sender_id", sa.String(length=20), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("code_number", sa.String(length=20), nullable=False),
        sa.Column("code_notation", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.String(length=10), nullable=False),
        sa.Column("type_name", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("business_type", sa.String(length=20), nullable=False),
        sa.Column("related_identifier", sa.String(length=100), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("signed", sa.String(length=20), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=False),
        sa.Column("attachments_json", sa.Text(), nullable=False),
        sa.Column("findings_json", sa.Text(), nullable=False),
        sa.Column("filed_dossier", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tray_documents")),
        sa.UniqueConstraint("code", name=op.f("uq_tray_documents_code")),
        sa.UniqueConstraint("object_id", name=op.f("uq_tray_documents_object_id")),
        sa.UniqueConstraint("envelope_sha256", name=op.f("uq_tray_documents_envelope_sha256")),
    )
    for column in _INDEXED:
        op.create_index(
            op.f(f"ix_tray_documents_{column}"), "tray_documents", [column], unique=False
        )


def downgrade() -> None:
    for column in _INDEXED:
        op.drop_index(op.f(f"ix_tray_documents_{column}"), table_name="tray_documents")
    op.drop_table("tray_documents")
