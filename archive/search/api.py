"""The search port: what is indexed, what is asked, what comes back, and the backend Protocol.

Every backend (``whoosh_index``, ``tantivy_index``; later OpenSearch) implements
:class:`SearchIndex` and passes the same contract tests (tests/unit/search/test_contract.py).
Access control is part of the question itself: a :class:`SearchQuery` cannot be built without
``allowed_modes``, and a backend applies it to the hits, the total and every facet count.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal, Protocol

from archive.catalog.codes import label
from archive.messages.catalogue import LANGS, text
from archive.search.abbreviations import Abbreviations, builtin_abbreviations

__all__ = [
    "FACET_FIELDS",
    "FALLBACK_NOTICE",
    "SORTS",
    "Facet",
    "FacetBucket",
    "Filters",
    "Hit",
    "IndexDoc",
    "IndexWriter",
    "SearchIndex",
    "SearchQuery",
    "SearchRequest",
    "SearchResult",
    "Snippet",
    "TextStatus",
]

TextStatus = Literal["ok", "needs_ocr", "failed", "too_large", "unsupported", "missing"]
Sort = Literal["relevance", "newest", "oldest"]
SORTS: Final[tuple[Sort, ...]] = ("relevance", "newest", "oldest")
FacetField = Literal["organ", "type", "year", "maintenance", "mode", "fonds"]
FACET_FIELDS: Final[tuple[FacetField, ...]] = (
    "organ",
    "type",
    "year",
    "maintenance",
    "mode",
    "fonds",
)
_FACET_CODE_LIST: Final = {"type": "typeName", "maintenance": "maintenance", "mode": "mode"}

FALLBACK_NOTICE: Final = "search.fallback"
"""The catalogue's key (archive/messages/search.py) of what the page, the API and the CLI say
over results found by the fallback."""


@dataclass(frozen=True)
class IndexDoc:
    """One document (văn bản) as the index holds it; built from catalog rows + extracted text."""

    doc_code: str
    """docCode, the index key."""
    dossier_code: str
    """arcFileCode of its dossier."""
    file_code: str
    """fileCode (mã hồ sơ) of its dossier."""
    subject: str
    """Trích yếu."""
    symbol: str
    """Số và ký hiệu, e.g. "123/QĐ-UBND" (empty if none)."""
    type_code: str
    """typeName code (codes.TYPE_NAME)."""
    organ: str
    """Issuing agency (organName)."""
    issued: date | None
    maintenance: str
    """Retention code (codes.MAINTENANCE)."""
    mode: str
    """Effective access mode: the stricter of the document's and its dossier's."""
    fonds: str
    """Fonds code (mã phông), empty if none."""
    dossier_title: str
    meta: str
    """Other searchable metadata: type label, keywords, signer, dossier title and keywords."""
    text: str
    """Extracted full text (NFC), possibly cut at the configured limit."""
    text_status: TextStatus = "ok"

    @property
    def year(self) -> int | None:
        """Year of issue."""
        return self.issued.year if self.issued else None


@dataclass(frozen=True)
class Filters:
    """Field filters; each tuple is "any of", the filters together are "all of"."""

    organs: tuple[str, ...] = ()
    """Issuing agencies, compared without case or diacritics."""
    types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    maintenance: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    fonds: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchRequest:
    """What a user asks (CLI options, web form); the service adds the access filter."""

    text: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 20
    facets: tuple[FacetField, ...] = FACET_FIELDS
    facet_size: int = 50
    """Most buckets per facet (largest counts first)."""


@dataclass(frozen=True)
class SearchQuery:
    """A request bound to the access modes the asking role may see. Backends take only this."""

    request: SearchRequest
    allowed_modes: frozenset[str]
    """Access modes (01/02/03) the asker may see; empty: nothing is found."""
    max_prefix_expansions: int | None = None
    """Most indexed words one prefix may stand for (the backend refuses more, LimitExceeded);
    None: no bound (tests, benchmarks). The service sets it from the settings."""
    abbreviations: Abbreviations = field(default_factory=builtin_abbreviations)
    """The abbreviations the query is read with (the built-in table, or the service's table
    with the ``search_abbreviations`` setting)."""
    relaxed: bool = False
    """Answer the fallback instead: documents with any of the words (ParsedQuery.relaxed)."""


@dataclass(frozen=True)
class Snippet:
    """A highlighted excerpt: text pieces, with ``True`` for the pieces that matched."""

    field: str
    parts: tuple[tuple[str, bool], ...]

    def html(self, tag: str = "mark") -> str:
        """Escaped HTML with the matches wrapped in ``<tag>``."""
        return "".join(
            f"<{tag}>{html.escape(text)}</{tag}>" if hit else html.escape(text)
            for text, hit in self.parts
        )

    def marked(self, open_: str = "[", close: str = "]") -> str:
        """Plain text with the matches between ``open_`` and ``close``."""
        return "".join(f"{open_}{text}{close}" if hit else text for text, hit in self.parts)


@dataclass(frozen=True)
class Hit:
    """One document found, with what a result list shows."""

    doc_code: str
    dossier_code: str
    file_code: str
    subject: str
    symbol: str
    type_code: str
    organ: str
    issued: str
    """ISO date (YYYY-MM-DD) or empty."""
    maintenance: str
    mode: str
    fonds: str
    dossier_title: str
    text_status: str
    score: float
    snippets: tuple[Snippet, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (labels in Vietnamese, snippets as HTML)."""
        return {
            "docCode": self.doc_code,
            "arcFileCode": self.dossier_code,
            "fileCode": self.file_code,
            "subject": self.subject,
            "symbol": self.symbol,
            "typeName": self.type_code,
            "typeLabel": label("typeName", self.type_code),
            "organName": self.organ,
            "issuedDate": self.issued,
            "maintenance": self.maintenance,
            "mode": self.mode,
            "modeLabel": label("mode", self.mode),
            "fonds": self.fonds,
            "dossierTitle": self.dossier_title,
            "textStatus": self.text_status,
            "score": round(self.score, 4),
            "snippets": [{"field": s.field, "html": s.html()} for s in self.snippets],
        }


