"""``archive search``: full-text search with filters and facets, ``reindex`` and ``status``.

``archive search QUERY [options]`` is short for ``archive search query QUERY [options]``: any
first word that is not a sub-command is taken as the query.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from cli import display
from cli.output import (
    console,
    errors_to_exit,
    findings_table,
    lang,
    print_json,
    progress_bar,
    say,
    term,
)

if TYPE_CHECKING:
    from archive.bootstrap import Archive
    from archive.search import SearchRequest, SearchResult, SearchService
    from archive.search.api import FacetBucket, Snippet

_COMMANDS = ("query", "reindex", "status")


class Role(StrEnum):
    """Roles (the web's login roles); see search_roles_mode_02/03. Same values, same order as
    ``archive.search.ROLES`` (checked by tests/cli/test_start.py, not here: start-up time)."""

    officer = "officer"
    auditor = "auditor"
    archivist = "archivist"
    admin = "admin"


class Sort(StrEnum):
    """Result order: ``archive.search.SORTS`` (checked by tests/cli/test_start.py)."""

    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


class _SearchGroup(TyperGroup):
    """Routes ``archive search TEXT …`` to ``archive search query TEXT …``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click's Context
        if args and args[0] not in _COMMANDS and args[0] not in ("--help", "-h"):
            args = ["query", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_SearchGroup,
    no_args_is_help=True,
)


def _service(stack: Any) -> SearchService:
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    archive: Archive = stack.enter_context(open_archive(load_settings()))
    service = archive.search
    stack.callback(service.close)
    return service


def _rich_snippet(snippet: Snippet) -> str:
    return "".join(f"[bold yellow]{escape(t)}[/]" if hit else escape(t) for t, hit in snippet.parts)


def _print(result: SearchResult, request: SearchRequest) -> None:
    if result.fallback:  # no document had every word: say so before the closest matches
        console.print(f"[yellow]{escape(say('search.fallback'))}[/]")
    table = Table(title=say("search.results"), show_lines=True)
    table.add_column("#", justify="right")
    table.add_column(say("search.symbol_date"), overflow="fold")
    table.add_column(say("search.subject"), overflow="fold", ratio=1)
    table.add_column(say("common.mode"), overflow="fold")
    for n, hit in enumerate(result.hits, start=request.offset + 1):
        text = next((s for s in hit.snippets if s.field == "text"), None)
        subject = next((s for s in hit.snippets if s.field == "subject"), None)
        cell = f"[bold]{escape(display.code('typeName', hit.type_code))}[/] "
        cell += _rich_snippet(subject) if subject else escape(hit.subject)
        cell += f"\n[dim]{escape(hit.organ)} · {hit.doc_code}[/]"
        if text is not None:
            cell += f"\n{_rich_snippet(text)}"
        if hit.text_status == "needs_ocr":
            cell += f"\n[yellow]({term('text_status', 'needs_ocr')})[/]"
        issued = f"{escape(hit.symbol)}\n{display.day(hit.issued)}"
        table.add_row(str(n), issued, cell, display.code("mode", hit.mode))
    console.print(table)
    for facet in result.facets:
        if facet.buckets:
            counts = ", ".join(
                f"{escape(_bucket(facet.field, b))} ({b.count})" for b in facet.buckets[:10]
            )
            console.print(f"[bold]{term('facet', facet.field)}[/]: {counts}")
    last = request.offset + len(result.hits)
    first = request.offset + 1 if result.hits else 0
    took = f"{result.took_ms:.0f}"
    console.print(say("search.summary", first=first, last=last, total=result.total, ms=took))


_FACET_LISTS = {"type": "typeName", "maintenance": "maintenance", "mode": "mode"}
"""Facets whose values are codes, and the code list that labels them (as on the web page)."""


def _bucket(field: str, bucket: FacetBucket) -> str:
    """A facet value as people read it: a code by its label in the interface language."""
    if field in _FACET_LISTS:
        return display.code(_FACET_LISTS[field], bucket.value)
    return bucket.label


@app.command("query")
def query(
    text: str = typer.Argument(""),
    organ: list[str] = typer.Option([], "--organ"),
    type_: list[str] = typer.Option([], "--type"),
    year: int | None = typer.Option(None, "--year"),
    year_from: int | None = typer.Option(None, "--from"),
    year_to: int | None = typer.Option(None, "--to"),
    maintenance: list[str] = typer.Option([], "--maintenance"),
    mode: list[str] = typer.Option([], "--mode"),
    fonds: list[str] = typer.Option([], "--fonds"),
    sort: Sort = typer.Option(Sort.relevance, "--sort"),
    page: int = typer.Option(1, "--page"),
    per_page: int = typer.Option(
        20,
        "--per-page",
    ),
    role: Role = typer.Option(
        Role.officer,
        "--role",
    ),
    as_json: bool = typer.Option(False, "--json"),
    xlsx: Path | None = typer.Option(None, "--xlsx", dir_okay=False),
    pdf: Path | None = typer.Option(None, "--pdf", dir_okay=False),
) -> None:
    """Tìm văn bản (có dấu hay không dấu) / find documents, with or without diacritics."""
    from archive.search.limits import SearchLimits, page_window

    if xlsx is not None or pdf is not None:
        _export(
            text,
            (organ, type_, maintenance, mode, fonds),
            (year, year_from, year_to),
            sort,
            role,
            xlsx,
            pdf,
        )
        return
    with errors_to_exit() as stack:
        service = _service(stack)
        # The bounds (and their messages) are the web's: archive/search/limits.py.
        offset, limit = page_window(page, per_page, SearchLimits.from_settings(service.settings))
        request = _request(text, organ, type_, (year, year_from, year_to), maintenance, mode, fonds)
        request = replace(request, sort=sort.value, offset=offset, limit=limit)
        result = service.search(request, role.value)
    if as_json:
        print_json(result.as_dict(request, role.value))
    else:
        _print(result, request)


def _export(
    text: str,
    lists: tuple[list[str], list[str], list[str], list[str], list[str]],
    years: tuple[int | None, int | None, int | None],
    sort: Sort,
    role: Role,
    xlsx: Path | None,
    pdf: Path | None,
) -> None:
    """Every hit (not one page) to ``--xlsx`` and/or ``--pdf``, as ``role`` sees them; each
    export logged (docs/statistics.md)."""
    from archive.atomic import atomic_write
    from archive.bootstrap import person_agent
    from archive.db.engine import unit_of_work
    from archive.statistics.searchexport import export_search

    organ, type_, maintenance, mode, fonds = lists
    request = _request(text, organ, type_, years, maintenance, mode, fonds)
    request = replace(request, sort=sort.value)
    with errors_to_exit() as stack:
        service = _service(stack)
        for fmt, out in (("xlsx", xlsx), ("pdf", pdf)):
            if out is None:
                continue
            with unit_of_work(service.sessions) as session:
                data, count = export_search(
                    service, session, request, role.value, fmt, agent=person_agent(), lang=lang()
                )
                atomic_write(out, data)  # before the commit: no event for a file not written
            console.print(say("stats.export_written", count=count, path=str(out)), soft_wrap=True)


def _request(
    text: str,
    organ: list[str],
    type_: list[str],
    years: tuple[int | None, int | None, int | None],
    maintenance: list[str],
    mode: list[str],
    fonds: list[str],
) -> SearchRequest:
    from archive.search import Filters, SearchRequest

    year, year_from, year_to = years
    return SearchRequest(
        text=text,
        filters=Filters(
            organs=tuple(organ),
            types=tuple(type_),
            year_from=year if year is not None else year_from,
            year_to=year if year is not None else year_to,
            maintenance=tuple(maintenance),
            modes=tuple(mode),
            fonds=tuple(fonds),
        ),
    )


@app.command("reindex")
def reindex(as_json: bool = typer.Option(False, "--json")) -> None:
    """Dựng lại chỉ mục từ danh mục và bản gốc / rebuild the index from catalog and storage."""
    with errors_to_exit() as stack:
        service = _service(stack)
        with progress_bar(disable=as_json) as progress:
            task = progress.add_task(say("search.indexing"), total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = service.reindex(advance)
    if as_json:
        print_json(summary.as_dict())
        return
    console.print(
        say(
            "search.indexed",
            documents=summary.documents,
            dossiers=summary.dossiers,
            backend=summary.backend,
            seconds=f"{summary.seconds:.1f}",
        )
    )
    if summary.text_status:
        counts = sorted(summary.text_status.items())
        console.print(", ".join(f"{term('text_status', k)}: {v}" for k, v in counts))
    if summary.findings:
        console.print(findings_table(summary.findings, say("common.findings")))


@app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Chỉ mục ở đâu, bao nhiêu văn bản / where the index is and how many documents it holds."""
    with errors_to_exit() as stack:
        data = _service(stack).status()
    if as_json:
        print_json(data)
        return
    for line in display.details(data, "home.info", "search"):
        console.print(line, soft_wrap=True)
