"""Search results exported as a workbook or a PDF list (docs/statistics.md): every hit of one
search, not just the page shown, as the role that searched may see them, and the export logged.

The hits come from the search itself (:meth:`SearchService.search`, page after page of the
largest page it allows), so the export holds exactly the documents the search page shows that
role, never a mode 02 or 03 document it may not open. A search with more hits than
``search_export_max_rows`` (and than ``search_max_results_window``, the deepest a search pages)
is refused whole, before anything is written: a list cut short would look complete. The export
is an event, ``search export``, naming the query, the role, the format and how many documents.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import label, maintenance_label
from archive.clock import utc_now
from archive.dates import vn_date, vn_datetime
from archive.errors import LimitExceeded
from archive.messages.catalogue import text
from archive.retention.tables import Table, table_bytes
from archive.search.api import Hit, SearchRequest
from archive.search.service import SearchService

__all__ = ["EXPORT_EVENT", "EXPORT_FORMATS", "export_search"]

EXPORT_EVENT: Final = "search export"
EXPORT_FORMATS: Final = ("xlsx", "pdf")
_COLUMNS: Final = (
    "export_doc_code",
    "export_symbol",
    "export_issued",
    "export_type",
    "export_subject",
    "export_organ",
    "export_dossier",
    "by_retention",
    "mode",
)
_WIDTHS: Final = (2.6, 1.3, 1.0, 1.2, 4.0, 2.0, 3.0, 1.0, 1.3)


def _hits(service: SearchService, request: SearchRequest, role: str) -> list[Hit]:
    settings = service.settings
    bound = min(settings.search_export_max_rows, settings.search_max_results_window)
    step = settings.search_max_page_size
    first = service.search(replace(request, offset=0, limit=step, facets=()), role)
    if first.total > bound:
        raise LimitExceeded(
            "export_rows",
            bound,
            f"tìm thấy {first.total} văn bản, xuất được tối đa {bound}: hãy thu hẹp tìm kiếm",
            f"{first.total} documents found, at most {bound} can be exported: narrow the search",
        )
    hits = list(first.hits)
    while len(hits) < first.total:
        page = service.search(replace(request, offset=len(hits), limit=step, facets=()), role)
        if not page.hits:  # the index changed under us: export what the search gives now
            break
        hits.extend(page.hits)
    return hits


def _row(hit: Hit, lang: str) -> list[object]:
    return [
        hit.doc_code,
        hit.symbol,
        vn_date(hit.issued) if hit.issued else "",
        label("typeName", hit.type_code, lang),
        hit.subject,
        hit.organ,
        f"{hit.dossier_title} ({hit.file_code})",
        maintenance_label(hit.maintenance, None, lang),
        label("mode", hit.mode, lang),
    ]


def export_search(
    service: SearchService,
    session: Session,
    request: SearchRequest,
    role: str,
    fmt: str,
    *,
    agent: AgentRef,
    lang: str = "vi",
    log: bool = True,
) -> tuple[bytes, int]:
    """Every hit of ``request`` as ``role`` sees them, in ``fmt`` (xlsx or pdf), and how many;
    the export appended to the audit log in ``session`` (unless ``log`` is off: a HEAD request
    of the web page, which delivers nothing)."""
    if fmt not in EXPORT_FORMATS:
        table_bytes(Table("", (), ()), fmt)  # refuses the format, in both languages
    hits = _hits(service, request, role)
    words = request.text or "*"
    table = Table(
        title=text("stats.export_title", lang),
        subtitle=text(
            "stats.export_subtitle",
            lang,
            query=words,
            count=len(hits),
            when=vn_datetime(utc_now()),
        ),
        columns=[text(f"stats.{c}", lang) for c in _COLUMNS],
        rows=[_row(h, lang) for h in hits],
        widths=_WIDTHS,
    )
    data = table_bytes(table, fmt)
    if not log:
        return data, len(hits)
    append_events(
        session,
        [
            NewEvent(
                EXPORT_EVENT,
                f"Xuất kết quả tìm kiếm {words!r}: {len(hits)} văn bản, {fmt}, vai trò {role} / "
                f"search results {words!r} exported: {len(hits)} documents, {fmt}, role {role}",
                agents=[agent, software_agent()],
            )
        ],
    )
    return data, len(hits)
