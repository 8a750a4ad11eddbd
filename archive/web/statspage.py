"""The statistics page (``/stats``, docs/statistics.md) for the archivist, the auditor and the
admin: holdings grouped one way, growth and use per month as SVG charts with their numbers in a
table beside each, the most used records as the role may see them; and the same figures as a
workbook (``/stats.xlsx``). Other roles get 403, as for the audit trail. And the export of
search results (``/search/export.xlsx``, ``.pdf``), for every role, of what it may find.

The work is :func:`archive.statistics.report.build_report`; this module reads the query (a
grouping and a period), draws the charts and renders the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from archive.dates import parse_day, vn_date
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput
from archive.messages.catalogue import text
from archive.statistics.activity import MEASURES
from archive.statistics.holdings import GROUPINGS, Grouping
from archive.statistics.periods import period
from archive.statistics.report import Report, build_report
from archive.statistics.searchexport import EXPORT_FORMATS, export_search
from archive.web.charts import bar_chart, line_chart
from archive.web.downloads import content_disposition
from archive.web.headers import is_head
from archive.web.limits import search_request
from archive.web.state import HttpError, User, Web, WebState, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"xlsx": XLSX, "pdf": "application/pdf"}


def month_text(month: str) -> str:
    """``yyyy-mm`` as Vietnamese users write a month: ``mm/yyyy``."""
    year, _, number = month.partition("-")
    return f"{number}/{year}"


def _report(web: WebState, role: str, query: Mapping[str, str]) -> Report:
    by = query.get("by") or "year"
    if by not in GROUPINGS:
        raise InvalidInput(
            f"không thống kê theo {by!r} được / cannot group by {by!r}: {', '.join(GROUPINGS)}"
        )
    start, end = (query.get(k, "").strip() for k in ("from", "to"))
    first = parse_day(start, form_field=True) if start else None
    chosen = period(first, parse_day(end, form_field=True) if end else None)
    grouping = cast(Grouping, by)  # checked against GROUPINGS above
    with unit_of_work(web.archive.sessions) as session:
        return build_report(session, web.settings, role, grouping, chosen)


def _charts(report: Report, lang: str) -> dict[str, Any]:
    def s(key: str, **params: object) -> str:
        return text(f"stats.{key}", lang, **params)

    groups = report.groups
    months = list(report.growth)
    shown = [month_text(m) for m in months]
    by = s(f"by_{report.by}")
    return {
        "holdings": bar_chart(
            "chart-holdings",
            f"{s('documents')} — {by}",
            s("chart_desc", what=s("documents"), by=by),
            [report.label(g.key, lang) for g in groups],
            [g.documents for g in groups],
        ),
        "growth": bar_chart(
            "chart-growth",
            s("sheet_growth"),
            s("chart_desc", what=s("documents"), by=s("month")),
            shown,
            [g.documents for g in report.growth.values()],
        ),
        "activity": line_chart(
            "chart-activity",
            s("sheet_activity"),
            s(
                "chart_desc",
                what=", ".join(s(m) for m in ("views", "downloads", "readings")),
                by=s("month"),
            ),
            shown,
            [
                (s(m), [report.activity[k][m] for k in months])
                for m in ("views", "downloads", "readings")
            ],
        ),
    }


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, web: Web, who: User) -> HTMLResponse:
    need(who, "statistics")
    query = dict(request.query_params)
    report = _report(web, who.role, query)
    lang = web.lang(request)
    return web.page(
        request,
        "stats.html",
        who=who,
        r=report,
        s=lambda key, **params: text(f"stats.{key}", lang, **params),
        charts=_charts(report, lang),
        groupings=GROUPINGS,
        measures=MEASURES,
        label=lambda key: report.label(key, lang),
        month=month_text,
        vndate=vn_date,
        query=request.url.query,
    )


@router.get("/stats.xlsx")
def stats_workbook(request: Request, web: Web, who: User) -> Response:
    need(who, "statistics")
    report = _report(web, who.role, dict(request.query_params))
    name = f"thong-ke-{report.by}-{report.period.start}-{report.period.end}.xlsx"
    return Response(
        report.workbook(web.lang(request)),
        media_type=XLSX,
        headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
    )


@router.get("/search/export.{fmt}")
def search_export(request: Request, web: Web, who: User, fmt: str) -> Response:
    """Every hit of the search in the query (not one page), as the role sees them, as a
    workbook or a PDF list; logged as a ``search export`` event (docs/statistics.md)."""
    if fmt not in EXPORT_FORMATS:
        raise HttpError(404, "not_found")
    search, _, _ = search_request(request.query_params, web.settings)
    with unit_of_work(web.archive.sessions) as session:
        data, _ = export_search(
            web.search_service(),
            session,
            search,
            who.role,
            fmt,
            agent=who.agent,
            lang=web.lang(request),
            log=not is_head(request),
        )
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={
            "content-disposition": content_disposition(f"ket-qua-tim-kiem.{fmt}"),
            "cache-control": "no-store",
        },
    )
