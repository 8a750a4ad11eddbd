"""Replication: a second, independent copy of every object (TT05 Ch. V, docs/domain.md §4.9).

``replicate_new`` runs inside an ingest (``replication = "sync"``): right after the primary
publish, before the catalog commit, so the copy row and its PREMIS ``replication`` event land
with the dossier. A replica that is down does not stop the ingest: the finding REP001 says so
and ``replicate`` (``archive replicate``) catches up later, as it does for versions added by
the preservation job. Every copy is checked byte for byte against the source inventory
(``archive.storage.copy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.holdings.copies import Managed, catalogued, copy_rows, upsert_copy
from archive.storage.copy import CopyResult, copy_object
from archive.storage.ocfl import OcflRoot

__all__ = ["CopyOutcome", "ReplicationReport", "replicate", "replicate_new", "replication_event"]


@dataclass
class CopyOutcome:
    """One object's replication, for the report."""

    arc_file_code: str
    object_id: str
    action: str
    head: str = ""
    files: int = 0
    bytes: int = 0
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


@dataclass
class ReplicationReport:
    """What ``archive replicate`` did."""

    source: str
    target: str
    items: list[CopyOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[CopyOutcome]:
        """Objects that could not be copied."""
        return [i for i in self.items if i.error]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "target": self.target,
            "copied": sum(1 for i in self.items if i.action == "copied"),
            "updated": sum(1 for i in self.items if i.action == "updated"),
            "current": sum(1 for i in self.items if i.action == "current"),
            "failed": len(self.failed),
            "bytes": sum(i.bytes for i in self.items),
            "items": [i.as_dict() for i in self.items],
        }


def replication_event(
    arc: str, src: OcflRoot, dst: OcflRoot, done: CopyResult, agents: list[AgentRef]
) -> NewEvent:
    """The PREMIS ``replication`` event of one copy."""
    versions = ", ".join(done.versions) or done.head
    return NewEvent(
        "replication",
        f"Sao chép {arc} ({versions}) từ kho {src.store.name} sang kho {dst.store.name}, kiểm "
        f"tra SHA-512 từng tệp / Copy of {arc} ({versions}) from store {src.store.name} to "
        f"{dst.store.name} ({dst.store.describe()}), every file checked against the inventory",
        outcome_detail=f"{done.action}; {done.files} files, {done.bytes} bytes",
        agents=agents,
        objects=[(arc, "source"), (f"{dst.store.name}:{done.object_id}", "outcome")],
    )


def replicate_new(
    primary: OcflRoot,
    replica: OcflRoot,
    arc: str,
    object_id: str,
    staging: Path,
    retain_until: datetime | None,
    agents: list[AgentRef],
) -> tuple[CopyResult, NewEvent]:
    """Copy a just-stored object to the replica (raises ArchiveError when it cannot)."""
    done = copy_object(primary, replica, object_id, staging, retain_until=retain_until)
    return done, replication_event(arc, primary, replica, done, agents)


def _candidates(
    session: Session, target: str, everything: bool, limit: int | None
) -> list[Managed]:
    """Catalogued objects whose copy in ``target`` is missing or behind (or all).

    Missing includes a copy a fixity run found missing (state ``missing``): its row names the
    head it should have, so without the state it would look current."""
    rows = copy_rows(session, target)
    found = [
        m
        for m in catalogued(session)
        if everything
        or m.object_id not in rows
        or rows[m.object_id].head != m.version
        or rows[m.object_id].state == "missing"
    ]
    return found[:limit] if limit is not None else found


def replicate(
    sessions: sessionmaker[Session],
    primary: OcflRoot,
    replica: OcflRoot,
    staging: Path,
    agents: list[AgentRef],
    *,
    limit: int | None = None,
    everything: bool = False,
) -> ReplicationReport:
    """Bring the replica up to the primary, object by object (safe to stop and rerun)."""
    report = ReplicationReport(primary.store.name, replica.store.name)
    with unit_of_work(sessions) as session:
        todo = _candidates(session, replica.store.name, everything, limit)
    for item in todo:
        arc, object_id, until = item.label, item.object_id, item.lock
        outcome = CopyOutcome(arc, object_id, "failed")
        try:
            done, event = replicate_new(primary, replica, arc, object_id, staging, until, agents)
        except ArchiveError as exc:
            outcome.error = str(exc)
            report.items.append(outcome)
            with unit_of_work(sessions) as session:
                lock_head(session)
                append_events(session, [_failure_event(arc, replica, str(exc), agents)])
            continue
        outcome.action, outcome.head = done.action, done.head
        outcome.files, outcome.bytes = done.files, done.bytes
        report.items.append(outcome)
        with unit_of_work(sessions) as session:
            lock_head(session)
            upsert_copy(
                session,
                object_id,
                replica.store.name,
                head=done.head,
                state="ok",
                replicated_at=catalog_time(),
            )
            if done.action != "current":
                append_events(session, [event])
    return report


def _failure_event(arc: str, replica: OcflRoot, error: str, agents: list[AgentRef]) -> NewEvent:
    return NewEvent(
        "replication",
        f"Không sao chép được {arc} sang kho {replica.store.name} / Copy of {arc} to store "
        f"{replica.store.name} failed",
        outcome="failure",
        outcome_detail=error,
        agents=agents,
        objects=[(arc, "source")],
    )
