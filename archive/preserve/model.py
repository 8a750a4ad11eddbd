"""What ``archive preserve run`` works on and reports: work items, results, stored copies.

Also where a preservation copy and its manifest live in the AIP (``copy_path``,
``manifest_path``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

__all__ = [
    "ItemResult",
    "Move",
    "PreserveReport",
    "Status",
    "StoredCopy",
    "WorkItem",
    "copy_path",
    "manifest_path",
]


def manifest_path(doc_code: str) -> str:
    """AIP path of the manifest of a document's preservation copy."""
    return f"metadata/preservation/lta/{doc_code}.json"


def copy_path(original: str) -> str:
    """AIP path of the preservation copy of an original: its path in representation rep2."""
    parts = original.split("/")
    if len(parts) > 3 and parts[0] == "representations" and parts[2] == "data":
        return "/".join(["representations", "rep2", *parts[2:]])
    return f"representations/rep2/data/{PurePosixPath(original).name}"


@dataclass(frozen=True)
class WorkItem:
    """One file that needs attention, and why."""

    validation_id: int
    file_id: int
    document_id: int | None
    doc_code: str
    object_id: str
    arc_file_code: str
    path: str
    content_path: str
    sha512: str
    action: str  # augment | renew | revalidate
    bottom_line: str
    horizon: str | None
    pades_level: str | None


@dataclass(frozen=True)
class Status:
    """A signature's status as a preservation run compares it: its ETSI indication and
    sub-indication, and the revocation status of its signer's certificate."""

    indication: str
    subindication: str | None
    revocation: str | None

    def __str__(self) -> str:  # as stored in the events and --json: codes
        sub = f"/{self.subindication}" if self.subindication else ""
        return f"{self.indication}{sub} ({self.revocation})"


Move = tuple[str, "Status | None", "Status | None"]
"""A signature (its field name) whose status moved: before, after (None: not there)."""


@dataclass
class ItemResult:
    """What a worker did with one item."""

    item: WorkItem
    done: str  # augmented | renewed | revalidated | failed
    before: str
    after: str | None = None
    message: str = ""
    changes: list[str] = field(default_factory=list)  # signature statuses that moved
    moves: list[Move] = field(default_factory=list)  # the same, for the adapters to say
    horizon: str | None = None  # after the work
    version: str | None = None  # OCFL version of a new copy

    @property
    def changed(self) -> bool:
        """The verdict or a signature's status moved (a loud event for operators)."""
        return bool(self.changes) or (self.after is not None and self.after != self.before)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "doc_code": self.item.doc_code,
            "file": self.item.path,
            "action": self.item.action,
            "done": self.done,
            "before": self.before,
            "after": self.after,
            "changed": self.changed,
            "changes": self.changes,
            "message": self.message,
            "horizon_before": self.item.horizon,
            "horizon": self.horizon,
            "version": self.version,
        }


@dataclass
class PreserveReport:
    """The outcome of one run."""

    dry_run: bool
    planned: list[WorkItem] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)
    # RFC 4998 evidence-record batches due for renewal, and what was done (archive.evidence).
    evidence: list[Any] = field(default_factory=list)

    @property
    def evidence_failed(self) -> list[Any]:
        """Evidence renewals that could not be done (the reason is their message)."""
        return [] if self.dry_run else [r for r in self.evidence if not r.done]

    @property
    def failed(self) -> list[ItemResult]:
        """Items that could not be done (the reason is their message)."""
        return [r for r in self.results if r.done == "failed"]

    @property
    def changed(self) -> list[ItemResult]:
        """Items whose verdict or signature status changed."""
        return [r for r in self.results if r.changed]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "dry_run": self.dry_run,
            "planned": [
                {
                    "doc_code": i.doc_code,
                    "file": i.path,
                    "action": i.action,
                    "pades_level": i.pades_level,
                    "horizon": i.horizon,
                    "bottom_line": i.bottom_line,
                }
                for i in self.planned
            ],
            "results": [r.as_dict() for r in self.results],
            "changed": [r.as_dict() for r in self.changed],
            "failed": [r.as_dict() for r in self.failed],
            "evidence": [r.as_dict() for r in self.evidence],
        }


@dataclass(frozen=True)
class StoredCopy:
    """A preservation copy as stored: where, which version, digests, and its report."""

    path: str
    version: str
    content_path: str
    sha256: str
    sha512: str
    size: int
    report: dict[str, Any]
    report_path: str
    action: str
