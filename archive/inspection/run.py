"""``archive inspection run``: carry out a plan, dossier by dossier.

For each dossier not yet inspected: every copy's fixity (``holdings.fixity.check_copy``, which
records the copy row and its ``fixity check`` event, as a fixity run does), then the catalog
against the stored files of a good copy (``inspection.match``, the primary's when it is
good). Each dossier's outcome is committed at once: its failures, each with its storage
address (store, object, version, path), the item marked inspected and an ``inspection``
event. An interrupted run loses at most the dossier in hand; the next run goes on. At the end,
the run's minutes, Mẫu 17 (``inspection.minutes``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Dossier
from archive.clock import catalog_time
from archive.dates import today as local_today
from archive.db.engine import unit_of_work
from archive.errors import NotFound
from archive.holdings.fixity import check_copy
from archive.inspection.match import Mismatch, compare
from archive.inspection.minutes import inspection_minutes
from archive.inspection.models import InspectionFailure, InspectionItem, InspectionRun
from archive.inspection.plan import find_plan
from archive.minutes.service import minutes_wanted
from archive.services import Services
from archive.storage.fixity import FixityResult, RateLimiter

__all__ = ["Failure", "RunReport", "run_plan"]

_CATALOG_ONLY = "holdings.fixity_catalog"  # the catalog's digest: match.compare reports it


@dataclass(frozen=True)
class Failure:
    """A failure and its storage address."""

    arc_file_code: str
    object_id: str
    store: str
    version: str
    path: str
    kind: str
    detail: str
    correction: str | None = None
    """For a field: the record, the element and the stored value (JSON)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


