"""The change record kept in the AIP with each change of its metadata, and how it is applied
to the catalog: by ``archive metadata set`` itself and again by ``archive rebuild``, so a
change survives a rebuild from storage alone.

``metadata/preservation/changes/<uuid>.json`` holds what changed (old and new value of each
element), on which record, why (the reason), on whose decision (number and date), by whom and
when, and the id of the ``metadata modification`` event, which rebuild appends again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.models import Document, Dossier
from archive.errors import IntegrityFailure
from archive.metadata.changes import Kind, spec_of

__all__ = ["CHANGES_PREFIX", "ChangeRecord", "apply_change"]

CHANGES_PREFIX: Final = "metadata/preservation/changes/"


@dataclass(frozen=True)
class ChangeRecord:
    """One change of a record's metadata (module docstring)."""

    code: str
    kind: Kind
    changes: dict[str, tuple[str, str]]  # element → (old, new)
    reason: str
    decision: dict[str, str] | None
    agents: list[AgentRef]
    event_id: str
    occurred_at: str

    def as_json(self) -> bytes:
        """The stored form (sorted keys, UTF-8)."""
        data = {
            "code": self.code,
            "kind": self.kind,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()},
            "reason": self.reason,
            "decision": self.decision,
            "agents": [a.__dict__ for a in self.agents],
            "eventId": self.event_id,
            "occurredAt": self.occurred_at,
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangeRecord:
        """Read a stored change record."""
        return cls(
            code=data["code"],
            kind=data["kind"],
            changes={k: (v["old"], v["new"]) for k, v in data["changes"].items()},
            reason=data["reason"],
            decision=data["decision"],
            agents=[AgentRef(**a) for a in data["agents"]],
            event_id=data["eventId"],
            occurred_at=data["occurredAt"],
        )

    def event(self) -> NewEvent:
        """The PREMIS ``metadata modification`` event of the change."""
        said = "; ".join(f"{k}: {o or '—'} → {n or '—'}" for k, (o, n) in self.changes.items())
        decided = ""
        if self.decision:
            number, date = self.decision["number"], self.decision["date"]
            decided = f"; quyết định / decision {number} ngày / of {date}"
        return NewEvent(
            "metadata modification",
            f"Sửa đặc tả {self.code} / Metadata of {self.code} changed: {said}{decided}",
            outcome_detail=f"lý do / reason: {self.reason}",
            agents=self.agents,
            objects=[(self.code, "outcome")],
            event_id=self.event_id,
            occurred_at=self.occurred_at,
        )


def apply_change(session: Session, dossier: Dossier, change: ChangeRecord) -> None:
    """Set the new values on the catalog row of the changed dossier or document."""
    row: Dossier | Document | None = dossier
    if change.kind == "document":
        row = session.scalar(
            select(Document).where(
                Document.dossier_id == dossier.id, Document.doc_code == change.code
            )
        )
    if row is None:
        raise IntegrityFailure(
            f"{change.code} không thuộc {dossier.arc_file_code} / is not in {dossier.arc_file_code}"
        )
    for name, (_, new) in change.changes.items():
        setattr(row, spec_of(change.kind, name).attr, new or None)
