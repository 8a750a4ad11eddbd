"""Sealed audit segments: the hash-chained event log written to storage, so that it outlives
the catalog (issue #22; docs/operations.md, "The audit log in storage").

One OCFL record object, ``urn:archive:audit:log``, holds the log. Each seal adds a version
with one new segment, ``segments/<first>-<last>.jsonl`` (seq numbers, ten digits): one line
per event, the canonical JSON its entry hash covers plus the hash itself, so that every line
verifies on its own and each line names the one before it. ``head.json`` names the last
sealed event and its hash; ``agents.json`` lists the agents the events name. Earlier segments
are never rewritten (OCFL versions are append-only), so a segment, once sealed, is as fixed as
an original.

The seal is itself an event (``audit seal``), appended after the segment is stored: it lands
in the next segment. A crash between the two leaves a stored segment without its event; the
next seal starts after what storage holds, so nothing is sealed twice or skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Final

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from archive.audit.chain import (
    GENESIS,
    AgentRef,
    NewEvent,
    append_events,
    canonical,
    event_fields,
    lock_head,
)
from archive.audit.models import Agent, AuditHead, Event
from archive.clock import event_time, utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.identifiers import AUDIT_LOG_ID
from archive.services import Services
from archive.storage.ocfl import OcflRoot, scratch
from archive.storage.records import RecordWriter

__all__ = [
    "AUDIT_LOG_ID",
    "QUIET_EVENTS",
    "SEAL_EVENT",
    "Seal",
    "StoredHead",
    "last_seal",
    "seal",
    "seal_due",
    "stored_head",
    "unsealed",
]

SEAL_EVENT: Final = "audit seal"
QUIET_EVENTS: Final = frozenset({"access", "dissemination", "authentication", SEAL_EVENT})
"""Events that alone do not make a seal due at the end of a command: reading, downloading and
signing in happen all day; they are sealed by count or by age (``audit_seal_events``,
``audit_seal_minutes``)."""

_BATCH: Final = 5000


@dataclass(frozen=True)
class StoredHead:
    """What the stored log ends with (seq 0 and the genesis hash when nothing is sealed)."""

    seq: int
    entry_hash: str
    version: str | None
    sealed_at: str | None


@dataclass(frozen=True)
class Seal:
    """One sealed segment."""

    first_seq: int
    last_seq: int
    entry_hash: str
    version: str
    segment: str
    sealed_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def stored_head(root: OcflRoot) -> StoredHead:
    """The head of the log as the store holds it."""
    if not root.exists(AUDIT_LOG_ID):
        return StoredHead(0, GENESIS, None, None)
    version = str(root.inventory(AUDIT_LOG_ID)["head"])
    with root.open_logical(AUDIT_LOG_ID, "head.json", version) as fh:
        head = json.load(fh)
    return StoredHead(int(head["seq"]), str(head["entry_hash"]), version, head.get("sealed_at"))


def last_seal(session: Session) -> tuple[int, str | None, str | None]:
    """From the catalog: (seq of the last sealed event, the log object's version, when), by
    the newest ``audit seal`` event; (0, None, None) before the first seal."""
    row = session.scalars(
        select(Event).where(Event.event_type == SEAL_EVENT).order_by(Event.seq.desc()).limit(1)
    ).first()
    if row is None:
        return 0, None, None
    detail = json.loads(row.outcome_detail)
    return int(detail["last_seq"]), str(detail["version"]), row.occurred_at


def unsealed(session: Session, after: int) -> tuple[int, int]:
    """(events after ``after``, of which not quiet) in the catalog."""
    total = session.scalar(select(func.count()).select_from(Event).where(Event.seq > after))
    loud = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.seq > after, Event.event_type.not_in(sorted(QUIET_EVENTS)))
    )
    return int(total or 0), int(loud or 0)


def seal(archive: Services, agents: list[AgentRef]) -> Seal | None:
    """Store every event not yet in storage as a new segment, then record the seal as an
    event; None when storage already holds every event but the last seal's own.

    Runs under the chain's write lock, so no event can be appended in between and two seals
    cannot race for the same version."""
    with unit_of_work(archive.sessions) as session:
        head = lock_head(session)
        stored = stored_head(archive.ocfl)
        if not _waiting(session, stored.seq):
            return None
        done = _write_segment(archive, session, stored, head)
        append_events(
            session,
            [
                NewEvent(
                    SEAL_EVENT,
                    f"Niêm phong nhật ký sự kiện {done.first_seq}–{done.last_seq} vào kho / "
                    f"Audit events {done.first_seq}–{done.last_seq} sealed into storage",
                    outcome_detail=json.dumps(done.as_dict(), sort_keys=True),
                    agents=agents,
                    objects=[(AUDIT_LOG_ID, "outcome")],
                )
            ],
        )
    return done


def seal_due(
    archive: Services, agents: list[AgentRef], *, job: bool, now: datetime | None = None
) -> Seal | None:
    """Seal when it is due: at the end of a job that appended events other than reading and
    signing in (``job``), or when ``audit_seal_events`` events are waiting, or when the
    oldest waiting one is older than ``audit_seal_minutes``."""
    settings = archive.settings
    with archive.sessions() as session:  # a read: no write lock taken
        total, loud, oldest = session.execute(_waiting_query()).one()
    if not total:
        return None
    moment = now or utc_now()
    aged = oldest is not None and _parse(oldest) <= moment - timedelta(
        minutes=settings.audit_seal_minutes
    )
    if (job and loud) or total >= settings.audit_seal_events or aged:
        return seal(archive, agents)
    return None


def _waiting_query() -> Select[int, int, str]:
    """One query for ``seal_due``, run at the end of every command: how many events follow
    the last seal's segment, how many of them are not quiet, and the oldest one's time. The
    seal event is appended right after its segment, under the chain's lock, so the events
    from the newest seal event on are exactly those after its segment."""
    newest_seal = (
        select(func.coalesce(func.max(Event.seq), 0))
        .where(Event.event_type == SEAL_EVENT)
        .scalar_subquery()
    )
    loud = case((Event.event_type.not_in(sorted(QUIET_EVENTS)), 1))
    return select(func.count(), func.count(loud), func.min(Event.occurred_at)).where(
        Event.seq >= newest_seal
    )


def _waiting(session: Session, after: int) -> bool:
    """Whether events other than seals wait: the last seal's own event waits for the next
    segment, and alone it is not worth one (else every seal would call for another)."""
    found = session.scalar(
        select(Event.seq).where(Event.seq > after, Event.event_type != SEAL_EVENT).limit(1)
    )
    return found is not None


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _write_segment(
    archive: Services, session: Session, stored: StoredHead, head: AuditHead
) -> Seal:
    first, last = stored.seq + 1, head.seq
    segment = f"segments/{first:010d}-{last:010d}.jsonl"
    sealed_at = event_time()
    with scratch(archive.settings.staging_dir, "audit-seal") as work:
        lines = work / "segment.jsonl"
        with lines.open("wb") as out:
            _write_lines(session, first, last, stored.entry_hash, out)
        head_json = _json(
            {"seq": last, "entry_hash": head.entry_hash, "segment": segment, "sealed_at": sealed_at}
        )
        agents_json = _json(_agents(session))
        message = f"audit events {first}-{last}"
        version = _publish(
            archive,
            {segment: lines, "head.json": head_json, "agents.json": agents_json},
            message,
        )
    return Seal(first, last, head.entry_hash, version, segment, sealed_at)


def _write_lines(session: Session, first: int, last: int, prev: str, out: BinaryIO) -> None:
    """The events ``first``..``last``, in order, one canonical line each; refuses to seal a
    chain that does not continue what storage holds (a broken catalog is never sealed)."""
    expected = first
    for row in _rows(session, first, last):
        if row.seq != expected or row.prev_hash != prev:
            raise ArchiveError(
                f"không niêm phong được: sự kiện {expected} không nối tiếp chuỗi đã lưu trong kho; "
                f"chạy 'archive audit verify' / cannot seal: event {expected} does not continue "
                "the chain held in storage; run 'archive audit verify'"
            )
        out.write(canonical({**event_fields(row), "entry_hash": row.entry_hash}) + b"\n")
        prev, expected = row.entry_hash, row.seq + 1


def _rows(session: Session, first: int, last: int) -> Iterator[Event]:
    after = first - 1
    while after < last:
        rows = session.scalars(
            select(Event)
            .where(Event.seq > after, Event.seq <= last)
            .order_by(Event.seq)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def _agents(session: Session) -> list[dict[str, str]]:
    return [
        {"identifier": a.identifier, "name": a.name, "agent_type": a.agent_type}
        for a in session.scalars(select(Agent).order_by(Agent.identifier))
    ]


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _publish(archive: Services, files: dict[str, Path | bytes], message: str) -> str:
    writer = RecordWriter(archive.ocfl, archive.replica, archive.settings.staging_dir)
    return writer.write(
        AUDIT_LOG_ID,
        files,
        created=event_time(),
        message=message,
        user_name="archive",
        user_address="urn:archive:agent:archive",
    )
