"""The yearly inspection plan (kế hoạch kiểm tra, TT 05/2025 Ch. V): the whole holding
inspected within 3 years, sampled by fonds (ADR 0024).

Each fonds gives a third of its dossiers to each year's plan (rounded up), the never inspected
first, then those inspected longest ago (a dossier never inspected counts from its ingest);
any dossier whose 3 years would run out before the end of the plan's year is taken as well,
whatever the third. So every fonds is in every plan, and a dossier waits at most 3 years.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Dossier, Fonds
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.holdings.fixity import LAW_DAYS
from archive.inspection.models import InspectionItem, InspectionPlan
from archive.services import Services

__all__ = [
    "CYCLE_YEARS",
    "Held",
    "choose",
    "find_plan",
    "holding",
    "make_plan",
    "next_due",
]

CYCLE_YEARS = 3
"""The whole holding inspected at least once every 3 years (TT 05/2025 Ch. V)."""
HELD_STATES = ("active", "transferred")
"""Dossiers whose objects the archive keeps (a transferred one until its deletion)."""


@dataclass(frozen=True)
class Held:
    """A dossier of the holding and when it was last inspected (else ingested)."""

    object_id: str
    arc_file_code: str
    fonds: str
    last_seen: str
    inspected: bool

    @property
    def due(self) -> date:
        """The day its 3 years run out."""
        return next_due(self.last_seen)


def next_due(last_seen: str) -> date:
    """The day a dossier last inspected (or ingested) at ``last_seen`` must be inspected by."""
    return (datetime.fromisoformat(last_seen) + timedelta(days=LAW_DAYS)).date()


def holding(session: Session) -> list[Held]:
    """Every dossier held, with its last inspection (ingest when never inspected)."""
    last = dict(
        session.execute(
            select(InspectionItem.object_id, func.max(InspectionItem.inspected_at)).group_by(
                InspectionItem.object_id
            )
        ).all()
    )
    rows = session.execute(
        select(Dossier.object_id, Dossier.arc_file_code, Fonds.code, Dossier.ingested_at)
        .outerjoin(Fonds, Dossier.fonds_id == Fonds.id)
        .where(Dossier.status.in_(HELD_STATES))
        .order_by(Dossier.id)
    )
    out = []
    for object_id, arc, fonds, ingested in rows:
        seen = last.get(object_id)
        out.append(Held(object_id, arc, fonds or "", seen or ingested, seen is not None))
    return out


def choose(held: list[Held], year: int) -> list[Held]:
    """The plan of ``year`` (module docstring), fonds by fonds."""
    end = date(year, 12, 31)
    by_fonds: dict[str, list[Held]] = defaultdict(list)
    for h in held:
        by_fonds[h.fonds].append(h)
    chosen: list[Held] = []
    for fonds in sorted(by_fonds):
        group = sorted(by_fonds[fonds], key=lambda h: (h.inspected, h.last_seen, h.arc_file_code))
        pressing = sum(1 for h in group if h.due <= end)
        chosen += group[: max(math.ceil(len(group) / CYCLE_YEARS), pressing)]
    return chosen


def find_plan(session: Session, year: int | None) -> InspectionPlan:
    """The plan of ``year``, or the latest plan."""
    query = select(InspectionPlan).order_by(InspectionPlan.year.desc())
    if year is not None:
        query = query.where(InspectionPlan.year == year)
    plan = session.scalars(query.limit(1)).first()
    if plan is None:
        which = f" năm {year} / for {year}" if year is not None else " / yet"
        raise NotFound(
            f"chưa có kế hoạch kiểm tra{which.split(' / ')[0]}: chạy 'archive inspection plan' "
            f"/ no inspection plan{which.split(' / ')[1]}: run 'archive inspection plan'"
        )
    return plan


def make_plan(archive: Services, year: int, agent: AgentRef) -> InspectionPlan:
    """Make and store the plan of ``year``, with its ``inspection plan`` event."""
    if not 2000 <= year <= 2200:
        raise InvalidInput(f"--year {year}: năm không hợp lệ / not a plausible year")
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        if session.scalar(select(InspectionPlan).where(InspectionPlan.year == year)):
            raise Conflict(
                f"đã có kế hoạch kiểm tra năm {year} / the inspection plan for {year} exists: "
                f"'archive inspection show --year {year}'"
            )
        held = holding(session)
        if not held:
            raise InvalidInput(
                "kho chưa có hồ sơ nào để kiểm tra / the archive holds no dossier to inspect"
            )
        chosen = choose(held, year)
        plan = InspectionPlan(
            year=year, created_at=catalog_time(), created_by=agent.name, holding=len(held)
        )
        session.add(plan)
        session.flush()
        session.add_all(
            InspectionItem(
                plan_id=plan.id,
                object_id=h.object_id,
                arc_file_code=h.arc_file_code,
                fonds=h.fonds,
                last_seen=h.last_seen,
            )
            for h in chosen
        )
        fonds = len({h.fonds for h in held})
        append_events(
            session,
            [
                NewEvent(
                    "inspection plan",
                    f"Kế hoạch kiểm tra năm {year}: {len(chosen)}/{len(held)} hồ sơ, {fonds} "
                    f"phông / Inspection plan for {year}: {len(chosen)} of {len(held)} dossiers, "
                    f"{fonds} fonds",
                    outcome_detail=", ".join(h.arc_file_code for h in chosen)[:4000],
                    agents=[agent, software_agent()],
                    objects=[(f"urn:archive:inspection:{year}", "outcome")],
                )
            ],
        )
        session.expunge(plan)
    return plan
