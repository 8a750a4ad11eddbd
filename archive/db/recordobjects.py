"""The record objects the catalog names: the OCFL objects that keep the archive's own records
of its procedures (minutes, disposal lists, transfer requests, review receipts, received edXML
envelopes), so that fixity, replication, repair, ``storage verify`` and the evidence records
treat them as they treat dossiers (ADR 0021).

The tables belong to domains above the ones that read this list (``evidence``, ``holdings``),
so the list is written here as plain SQL over the schema the migrations made (the catalog is
at the head revision whenever an archive is open), not as imports of those domains' models.
A new kind of record object adds its query here (tests/unit/minutes/test_record_objects.py
checks that minutes are found, checked, repaired and covered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["QUERIES", "RecordObject", "record_objects"]


@dataclass(frozen=True)
class RecordObject:
    """A record object: what people call it, its OCFL id, and the version the catalog says
    it has (None when the catalog keeps no version: the store's head is the one)."""

    label: str
    object_id: str
    version: str | None


QUERIES: Final[tuple[tuple[str, str], ...]] = (
    ("minutes", "SELECT object_id, object_id, version FROM minutes ORDER BY id"),
    ("disposal lists", "SELECT code, object_id, NULL FROM disposal_lists ORDER BY id"),
    (
        "transfer requests",
        "SELECT request_code, 'urn:archive:transfer:' || request_code, NULL FROM transfers "
        "GROUP BY request_code ORDER BY MIN(id)",
    ),
    ("receipts", "SELECT object_id, object_id, 'v1' FROM receipts ORDER BY id"),
    ("edXML envelopes", "SELECT code, object_id, NULL FROM tray_documents ORDER BY id"),
)
"""(what, query of label, object id, version) per kind of record object."""


def record_objects(session: Session) -> list[RecordObject]:
    """Every record object the catalog names, kind by kind, each once."""
    seen: set[str] = set()
    found: list[RecordObject] = []
    for _what, query in QUERIES:
        for label, object_id, version in session.execute(text(query)):
            if object_id not in seen:
                seen.add(object_id)
                found.append(RecordObject(str(label), str(object_id), version))
    return found
