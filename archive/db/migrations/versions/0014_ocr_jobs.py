"""OCR renditions: each document's OCR state and the claims of `archive ocr run` (issue #18)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ocr_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=True),
        sa.Column("rendition_file_id", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("message", sa.String(length=1000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_ocr_jobs_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["source_file_id"], ["files.id"], name=op.f("fk_ocr_jobs_source_file_id_files")
        ),
        sa.ForeignKeyConstraint(
            ["rendition_file_id"], ["files.id"], name=op.f("fk_ocr_jobs_rendition_file_id_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ocr_jobs")),
        sa.UniqueConstraint("document_id", name=op.f("uq_ocr_jobs_document_id")),
    )
    op.create_index(op.f("ix_ocr_jobs_state"), "ocr_jobs", ["state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ocr_jobs_state"), table_name="ocr_jobs")
    op.drop_table("ocr_jobs")
