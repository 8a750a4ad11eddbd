"""Inspection models: the yearly plan (kế hoạch kiểm tra), its items (one dossier each), the
runs that carried it out and the failures they found, each with its storage address.

Catalog-only working records (archive/rebuild/tables.py): the events in the sealed chain
(``inspection plan``, ``inspection``, ``inspection remedy``) are their record.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["InspectionFailure", "InspectionItem", "InspectionPlan", "InspectionRun"]


class InspectionPlan(Base):
    """Kế hoạch kiểm tra of one year: which dossiers are inspected that year."""

    __tablename__ = "inspection_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(200))
    holding: Mapped[int] = mapped_column(Integer)  # dossiers in the holding when planned


class InspectionItem(Base):
    """One dossier of a plan; ``inspected_at`` once a run has checked it."""

    __tablename__ = "inspection_items"
    __table_args__ = (UniqueConstraint("plan_id", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plans.id"), index=True)
    object_id: Mapped[str] = mapped_column(String(100), index=True)
    arc_file_code: Mapped[str] = mapped_column(String(120))
    fonds: Mapped[str] = mapped_column(String(100))  # fonds code, "" when none
    # Why it was chosen: the date it was last inspected (or ingested) when planned.
    last_seen: Mapped[str] = mapped_column(String(32))
    inspected_at: Mapped[str | None] = mapped_column(String(32), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))  # ok | failure


class InspectionRun(Base):
    """One ``archive inspection run`` of a plan."""

    __tablename__ = "inspection_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plans.id"), index=True)
    started_at: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[str | None] = mapped_column(String(32))
    inspected: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    agent: Mapped[str] = mapped_column(String(200))


class InspectionFailure(Base):
    """A failure found by a run, at its storage address (store, object, version, path)."""

    __tablename__ = "inspection_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("inspection_runs.id"), index=True)
    object_id: Mapped[str] = mapped_column(String(100), index=True)
    arc_file_code: Mapped[str] = mapped_column(String(120))
    store: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(1000))
    # fixity | missing | file | size | checksum | count | field | version
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
    # For a field: the record, the element and the stored value (JSON), which a remedy sets.
    correction: Mapped[str | None] = mapped_column(Text)
    # open | remedied
    state: Mapped[str] = mapped_column(String(20), index=True)
    remedy: Mapped[str | None] = mapped_column(Text)
    remedied_at: Mapped[str | None] = mapped_column(String(32))
    remedied_by: Mapped[str | None] = mapped_column(String(200))
