"""Keep permanent records locked: move their Object Lock horizon forward (run by
``archive storage extend-locks`` and at the end of ``archive preserve run``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.db.engine import unit_of_work
from archive.holdings.copies import catalogued
from archive.storage.locks import LockExtension, extend_permanent_locks
from archive.storage.ocfl import OcflRoot

__all__ = ["LockReport", "extend_locks"]


@dataclass
class LockReport:
    """Per store: objects and keys whose lock was extended, and the new date."""

    stores: dict[str, LockExtension] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {name: dict(ext.__dict__) for name, ext in self.stores.items()}


def extend_locks(
    sessions: sessionmaker[Session],
    roots: dict[str, OcflRoot],
    agents: list[AgentRef],
    now: datetime | None = None,
) -> LockReport:
    """Extend the horizon of every permanent dossier's keys in every locking store."""
    with unit_of_work(sessions) as session:
        permanent = [
            (m.label, m.object_id) for m in catalogued(session) if m.dossier and m.lock is None
        ]
    report = LockReport()
    for name, root in roots.items():
        done = extend_permanent_locks(root.store, [oid for _, oid in permanent], now)
        report.stores[name] = done
        if done.keys:
            with unit_of_work(sessions) as session:
                lock_head(session)
                append_events(
                    session,
                    [
                        NewEvent(
                            "policy assignment",
                            f"Gia hạn khóa (Object Lock) của {done.objects} hồ sơ vĩnh viễn "
                            f"ở kho {name} đến {done.until[:10]} / Object Lock of {done.objects} "
                            f"permanent dossier(s) in store {name} extended to {done.until[:10]}",
                            outcome_detail=f"{done.keys} keys",
                            agents=agents,
                            objects=[(arc, "source") for arc, _ in permanent][:1000],
                        )
                    ],
                )
    return report
