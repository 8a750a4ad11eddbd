"""Field names and conversions shared by the backends (one schema, two engines)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from archive.catalog.codes import label
from archive.search.analyzer import fold
from archive.search.api import Hit, IndexDoc
from archive.search.highlight import snippets
from archive.search.parse import ParsedQuery

__all__ = [
    "FACET_SOURCE",
    "INDEX_FORMAT",
    "SEARCHED",
    "doc_values",
    "searchable",
    "to_hit",
]

INDEX_FORMAT: Final = 3
"""Bump when the schema or the analyzer changes: an older index must be rebuilt (reindex).
2: pair terms (ADR 0010); 3: the i/y spellings folded (issue #18)."""

SEARCHED: Final[dict[str, float]] = {"subject": 3.0, "symbol": 5.0, "meta": 1.0, "text": 1.0}
"""Analysed fields a query looks in, with their boosts. The symbol weighs more than the subject
(5, was 3): ``qd 123 ubnd tinh`` is first the Quyết định 123/QĐ-UBND itself, then the minutes
whose subject cites it (bench.relevance, MRR of symbols 0.98 → 1.0, abbreviations 0.91 →
0.94)."""

FACET_SOURCE: Final[dict[str, str]] = {
    "organ": "organ",
    "type": "type",
    "year": "year",
    "maintenance": "maintenance",
    "mode": "mode",
    "fonds": "fonds",
}
"""Facet name → index field."""

_STORED: Final = (
    "doc_code",
    "dossier_code",
    "file_code",
    "subject",
    "symbol",
    "type",
    "organ",
    "issued",
    "maintenance",
    "mode",
    "fonds",
    "dossier_title",
    "text_status",
)


def doc_values(doc: IndexDoc) -> dict[str, str]:
    """The keyword and stored values of ``doc``, by index field name."""
    return {
        "doc_code": doc.doc_code,
        "dossier_code": doc.dossier_code,
        "file_code": doc.file_code,
        "subject": doc.subject,
        "symbol": doc.symbol,
        "type": doc.type_code,
        "organ": doc.organ,
        "organ_key": fold(doc.organ).strip(),
        "issued": doc.issued.isoformat() if doc.issued else "",
        "year": f"{doc.year:04d}" if doc.year is not None else "",
        "maintenance": doc.maintenance,
        "mode": doc.mode,
        "fonds": doc.fonds,
        "dossier_title": doc.dossier_title,
        "text_status": doc.text_status,
        "sort_key": f"{doc.issued.isoformat() if doc.issued else ''}|{doc.doc_code}",
    }


def searchable(doc: IndexDoc) -> dict[str, str]:
    """The analysed fields' text. ``subject`` is read as the document's title is printed,
    "tên loại và trích yếu": the type label, then the summary ("Quyết định Về việc giao đất")."""
    return {
        "subject": f"{label('typeName', doc.type_code)}\n{doc.subject}",
        "symbol": doc.symbol,
        "meta": doc.meta,
        "text": doc.text,
    }


def to_hit(
    stored: Mapping[str, object], score: float, parsed: ParsedQuery | None, text: str
) -> Hit:
    """A Hit from a backend's stored fields (``parsed`` None: no snippets)."""
    values = {name: str(stored.get(name) or "") for name in _STORED}
    return Hit(
        doc_code=values["doc_code"],
        dossier_code=values["dossier_code"],
        file_code=values["file_code"],
        subject=values["subject"],
        symbol=values["symbol"],
        type_code=values["type"],
        organ=values["organ"],
        issued=values["issued"],
        maintenance=values["maintenance"],
        mode=values["mode"],
        fonds=values["fonds"],
        dossier_title=values["dossier_title"],
        text_status=values["text_status"],
        score=float(score),
        snippets=snippets(parsed, values["subject"], text) if parsed is not None else (),
    )