@dataclass
class RunReport:
    """What one run inspected and found."""

    run_id: int
    year: int
    inspected: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    remaining: int = 0
    minutes: int | None = None
    """The id of the run's Mẫu 17, when the archive signs its minutes."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "run": self.run_id,
            "year": self.year,
            "inspected": self.inspected,
            "remaining": self.remaining,
            "minutes": self.minutes,
            "failures": [f.as_dict() for f in self.failures],
        }


def _fixity_failures(arc: str, result: FixityResult) -> list[Failure]:
    out = []
    for (key, params), text in zip(result.said, result.problems, strict=True):
        if key == _CATALOG_ONLY:
            continue
        path = str(params.get("path", ""))
        gone = key == "holdings.fixity_missing" or isinstance(params.get("error"), NotFound)
        kind = "missing" if gone else "fixity"
        version = path.split("/")[0] if path.startswith("v") and "/" in path else result.head
        out.append(Failure(arc, result.object_id, result.store, version, path, kind, text))
    return out


def _fix(m: Mismatch) -> str | None:
    if m.kind != "field":
        return None
    return json.dumps({"code": m.code, "field": m.field, "value": m.stored}, ensure_ascii=False)


def _inspect(
    archive: Services, item: InspectionItem, agents: list[AgentRef], limiter: RateLimiter
) -> list[Failure]:
    arc, object_id = item.arc_file_code, item.object_id
    roots = archive.roots()
    results = {
        name: check_copy(archive.sessions, r, arc, object_id, agents, limiter=limiter)
        for name, r in roots.items()
    }
    failures = [f for r in results.values() for f in _fixity_failures(arc, r)]
    good = [n for n, r in results.items() if not r.damaged and r.head]
    if good:
        with unit_of_work(archive.sessions) as session:
            dossier = session.scalar(select(Dossier).where(Dossier.object_id == object_id))
            found: list[Mismatch] = compare(session, roots[good[0]], dossier) if dossier else []
        failures += [
            Failure(arc, object_id, good[0], m.version, m.path, m.kind, m.detail, _fix(m))
            for m in found
        ]
    return failures


def _record(
    archive: Services, run_id: int, item_id: int, failures: list[Failure], agents: list[AgentRef]
) -> None:
    with unit_of_work(archive.sessions) as session:
        lock_head(session)
        item = session.get(InspectionItem, item_id)
        assert item is not None
        item.inspected_at = catalog_time()
        item.outcome = "failure" if failures else "ok"
        run = session.get(InspectionRun, run_id)
        assert run is not None
        run.inspected += 1
        run.failures += len(failures)
        session.add_all(
            InspectionFailure(
                run_id=run_id,
                object_id=f.object_id,
                arc_file_code=f.arc_file_code,
                store=f.store,
                version=f.version,
                path=f.path,
                kind=f.kind,
                detail=f.detail[:4000],
                correction=f.correction,
                state="open",
            )
            for f in failures
        )
        arc = item.arc_file_code
        if failures:
            said = (
                f"KIỂM TRA {arc}: {len(failures)} lỗi / INSPECTION of {arc}: {len(failures)} "
                f"failure(s); see 'archive inspection failures'"
            )
        else:
            said = f"Kiểm tra {arc}: đạt / Inspection of {arc}: catalog and copies agree"
        append_events(
            session,
            [
                NewEvent(
                    "inspection",
                    said,
                    outcome="failure" if failures else "success",
                    outcome_detail="; ".join(
                        f"[{f.kind}] {f.store}:{f.object_id}:{f.version}:{f.path}: {f.detail}"
                        for f in failures
                    )[:4000],
                    agents=agents,
                    objects=[(arc, "source"), (f"urn:archive:inspection:run:{run_id}", "outcome")],
                )
            ],
        )


def run_plan(
    archive: Services, agent: AgentRef, *, year: int | None = None, limit: int | None = None
) -> RunReport:
    """Inspect the dossiers of the plan not yet inspected (module docstring)."""
    agents = [agent, software_agent()]
    signs = minutes_wanted(archive.settings)  # refused in production without the key
    with unit_of_work(archive.sessions) as session:
        plan = find_plan(session, year)
        todo = list(
            session.execute(
                select(InspectionItem.id, InspectionItem.arc_file_code)
                .where(InspectionItem.plan_id == plan.id, InspectionItem.inspected_at.is_(None))
                .order_by(InspectionItem.id)
            ).all()
        )
        run = InspectionRun(plan_id=plan.id, started_at=catalog_time(), agent=agent.name)
        session.add(run)
        session.flush()
        report = RunReport(run.id, plan.year)
    chosen = todo if limit is None else todo[:limit]
    # The same read rate as 'archive fixity run' (fixity_rate_mb_s), so both share the disk.
    limiter = RateLimiter(archive.settings.fixity_rate_mb_s)
    for item_id, arc in chosen:
        with unit_of_work(archive.sessions) as session:
            item = session.get(InspectionItem, item_id)
            assert item is not None
            session.expunge(item)
        failures = _inspect(archive, item, agents, limiter)
        _record(archive, report.run_id, item_id, failures, agents)
        report.inspected.append(arc)
        report.failures += failures
    report.remaining = len(todo) - len(chosen)
    with unit_of_work(archive.sessions) as session:
        row = session.get(InspectionRun, report.run_id)
        assert row is not None
        row.finished_at = catalog_time()
    if signs and report.inspected:
        report.minutes = _minutes(archive, report, agent)
    return report


def _minutes(archive: Services, report: RunReport, agent: AgentRef) -> int:
    """Mẫu 17 of the run; returns its id."""
    with unit_of_work(archive.sessions) as session:
        fonds = dict(
            session.execute(
                select(InspectionItem.object_id, InspectionItem.fonds).where(
                    InspectionItem.object_id.in_({f.object_id for f in report.failures})
                )
            ).all()
        )
    rows = [
        (
            fonds.get(f.object_id, ""),
            f.arc_file_code,
            f.path,
            f"{f.store}:{f.object_id}:{f.version}",
            f"[{f.kind}] {f.detail}",
        )
        for f in report.failures
    ]
    written = inspection_minutes(
        archive,
        year=report.year,
        run_id=report.run_id,
        inspected=report.inspected,
        failures=rows,
        agent=agent,
        day=local_today(),
    )
    return written.id
