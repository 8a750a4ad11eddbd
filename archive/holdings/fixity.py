"""Fixity audits of whole stores, with coverage (TT05: the whole holding inspected at least once
every 3 years).

``run`` checks the objects of a store least recently checked first: those due by the store's
cadence (``fixity_cadence_days``, ``replica_fixity_cadence_days``), or all with ``everything``.
Each object's outcome is committed as soon as it is known (an interrupted run loses at most the
object in hand; the next run goes on with the least recently checked), as a PREMIS ``fixity
check`` event and on the copy row. A mismatch is a failure event and a loud report; nothing is
repaired here. ``coverage`` tells, per store, what share was checked recently and whether the
current pace covers the whole holding within 3 years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Dossier, File
from archive.clock import catalog_time, utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.holdings.copies import Managed, catalogued, copy_rows, upsert_copy
from archive.storage.fixity import FixityResult, RateLimiter, check_object
from archive.storage.ocfl import OcflRoot

__all__ = [
    "LAW_DAYS",
    "FixityRun",
    "StoreCoverage",
    "cadence_days",
    "check_copy",
    "coverage",
    "run",
]

LAW_DAYS = 3 * 365  # the whole holding inspected at least once every 3 years


def cadence_days(settings: Settings, root: OcflRoot, primary: OcflRoot) -> int:
    """Days between two checks of an object in ``root``."""
    if root is primary:
        return settings.fixity_cadence_days
    return settings.replica_fixity_cadence_days


@dataclass
class FixityRun:
    """What one run checked."""

    store: str
    results: list[FixityResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[FixityResult]:
        """Objects with a problem."""
        return [r for r in self.results if not r.ok]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "store": self.store,
            "objects": len(self.results),
            "bytes": sum(r.bytes for r in self.results),
            "files": sum(r.files for r in self.results),
            "failed": len(self.failed),
            "results": [r.as_dict() for r in self.results],
        }


def _due(
    session: Session, store: str, cadence: int, everything: bool, limit: int | None
) -> list[tuple[str, str]]:
    """(label, object id) of the objects to check, least recently checked first."""
    stale = (utc_now() - timedelta(days=cadence)).isoformat(timespec="seconds")
    rows = copy_rows(session, store)

    def last(m: Managed) -> str:
        row = rows.get(m.object_id)
        return (row.checked_at or "") if row is not None else ""

    found = sorted(
        (m for m in catalogued(session) if everything or last(m) < stale),
        key=lambda m: (last(m), m.object_id),
    )
    if limit is not None:
        found = found[:limit]
    return [(m.label, m.object_id) for m in found]


def _catalog_digests(session: Session, object_id: str) -> dict[str, str]:
    rows = session.execute(
        select(File.content_path, File.sha256)
        .join(Dossier, File.dossier_id == Dossier.id)
        .where(Dossier.object_id == object_id)
    )
    return {str(content): str(sha) for content, sha in rows}


def _event(arc: str, result: FixityResult, agents: list[AgentRef]) -> NewEvent:
    where = f"{result.store}:{result.object_id}"
    if result.ok:
        return NewEvent(
            "fixity check",
            f"Kiểm tra toàn vẹn {arc} ở kho {result.store}: {result.files} tệp khớp / Fixity "
            f"of {arc} in store {result.store}: {result.files} files match",
            outcome_detail=f"{result.bytes} bytes, head {result.head}",
            agents=agents,
            objects=[(arc, "source"), (where, "source")],
        )
    return NewEvent(
        "fixity check",
        f"SAI LỆCH TOÀN VẸN {arc} ở kho {result.store} / FIXITY FAILURE of {arc} in store "
        f"{result.store}: {len(result.problems)} problem(s); run 'archive repair {arc}'",
        outcome="failure",
        outcome_detail="; ".join(result.problems)[:4000],
        agents=agents,
        objects=[(arc, "source"), (where, "source")],
    )


def run(
    settings: Settings,
    sessions: sessionmaker[Session],
    root: OcflRoot,
    primary: OcflRoot,
    agents: list[AgentRef],
    *,
    limit: int | None = None,
    rate_mb_s: float | None = None,
    everything: bool = False,
) -> FixityRun:
    """Check the due objects of ``root`` (see the module docstring)."""
    store = root.store.name
    limiter = RateLimiter(settings.fixity_rate_mb_s if rate_mb_s is None else rate_mb_s)
    report = FixityRun(store)
    with unit_of_work(sessions) as session:
        todo = _due(session, store, cadence_days(settings, root, primary), everything, limit)
    for arc, object_id in todo:
        result = check_copy(sessions, root, arc, object_id, agents, limiter=limiter)
        if "holdings.fixity_missing" in (key for key, _ in result.said):
            report.missing.append(arc)
        report.results.append(result)
    return report


def check_copy(
    sessions: sessionmaker[Session],
    root: OcflRoot,
    arc: str,
    object_id: str,
    agents: list[AgentRef],
    *,
    limiter: RateLimiter | None = None,
) -> FixityResult:
    """Check one copy of one object, and record the outcome at once: the copy row (``ok``,
    ``damaged`` or ``missing``) and a PREMIS ``fixity check`` event. The one step of a fixity
    run, and of an inspection (``archive.inspection``)."""
    store = root.store.name
    with unit_of_work(sessions) as session:
        digests = _catalog_digests(session, object_id)
    if root.exists(object_id):
        result = check_object(root, object_id, catalog_sha256=digests, limiter=limiter)
        state = "ok" if result.ok else "damaged"
    else:
        result = FixityResult(object_id, store)
        result.problem("object missing from the store", "fixity_missing")
        state = "missing"
    with unit_of_work(sessions) as session:
        lock_head(session)
        values: dict[str, object] = {
            "state": state,
            "checked_at": catalog_time(),
            "check_outcome": "ok" if result.ok else "failure",
            "check_detail": "; ".join(result.problems)[:4000] or None,
            "checked_bytes": result.bytes,
        }
        if result.head:
            values["head"] = result.head
        upsert_copy(session, object_id, store, **values)
        append_events(session, [_event(arc, result, agents)])
    return result


@dataclass
class StoreCoverage:
    """Fixity coverage of one store."""

    store: str
    objects: int
    checked_recently: int
    never_checked: int
    failing: int
    days: int
    cadence_days: int
    projected_days: float | None

    @property
    def share(self) -> float:
        """Share of the objects checked within ``days``."""
        return self.checked_recently / self.objects if self.objects else 1.0

    @property
    def on_track(self) -> bool:
        """Whether the whole holding will be covered within 3 years at the current pace."""
        if self.objects == 0:
            return True
        return self.projected_days is not None and self.projected_days <= LAW_DAYS

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **self.__dict__,
            "share": round(self.share, 4),
            "on_track": self.on_track,
            "law_days": LAW_DAYS,
        }


def coverage(
    settings: Settings,
    sessions: sessionmaker[Session],
    roots: dict[str, OcflRoot],
    primary: OcflRoot,
    *,
    days: int = 365,
    now: datetime | None = None,
) -> list[StoreCoverage]:
    """Per store: the share checked within ``days`` and the projected time for a full pass.

    The pace is the number of distinct objects checked within ``days`` per day; the projection
    is the number of catalogued objects divided by that pace (None when nothing was checked).
    """
    now = now or utc_now()
    since = (now - timedelta(days=days)).isoformat(timespec="seconds")
    out: list[StoreCoverage] = []
    with unit_of_work(sessions) as session:
        known = {m.object_id for m in catalogued(session)}
        total = len(known)
        for name, root in roots.items():
            copies = [c for oid, c in copy_rows(session, name).items() if oid in known]
            recent = sum(1 for c in copies if c.checked_at is not None and c.checked_at >= since)
            ever = sum(1 for c in copies if c.checked_at is not None)
            failing = sum(1 for c in copies if c.state != "ok")
            pace = recent / days
            out.append(
                StoreCoverage(
                    store=name,
                    objects=total,
                    checked_recently=recent,
                    never_checked=total - ever,
                    failing=failing,
                    days=days,
                    cadence_days=cadence_days(settings, root, primary),
                    projected_days=round(total / pace, 1) if pace > 0 else None,
                )
            )
    return out
