"""Periodic inspection: plans, their items, runs and failures (issue #20 part 4)

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("holding", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plans")),
        sa.UniqueConstraint("year", name=op.f("uq_inspection_plans_year")),
    )
    op.create_table(
        "inspection_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("arc_file_code", sa.String(length=120), nullable=False),
        sa.Column("fonds", sa.String(length=100), nullable=False),
        sa.Column("last_seen", sa.String(length=32), nullable=False),
        sa.Column("inspected_at", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_items_plan_id_inspection_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_items")),
        sa.UniqueConstraint(
            "plan_id", "object_id", name=op.f("uq_inspection_items_plan_id_object_id")
        ),
    )
    for column in ("plan_id", "object_id", "inspected_at"):
        op.create_index(
            op.f(f"ix_inspection_items_{column}"), "inspection_items", [column], unique=False
        )
    op.create_table(
        "inspection_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=True),
        sa.Column("inspected", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("agent", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_runs_plan_id_inspection_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_runs")),
    )
    op.create_index(
        op.f("ix_inspection_runs_plan_id"), "inspection_runs", ["plan_id"], unique=False
    )
    op.create_table(
        "inspection_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("arc_file_code", sa.String(length=120), nullable=False),
        sa.Column("store", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("remedy", sa.Text(), nullable=True),
        sa.Column("remedied_at", sa.String(length=32), nullable=True),
        sa.Column("remedied_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["inspection_runs.id"],
            name=op.f("fk_inspection_failures_run_id_inspection_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_failures")),
    )
    for column in ("run_id", "object_id", "state"):
        op.create_index(
            op.f(f"ix_inspection_failures_{column}"), "inspection_failures", [column], unique=False
        )


def downgrade() -> None:
    for column in ("run_id", "object_id", "state"):
        op.drop_index(op.f(f"ix_inspection_failures_{column}"), table_name="inspection_failures")
    op.drop_table("inspection_failures")
    op.drop_index(op.f("ix_inspection_runs_plan_id"), table_name="inspection_runs")
    op.drop_table("inspection_runs")
    for column in ("plan_id", "object_id", "inspected_at"):
        op.drop_index(op.f(f"ix_inspection_items_{column}"), table_name="inspection_items")
    op.drop_table("inspection_items")
    op.drop_table("inspection_plans")
