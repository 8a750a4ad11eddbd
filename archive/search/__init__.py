"""Full-text search: the SearchIndex port, the Vietnamese analyzer, text extraction, backends.

Start at :mod:`archive.search.service` (index maintenance, access-controlled search) and
:mod:`archive.search.api` (the port and its data). Engine choice: docs/decisions/0005.
"""

from __future__ import annotations

from archive.search.api import (
    FACET_FIELDS,
    SORTS,
    Facet,
    FacetBucket,
    Filters,
    Hit,
    IndexDoc,
    SearchIndex,
    SearchQuery,
    SearchRequest,
    SearchResult,
    Snippet,
)
from archive.search.service import (
    ReindexSummary,
    SearchService,
    update_index_after_ingest,
)

__all__ = [
    "FACET_FIELDS",
    "SORTS",
    "Facet",
    "FacetBucket",
    "Filters",
    "Hit",
    "IndexDoc",
    "ReindexSummary",
    "SearchIndex",
    "SearchQuery",
    "SearchRequest",
    "SearchResult",
    "SearchService",
    "Snippet",
    "update_index_after_ingest",
]
