"""evidence records (RFC 4998)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("object_version", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("leaf_count", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("chains", sa.Integer(), nullable=False),
        sa.Column("timestamps", sa.Integer(), nullable=False),
        sa.Column("last_timestamp_at", sa.String(length=40), nullable=False),
        sa.Column("tsa", sa.String(length=1000), nullable=False),
        sa.Column("tsa_not_after", sa.String(length=40), nullable=True),
        sa.Column("signature_algorithm", sa.String(length=40), nullable=False),
        sa.Column("horizon", sa.String(length=40), nullable=True),
        sa.Column("audit_from", sa.Integer(), nullable=True),
        sa.Column("audit_to", sa.Integer(), nullable=True),
        sa.Column("revinfo_files", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_batches")),
        sa.UniqueConstraint("object_id", name=op.f("uq_evidence_batches_object_id")),
    )
    with op.batch_alter_table("evidence_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_batches_horizon"), ["horizon"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_batches_status"), ["status"], unique=False)
    op.create_table(
        "evidence_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("leaf_index", sa.Integer(), nullable=False),
        sa.Column("target_object", sa.String(length=100), nullable=False),
        sa.Column("target_version", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=128), nullable=False),
        sa.Column("record_path", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["evidence_batches.id"],
            name=op.f("fk_evidence_records_batch_id_evidence_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["files.id"], name=op.f("fk_evidence_records_file_id_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_records")),
        sa.UniqueConstraint(
            "target_object",
            "path",
            "target_version",
            name=op.f("uq_evidence_records_target_object_path_target_version"),
        ),
    )
    with op.batch_alter_table("evidence_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_records_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_records_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evidence_records_target_object"), ["target_object"], unique=False
        )
    _create_append_only_triggers()


def _create_append_only_triggers() -> None:
    """The index of evidence records is append-only, like the audit log."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER evidence_records_no_{action.lower()} BEFORE {action} ON "
                "evidence_records BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); "
                "END"
            )
        return
    op.execute(
        "CREATE FUNCTION archive_evidence_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'evidence records are append-only'; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER evidence_records_append_only BEFORE UPDATE OR DELETE ON "
        "evidence_records FOR EACH ROW EXECUTE FUNCTION archive_evidence_append_only()"
    )
    op.execute(
        "CREATE TRIGGER evidence_records_no_truncate BEFORE TRUNCATE ON evidence_records "
        "FOR EACH STATEMENT EXECUTE FUNCTION archive_evidence_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_update")
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_truncate ON evidence_records")
        op.execute("DROP TRIGGER IF EXISTS evidence_records_append_only ON evidence_records")
        op.execute("DROP FUNCTION IF EXISTS archive_evidence_append_only()")
    with op.batch_alter_table("evidence_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_records_target_object"))
        batch_op.drop_index(batch_op.f("ix_evidence_records_file_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_records_batch_id"))
    op.drop_table("evidence_records")
    with op.batch_alter_table("evidence_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_batches_status"))
        batch_op.drop_index(batch_op.f("ix_evidence_batches_horizon"))
    op.drop_table("evidence_batches")
