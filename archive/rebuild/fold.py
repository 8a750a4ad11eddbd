"""The catalog state the sealed events carry, folded back (``archive.audit.rowstate``): each
row as the last event naming it left it, and each revalidation's result on its file.

Runs after every dossier is back (a revalidation names its file by dossier, path and
version) and before the rebuild appends its own event; events are read in seq order, so a
later change wins. Only the tables ``archive.rebuild.tables.FROM_EVENTS`` names are written:
an event naming any other table is reported, never obeyed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from archive.audit.models import Event
from archive.audit.rowstate import EventState, event_state
from archive.catalog.models import Dossier, File
from archive.db.base import Base
from archive.packages.records import add_validation
from archive.rebuild.tables import FROM_EVENTS
from archive.retention import models as _retention_models  # noqa: F401 (tables registered)
from archive.review import models as _review_models  # noqa: F401 (tables registered)
from archive.signatures.models import FileValidation
from archive.use import models as _use_models  # noqa: F401 (tables registered)

__all__ = ["FoldReport", "fold_events"]

_BATCH = 2000


@dataclass
class FoldReport:
    """What the events gave back."""

    rows: dict[str, int] = field(default_factory=dict)
    revalidations: int = 0
    problems: list[str] = field(default_factory=list)


def fold_events(session: Session, suite: Mapping[str, str]) -> FoldReport:
    """Fold every event's state into the catalog (module docstring)."""
    report = FoldReport()
    after = 0
    while True:
        batch = session.scalars(
            select(Event).where(Event.seq > after).order_by(Event.seq).limit(_BATCH)
        ).all()
        if not batch:
            break
        for event in batch:
            state = event_state(event.outcome_detail)
            if state is not None:
                _apply(session, event.seq, state, suite, report)
        after = batch[-1].seq
    for name in sorted(report.rows):
        _advance_sequence(session, Base.metadata.tables[name])
    session.flush()
    return report


def _apply(
    session: Session, seq: int, state: EventState, suite: Mapping[str, str], report: FoldReport
) -> None:
    for name, values in state.rows:
        if name not in FROM_EVENTS or name not in Base.metadata.tables:
            report.problems.append(f"event {seq}: table {name} is not restored from events")
            continue
        _upsert(session, Base.metadata.tables[name], values)
        report.rows[name] = report.rows.get(name, 0) + 1
    revalidation = state.payload.get("revalidation")
    if isinstance(revalidation, dict):
        if _revalidate(session, revalidation, suite):
            report.revalidations += 1
        else:
            report.problems.append(f"event {seq}: the revalidated file is not in the catalog")
    status = state.payload.get("dossier_status")
    if isinstance(status, list) and len(status) == 2:
        dossier = session.scalar(select(Dossier).where(Dossier.arc_file_code == status[0]))
        if dossier is not None:
            dossier.status = str(status[1])


def _upsert(session: Session, table: Table, values: dict[str, Any]) -> None:
    session.flush()
    known = {c.name for c in table.columns}
    values = {k: v for k, v in values.items() if k in known}
    primary = list(table.primary_key)
    where = [c == values[c.name] for c in primary]
    if session.execute(select(*primary).where(*where)).first() is None:
        session.execute(table.insert().values(**values))
    else:
        session.execute(table.update().where(*where).values(**values))


def _revalidate(session: Session, state: dict[str, Any], suite: Mapping[str, str]) -> bool:
    """The revalidation's report on its file, as ``record_revalidation`` recorded it; a file
    already superseded stays superseded."""
    arc, path, version = state["file"]
    file = session.scalar(
        select(File)
        .join(Dossier, Dossier.id == File.dossier_id)
        .where(Dossier.arc_file_code == arc, File.path == path, File.version == version)
    )
    if file is None:
        return False
    before = session.scalar(select(FileValidation).where(FileValidation.file_id == file.id))
    superseded = before.superseded_by if before is not None else None
    row = add_validation(
        session, file, state["report"], state["report_path"], state["report_version"], suite
    )
    row.superseded_by = superseded
    return True


def _advance_sequence(session: Session, table: Table) -> None:
    """PostgreSQL numbers new rows from a sequence that the restored ids did not move: set it
    past them, so that the next hold or request is not given an id already taken."""
    if session.get_bind().dialect.name != "postgresql" or "id" not in table.c:
        return
    top = session.scalar(select(func.max(table.c.id)))
    if top:
        session.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
            {"t": table.name, "n": top},
        )
