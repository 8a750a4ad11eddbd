"""How the archive is used (TT 05/2025 Chương VI, docs/statistics.md): views, downloads and
in-browser readings of records, requests to use conditional records and copies issued, per
month and per record, counted from the audit log (every one of them is an event).

The event types counted are those the archive writes: ``access`` (a page of a dossier or a
document, or its verification report: web/views.py, web/pages.py), ``dissemination`` (an
original delivered: a download, or a reading in the browser when its detail says so;
web/downloads.py), the use requests (use/service.py) and the copies issued (``reading copy
issued``, ``plain copy issued``, ``certified copy issued``). Only successful events count: a
download that broke off delivered nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from archive.audit.models import Event, EventLink
from archive.catalog.models import Document as Doc
from archive.catalog.models import Dossier
from archive.config import Settings
from archive.statistics.holdings import document_mode
from archive.statistics.periods import Period, month_of
from archive.users.access import allowed_modes

__all__ = [
    "COPY_TYPES",
    "MEASURES",
    "RecordUse",
    "Restricted",
    "monthly",
    "records",
]

VIEW: Final = "access"
DELIVERY: Final = "dissemination"
READING_MARK: Final = "trong trình duyệt"
"""What the detail of a reading in the browser says (web/downloads.py), unlike a download's."""
COPY_TYPES: Final = ("reading copy issued", "plain copy issued", "certified copy issued")
REQUEST_TYPES: Final = ("use request", "use request approved", "use request refused")
MEASURES: Final = (
    "views",
    "downloads",
    "readings",
    "requests",
    "approved",
    "refused",
    "reading_copies",
    "plain_copies",
    "certified_copies",
)
_MEASURE_OF: Final = {
    "use request": "requests",
    "use request approved": "approved",
    "use request refused": "refused",
    "reading copy issued": "reading_copies",
    "plain copy issued": "plain_copies",
    "certified copy issued": "certified_copies",
    VIEW: "views",
}
TOP: Final = 50
"""Most records in the per-record table."""


def _measure() -> ColumnElement[str]:
    return case(
        (and_(Event.event_type == DELIVERY, Event.detail.contains(READING_MARK)), "readings"),
        (Event.event_type == DELIVERY, "downloads"),
        else_=Event.event_type,
    )


def _in(period: Period) -> ColumnElement[bool]:
    return and_(
        Event.occurred_at >= period.lower,
        Event.occurred_at < period.upper,
        Event.outcome == "success",
    )


def monthly(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """For each month of ``period``: every measure of :data:`MEASURES`, zero when nothing."""
    month = month_of(Event.occurred_at, period.months)
    measure = _measure()
    kinds = (VIEW, DELIVERY, *REQUEST_TYPES, *COPY_TYPES)
    rows = session.execute(
        select(month, measure, func.count(Event.seq))
        .where(_in(period), Event.event_type.in_(kinds))
        .group_by(month, measure)
    ).all()
    table = {m: dict.fromkeys(MEASURES, 0) for m in period.months}
    for when, what, count in rows:
        table[str(when)][_MEASURE_OF.get(str(what), str(what))] += int(count)
    return table


@dataclass(frozen=True)
class RecordUse:
    """One record's views and deliveries (downloads and readings) in the period."""

    code: str
    kind: str  # dossier | document
    title: str
    mode: str
    views: int
    deliveries: int

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "mode": self.mode,
            "views": self.views,
            "deliveries": self.deliveries,
        }


@dataclass(frozen=True)
class Restricted:
    """What the records a role may not see add up to: counts, never a code or a title."""

    records: int
    views: int
    deliveries: int

    def as_dict(self) -> dict[str, int]:
        return {"records": self.records, "views": self.views, "deliveries": self.deliveries}


def records(
    session: Session, settings: Settings, role: str, period: Period
) -> tuple[list[RecordUse], Restricted]:
    """The :data:`TOP` most used records ``role`` may see (as search and the pages decide:
    users/access.py, a document's own mode winning over its dossier's), and the sum of the
    others, which are shown only as numbers."""
    modes = allowed_modes(settings, role)
    shown_docs, hidden_docs = _uses(session, period, "document", modes)
    shown_dossiers, hidden_dossiers = _uses(session, period, "dossier", modes)
    shown = sorted(shown_docs + shown_dossiers, key=lambda u: (-(u.views + u.deliveries), u.code))
    hidden = Restricted(*(a + b for a, b in zip(hidden_docs, hidden_dossiers, strict=True)))
    return shown[:TOP], hidden


def _uses(
    session: Session, period: Period, kind: str, modes: frozenset[str]
) -> tuple[list[RecordUse], tuple[int, int, int]]:
    """The :data:`TOP` most used documents (or dossiers) of the period whose mode is one of
    ``modes``; and for the others only how many records, views and deliveries."""
    views = func.sum(case((Event.event_type == VIEW, 1), else_=0))
    deliveries = func.sum(case((Event.event_type == DELIVERY, 1), else_=0))
    if kind == "document":
        code, title, mode = Doc.doc_code, Doc.subject, document_mode()
        base = (
            select(code, title, mode, views.label("views"), deliveries.label("deliveries"))
            .join(Dossier, Dossier.id == Doc.dossier_id)
            .join(EventLink, EventLink.identifier == Doc.doc_code)
        )
    else:
        code, title = Dossier.arc_file_code, Dossier.title
        mode = case((Dossier.mode.in_(("01", "02", "03")), Dossier.mode), else_="03")
        base = select(code, title, mode, views.label("views"), deliveries.label("deliveries")).join(
            EventLink, EventLink.identifier == Dossier.arc_file_code
        )
    base = (
        base.join(Event, Event.seq == EventLink.event_seq)
        .where(_in(period), Event.event_type.in_((VIEW, DELIVERY)))
        .group_by(code, title, mode)
    )
    allowed = sorted(modes)
    shown = base.where(mode.in_(allowed)).order_by((views + deliveries).desc(), code).limit(TOP)
    found = [
        RecordUse(str(c), kind, str(t), str(m), int(v), int(d))
        for c, t, m, v, d in session.execute(shown).all()
    ]
    others = base.where(mode.not_in(allowed)).subquery()
    hidden = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(others.c.views), 0),
            func.coalesce(func.sum(others.c.deliveries), 0),
        ).select_from(others)
    ).one()
    return found, (int(hidden[0]), int(hidden[1]), int(hidden[2]))
