"""The audit log: PREMIS events in an append-only, hash-chained table.

Each event's ``entry_hash`` is the SHA-256 of a canonical JSON of all its fields plus the
previous entry's hash, so editing, deleting or reordering any event breaks the chain from that
point on; ``verify_chain`` names the first broken link. Appends lock the single ``audit_head``
row (``FOR UPDATE`` on PostgreSQL; SQLite transactions begin IMMEDIATE), so concurrent
writers extend the chain one after the other.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.models import Agent, AuditHead, Event, EventLink
from archive.clock import event_time

__all__ = [
    "GENESIS",
    "AgentRef",
    "ChainReport",
    "NewEvent",
    "append_events",
    "canonical",
    "ensure_agent",
    "event_fields",
    "lock_head",
    "verify_chain",
]

GENESIS = "0" * 64
Outcome = Literal["success", "failure", "warning"]


@dataclass(frozen=True)
class AgentRef:
    """A PREMIS agent taking part in an event, with its role."""

    identifier: str
    name: str
    agent_type: str  # person | organization | software
    role: str = "implementer"


@dataclass(frozen=True)
class NewEvent:
    """A PREMIS event about to be appended."""

    event_type: str
    detail: str
    outcome: Outcome = "success"
    outcome_detail: str = ""
    agents: Sequence[AgentRef] = ()
    objects: Sequence[tuple[str, str]] = ()  # (identifier, role: source | outcome)
    event_id: str = field(default_factory=lambda: f"urn:uuid:{uuid.uuid4()}")
    occurred_at: str = field(default_factory=event_time)


def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_fields(row: Event) -> dict[str, Any]:
    """The fields of a stored event that its entry hash covers (everything but the hash)."""
    return {
        "seq": row.seq,
        "event_id": row.event_id,
        "event_type": row.event_type,
        "occurred_at": row.occurred_at,
        "detail": row.detail,
        "outcome": row.outcome,
        "outcome_detail": row.outcome_detail,
        "agents": json.loads(row.agents_json),
        "objects": json.loads(row.objects_json),
        "prev_hash": row.prev_hash,
    }


def _hash(row: Event) -> str:
    return hashlib.sha256(canonical(event_fields(row))).hexdigest()


def ensure_agent(session: Session, ref: AgentRef) -> None:
    """Register an agent once."""
    if session.scalar(select(Agent.id).where(Agent.identifier == ref.identifier)) is None:
        session.add(Agent(identifier=ref.identifier, name=ref.name, agent_type=ref.agent_type))
        session.flush()


def lock_head(session: Session) -> AuditHead:
    """Take the chain's write lock for the rest of the transaction.

    Catalog writers call this first, so that every writing transaction serialises on the same
    row before it touches shared rows (fonds, agents) and the chain.
    """
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, entry_hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def append_events(session: Session, events: Iterable[NewEvent]) -> list[Event]:
    """Append events to the chain inside the caller's transaction."""
    head = lock_head(session)
    rows: list[Event] = []
    for new in events:
        for agent in new.agents:
            ensure_agent(session, agent)
        row = Event(
            seq=head.seq + 1,
            event_id=new.event_id,
            event_type=new.event_type,
            occurred_at=new.occurred_at,
            detail=new.detail,
            outcome=new.outcome,
            outcome_detail=new.outcome_detail,
            agents_json=json.dumps(
                [{"id": a.identifier, "role": a.role} for a in new.agents], ensure_ascii=False
            ),
            objects_json=json.dumps(
                [{"id": ident, "role": role} for ident, role in new.objects], ensure_ascii=False
            ),
            prev_hash=head.entry_hash,
            entry_hash="",
        )
        row.entry_hash = _hash(row)
        session.add(row)
        session.flush()
        for ident, role in new.objects:
            session.add(EventLink(event_seq=row.seq, identifier=ident, role=role))
        head.seq, head.entry_hash = row.seq, row.entry_hash
        rows.append(row)
    session.flush()
    return rows


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying the whole chain."""

    ok: bool
    checked: int
    head_seq: int
    first_broken_seq: int | None = None
    first_broken_event: str | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head_seq": self.head_seq,
            "first_broken_seq": self.first_broken_seq,
            "first_broken_event": self.first_broken_event,
            "reason": self.reason,
        }


def verify_chain(session: Session, *, batch: int = 5000) -> ChainReport:
    """Recompute every link in order; report the first one that does not hold."""
    head = session.get(AuditHead, 1)
    head_seq = head.seq if head else 0
    prev, expected_seq, checked, last = GENESIS, 1, 0, 0
    while True:
        rows = session.scalars(
            select(Event).where(Event.seq > last).order_by(Event.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            problem = _link_problem(row, expected_seq, prev)
            if problem:
                missing = row.seq != expected_seq
                return ChainReport(
                    False,
                    checked,
                    head_seq,
                    expected_seq,
                    None if missing else row.event_id,
                    problem,
                )
            prev, expected_seq, checked, last = row.entry_hash, row.seq + 1, checked + 1, row.seq
    if head is not None and (head.seq != last or head.entry_hash != prev):
        return ChainReport(
            False,
            checked,
            head_seq,
            last + 1,
            None,
            f"chuỗi dừng ở sự kiện {last} nhưng đầu chuỗi ghi {head.seq}: sự kiện cuối đã bị "
            f"xóa / chain ends at {last} but the head names {head.seq}: events were removed "
            "from the end",
        )
    return ChainReport(True, checked, head_seq)


def _link_problem(row: Event, expected_seq: int, prev: str) -> str:
    if row.seq != expected_seq:
        return (
            f"thiếu sự kiện {expected_seq} (tiếp theo là {row.seq}) / event {expected_seq} is "
            f"missing (next is {row.seq})"
        )
    if row.prev_hash != prev:
        return "prev_hash không trỏ tới sự kiện trước / prev_hash does not name the previous event"
    if _hash(row) != row.entry_hash:
        return (
            "nội dung sự kiện không khớp mã băm (đã bị sửa) / event content does not match its "
            "hash (edited)"
        )
    return ""
