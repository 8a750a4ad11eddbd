"""Reading the audit log back from storage: verification without the catalog, and the events
themselves for ``archive rebuild`` (archive.audit.seal writes them)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from archive.audit.chain import GENESIS, canonical, lock_head
from archive.audit.models import Agent, Event, EventLink
from archive.errors import IntegrityFailure
from archive.identifiers import AUDIT_LOG_ID
from archive.storage.ocfl import OcflRoot

__all__ = [
    "StoredChainReport",
    "restore_events",
    "stored_agents",
    "stored_events",
    "verify_stored",
]


@dataclass(frozen=True)
class StoredChainReport:
    """Result of verifying the sealed log in one store."""

    ok: bool
    store: str
    checked: int
    segments: int
    head_seq: int
    head_hash: str
    version: str | None
    first_broken_seq: int | None = None
    reason: str = ""
    catalog_agrees: bool | None = None  # None: not compared (no catalog, or not that far)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


def _segments(root: OcflRoot, version: str) -> list[str]:
    state = root.inventory(AUDIT_LOG_ID)["versions"][version]["state"]
    paths = [p for paths in state.values() for p in paths if p.startswith("segments/")]
    return sorted(paths)


def stored_events(root: OcflRoot) -> Iterator[dict[str, Any]]:
    """Every sealed event in order, as stored (the hashed fields plus ``entry_hash``)."""
    if not root.exists(AUDIT_LOG_ID):
        return
    version = str(root.inventory(AUDIT_LOG_ID)["head"])
    for segment in _segments(root, version):
        with root.open_logical(AUDIT_LOG_ID, segment, version) as fh:
            for line in fh:
                yield json.loads(line)


def stored_agents(root: OcflRoot) -> list[dict[str, str]]:
    """The agents the sealed events name (identifier, name, agent_type)."""
    if not root.exists(AUDIT_LOG_ID):
        return []
    with root.open_logical(AUDIT_LOG_ID, "agents.json") as fh:
        agents: list[dict[str, str]] = json.load(fh)
    return agents


def _problem(event: dict[str, Any], expected: int, prev: str) -> str:
    fields = {k: v for k, v in event.items() if k != "entry_hash"}
    if event.get("seq") != expected:
        return (
            f"thiếu sự kiện {expected} (tiếp theo là {event.get('seq')}) / event {expected} is "
            f"missing (next is {event.get('seq')})"
        )
    if event.get("prev_hash") != prev:
        return "prev_hash không trỏ tới sự kiện trước / prev_hash does not name the previous event"
    if hashlib.sha256(canonical(fields)).hexdigest() != event.get("entry_hash"):
        return (
            "nội dung sự kiện không khớp mã băm (đã bị sửa) / event content does not match its "
            "hash (edited)"
        )
    return ""


def verify_stored(root: OcflRoot, session: Session | None = None) -> StoredChainReport:
    """Recompute every sealed link from storage alone, end to end, and check that the last one
    is the head the log names; with a catalog ``session``, also whether the catalog holds the
    same event at the sealed head (a catalog edited or rolled back after the seal disagrees).

    OCFL's own digests (``archive storage verify``) prove the segment files unchanged; this
    proves the events in them form one unbroken chain from the first event."""
    name = root.store.name
    if not root.exists(AUDIT_LOG_ID):
        return StoredChainReport(True, name, 0, 0, 0, GENESIS, None)
    version = str(root.inventory(AUDIT_LOG_ID)["head"])
    with root.open_logical(AUDIT_LOG_ID, "head.json", version) as fh:
        head = json.load(fh)
    segments = len(_segments(root, version))

    def broken(checked: int, seq: int, reason: str) -> StoredChainReport:
        return StoredChainReport(
            False, name, checked, segments, head["seq"], head["entry_hash"], version, seq, reason
        )

    prev, expected, checked = GENESIS, 1, 0
    try:
        for event in stored_events(root):
            problem = _problem(event, expected, prev)
            if problem:
                return broken(checked, expected, problem)
            prev, expected, checked = event["entry_hash"], expected + 1, checked + 1
    except (ValueError, KeyError, IntegrityFailure) as exc:
        return broken(
            checked, expected, f"không đọc được đoạn nhật ký / a segment cannot be read: {exc}"
        )
    if checked != head["seq"] or prev != head["entry_hash"]:
        return broken(
            checked,
            checked + 1,
            f"nhật ký trong kho dừng ở sự kiện {checked} nhưng head.json ghi {head['seq']} / "
            f"the stored log ends at event {checked} but head.json names {head['seq']}",
        )
    agrees = _catalog_agrees(session, head["seq"], head["entry_hash"])
    if agrees is False:
        report = broken(
            checked,
            head["seq"],
            f"danh mục ghi sự kiện {head['seq']} khác với bản đã niêm phong / the catalog's "
            f"event {head['seq']} differs from the sealed one",
        )
        return replace(report, catalog_agrees=False)
    return StoredChainReport(
        True,
        name,
        checked,
        segments,
        head["seq"],
        head["entry_hash"],
        version,
        catalog_agrees=agrees,
    )


def _catalog_agrees(session: Session | None, seq: int, entry_hash: str) -> bool | None:
    if session is None or seq == 0:
        return None
    row = session.get(Event, seq)
    if row is None:
        return False  # the catalog lost events that storage holds
    return row.entry_hash == entry_hash


def restore_events(session: Session, root: OcflRoot) -> set[str]:
    """Put the sealed log back into an empty catalog, event for event with its original seq
    and hashes, its agents and its object index, and the chain's head after it; returns the
    restored event ids (``archive rebuild`` appends only the events not among them).

    Refuses a log that does not verify: a rebuilt chain must be the sealed one."""
    report = verify_stored(root)
    if not report.ok:
        raise IntegrityFailure(
            f"nhật ký niêm phong trong kho {report.store} không toàn vẹn (sự kiện "
            f"{report.first_broken_seq}: {report.reason}) / the sealed audit log in store "
            f"{report.store} does not verify (event {report.first_broken_seq}: {report.reason})"
        )
    for agent in stored_agents(root):
        session.add(Agent(**agent))
    session.flush()
    restored: set[str] = set()
    for event in stored_events(root):
        session.add(_row(event))
        session.flush()
        for item in event["objects"]:
            session.add(EventLink(event_seq=event["seq"], identifier=item["id"], role=item["role"]))
        restored.add(event["event_id"])
    if report.head_seq:
        head = lock_head(session)
        head.seq, head.entry_hash = report.head_seq, report.head_hash
    session.flush()
    return restored


def _row(event: dict[str, Any]) -> Event:
    return Event(
        seq=event["seq"],
        event_id=event["event_id"],
        event_type=event["event_type"],
        occurred_at=event["occurred_at"],
        detail=event["detail"],
        outcome=event["outcome"],
        outcome_detail=event["outcome_detail"],
        agents_json=json.dumps(event["agents"], ensure_ascii=False),
        objects_json=json.dumps(event["objects"], ensure_ascii=False),
        prev_hash=event["prev_hash"],
        entry_hash=event["entry_hash"],
    )
