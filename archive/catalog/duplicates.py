"""Originals the archive holds more than once, byte for byte (same SHA-256).

Ingest flags each original of a package that is already held (finding DUP002, not a refusal:
the same annex is often filed in two dossiers), and ``archive duplicates`` lists every SHA-256
held by more than one original (TT 05/2025 Ch. VII lets duplicates be destroyed; the disposal
review, ``retention/disposal``, picks them from whole dossiers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalog.models import Document, Dossier, File

__all__ = ["DuplicateGroup", "HeldCopy", "held_originals", "list_duplicates"]


@dataclass(frozen=True)
class HeldCopy:
    """One original holding some bytes: its document and dossier."""

    doc_code: str | None
    arc_file_code: str
    path: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"docCode": self.doc_code, "arcFileCode": self.arc_file_code, "path": self.path}


@dataclass
class DuplicateGroup:
    """A SHA-256 held by several originals."""

    sha256: str
    size: int
    copies: list[HeldCopy] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "sha256": self.sha256,
            "size": self.size,
            "count": len(self.copies),
            "copies": [c.as_dict() for c in self.copies],
        }


def _originals(session: Session, digests: Iterable[str] | None) -> list[tuple[Any, ...]]:
    query = (
        select(File.sha256, File.size, Document.doc_code, Dossier.arc_file_code, File.path)
        .join(Dossier, File.dossier_id == Dossier.id)
        .outerjoin(Document, File.document_id == Document.id)
        .where(File.role == "original")
        .distinct()
        .order_by(File.sha256, Dossier.arc_file_code, File.path)
    )
    if digests is not None:
        query = query.where(File.sha256.in_(sorted(set(digests))))
    return [tuple(row) for row in session.execute(query)]


def held_originals(session: Session, digests: Iterable[str]) -> dict[str, HeldCopy]:
    """For each of ``digests`` that an original already holds, the first such original."""
    held: dict[str, HeldCopy] = {}
    wanted = list(digests)
    for start in range(0, len(wanted), 500):  # bounded IN lists
        for sha, _size, doc, arc, path in _originals(session, wanted[start : start + 500]):
            held.setdefault(sha, HeldCopy(doc, arc, path))
    return held


def list_duplicates(session: Session) -> list[DuplicateGroup]:
    """Every SHA-256 held by more than one original, most copies first."""
    repeated = (
        select(File.sha256)
        .where(File.role == "original")
        .group_by(File.sha256)
        .having(func.count() > 1)
    )
    groups: dict[str, DuplicateGroup] = {}
    rows = session.execute(
        select(File.sha256, File.size, Document.doc_code, Dossier.arc_file_code, File.path)
        .join(Dossier, File.dossier_id == Dossier.id)
        .outerjoin(Document, File.document_id == Document.id)
        .where(File.role == "original", File.sha256.in_(repeated))
        .order_by(File.sha256, Dossier.arc_file_code, File.path)
    )
    for sha, size, doc, arc, path in rows:
        group = groups.setdefault(sha, DuplicateGroup(sha, size))
        copy = HeldCopy(doc, arc, path)
        if copy not in group.copies:
            group.copies.append(copy)
    found = [g for g in groups.values() if len(g.copies) > 1]
    return sorted(found, key=lambda g: (-len(g.copies), g.sha256))