@dataclass(frozen=True)
class FacetBucket:
    """One value of a facet and how many hits have it."""

    value: str
    count: int
    label: str


@dataclass(frozen=True)
class Facet:
    """Counts by one field, over the hits the asker may see."""

    field: str
    buckets: tuple[FacetBucket, ...]

    @classmethod
    def from_counts(cls, name: str, counts: dict[str, int], size: int) -> Facet:
        """Largest counts first, ties by value; labels from the code lists."""
        ordered = sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda i: (-i[1], i[0]))
        code_list = _FACET_CODE_LIST.get(name)
        return cls(
            name,
            tuple(
                FacetBucket(v, c, label(code_list, v) if code_list else v)
                for v, c in ordered[:size]
            ),
        )


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the exact total, and the facets."""

    total: int
    hits: tuple[Hit, ...]
    facets: tuple[Facet, ...] = ()
    took_ms: float = 0.0
    fallback: bool = False
    """No document had all the words: these are the closest matches (FALLBACK_NOTICE says so)."""

    def facet(self, name: str) -> dict[str, int]:
        """Counts of one facet as a dict (empty if not asked for)."""
        for f in self.facets:
            if f.field == name:
                return {b.value: b.count for b in f.buckets}
        return {}

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def as_dict(self, request: SearchRequest, role: str) -> dict[str, object]:
        """JSON-ready form of one answer (CLI ``--json`` and the web API ``/api/search``)."""
        return {
            "query": request.text,
            "role": role,
            "total": self.total,
            "offset": request.offset,
            "limit": request.limit,
            "took_ms": round(self.took_ms, 2),
            "fallback": self.fallback,
            "notice": (
                {lang: text(FALLBACK_NOTICE, lang) for lang in LANGS} if self.fallback else None
            ),
            "hits": [h.as_dict() for h in self.hits],
            "facets": {
                f.field: [{"value": b.value, "label": b.label, "count": b.count} for b in f.buckets]
                for f in self.facets
            },
        }


class IndexWriter(Protocol):
    """Changes to an index, made visible together when the writing block ends."""

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        """Add documents, replacing any with the same doc_code."""

    def delete(self, doc_codes: Sequence[str]) -> None:
        """Remove documents by doc_code (unknown codes are ignored)."""

    def delete_dossier(self, dossier_code: str) -> None:
        """Remove every document of a dossier."""


class SearchIndex(Protocol):
    """One full-text index of the archive's documents."""

    backend: str

    def writing(self) -> AbstractContextManager[IndexWriter]:
        """A writer; commits when the block ends, discards the changes if it raises."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits, total and facets for ``query``, restricted to ``query.allowed_modes``."""

    def stored(self, doc_code: str) -> dict[str, object] | None:
        """What the index holds for one document (for checks and reindex comparisons)."""

    def count(self) -> int:
        """Number of documents in the index."""

    def close(self) -> None:
        """Release files and threads."""
