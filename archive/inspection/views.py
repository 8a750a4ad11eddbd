"""What the CLI and the page ``/inspections`` show: the plan, the runs, the failures, and the
coverage of the holding against the 3-year rule (for ``archive due``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.inspection.models import (
    InspectionFailure,
    InspectionItem,
    InspectionPlan,
    InspectionRun,
)
from archive.inspection.plan import find_plan, holding

__all__ = ["SOON_DAYS", "Coverage", "coverage", "failures", "plan_view", "runs"]

SOON_DAYS = 90
"""How long before its 3 years run out a dossier is shown amber."""


@dataclass(frozen=True)
class Coverage:
    """The holding against the 3-year rule on one day."""

    objects: int
    overdue: int  # not inspected within 3 years
    soon: int  # whose 3 years run out within SOON_DAYS
    first_due: date | None  # the earliest day a dossier's 3 years run out
    open_failures: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **self.__dict__,
            "first_due": self.first_due.isoformat() if self.first_due else None,
        }


def coverage(session: Session, today: date) -> Coverage:
    """Inspection coverage of the holding on ``today``."""
    dues = [h.due for h in holding(session)]
    open_ = session.scalar(
        select(func.count()).select_from(InspectionFailure).where(InspectionFailure.state == "open")
    )
    soon = today + timedelta(days=SOON_DAYS)
    return Coverage(
        objects=len(dues),
        overdue=sum(1 for d in dues if d < today),
        soon=sum(1 for d in dues if today <= d <= soon),
        first_due=min(dues) if dues else None,
        open_failures=int(open_ or 0),
    )


def plan_view(session: Session, year: int | None) -> dict[str, Any]:
    """A plan: its figures, by fonds, and its items."""
    plan = find_plan(session, year)
    items = list(
        session.scalars(
            select(InspectionItem)
            .where(InspectionItem.plan_id == plan.id)
            .order_by(InspectionItem.fonds, InspectionItem.id)
        )
    )
    by_fonds = Counter(i.fonds for i in items)
    return {
        "year": plan.year,
        "created_at": plan.created_at,
        "created_by": plan.created_by,
        "holding": plan.holding,
        "planned": len(items),
        "inspected": sum(1 for i in items if i.inspected_at),
        "failed": sum(1 for i in items if i.outcome == "failure"),
        "fonds": dict(sorted(by_fonds.items())),
        "items": [
            {
                "arc_file_code": i.arc_file_code,
                "object_id": i.object_id,
                "fonds": i.fonds,
                "last_seen": i.last_seen,
                "inspected_at": i.inspected_at,
                "outcome": i.outcome,
            }
            for i in items
        ],
    }


def runs(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    """The latest runs, newest first."""
    rows = session.execute(
        select(InspectionRun, InspectionPlan.year)
        .join(InspectionPlan, InspectionRun.plan_id == InspectionPlan.id)
        .order_by(InspectionRun.id.desc())
        .limit(limit)
    )
    return [
        {
            "run": r.id,
            "year": year,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "inspected": r.inspected,
            "failures": r.failures,
            "agent": r.agent,
        }
        for r, year in rows
    ]


def failures(
    session: Session, *, everything: bool = False, limit: int = 500
) -> list[dict[str, Any]]:
    """The open failures (or all, open first), oldest first, each with its storage address."""
    # Open ones first, so that a long history never pushes them off a page.
    query = (
        select(InspectionFailure)
        .order_by(InspectionFailure.state != "open", InspectionFailure.id)
        .limit(limit)
    )
    if not everything:
        query = query.where(InspectionFailure.state == "open")
    return [
        {
            "id": f.id,
            "run": f.run_id,
            "arc_file_code": f.arc_file_code,
            "kind": f.kind,
            "store": f.store,
            "object_id": f.object_id,
            "version": f.version,
            "path": f.path,
            "detail": f.detail,
            "state": f.state,
            "remedy": f.remedy,
            "remedied_at": f.remedied_at,
        }
        for f in session.scalars(query)
    ]
