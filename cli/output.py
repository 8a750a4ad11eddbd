"""Console output, JSON output and the one place where errors become exit codes.

Every message comes from the catalogue (``archive/messages/``): ``say("area.key", name=…)``
in the interface language (``ARCHIVE_LANG`` or ``--lang``, Vietnamese by default).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, overload

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from archive.errors import ArchiveError, LimitExceeded
from archive.findings import Finding
from archive.messages.catalogue import interface_lang, text

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Column",
    "console",
    "dossier_rows_table",
    "errors_to_exit",
    "findings_table",
    "lang",
    "print_json",
    "progress_bar",
    "say",
    "term",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay whole


def lang() -> str:
    """Interface language: ``vi`` (default) or ``en`` (``ARCHIVE_LANG``)."""
    return interface_lang(os.environ.get("ARCHIVE_LANG"))


@overload
def say(key: str, /, **params: object) -> str: ...


@overload
def say(vi: str, en: str, /) -> str: ...


def say(first: str, second: str | None = None, /, **params: object) -> str:
    """The catalogue's message ``key`` in the interface language, its named parameters filled
    in: ``say("holdings.store_checked", store=name, objects=n)``.

    ``say(vi, en)``, a pair written in place, still works and picks one of the two; a new
    message belongs in the catalogue (archive/messages/), where the tests check that both
    languages are there with the same parameters."""
    if second is not None:
        return second if lang() == "en" else first
    return text(first, lang(), **params)


def term(kind: str, value: object) -> str:
    """A stored value (a severity, a role, an event type…) as people read it
    (``archive.messages.terms``); the value itself if the catalogue does not know it."""
    from archive.messages.catalogue import term as lookup

    return lookup(kind, value, lang())


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, UTF-8, no colour."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


Column = tuple[str, Callable[[Mapping[str, Any]], str]]


def dossier_rows_table(
    title: str, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]
) -> Table:
    """A table of dossier rows (retention or transfer lists): file code and title, then
    ``columns`` (header, cell of a row), then whether a hold stops it."""
    table = Table(title=title)
    headers = [say("common.file_code"), say("common.title")]
    headers += [header for header, _ in columns] + [say("common.held")]
    for header in headers:
        table.add_column(header, overflow="fold")
    for r in rows:
        cells = [str(r["arcFileCode"]), str(r["title"])] + [cell(r) for _, cell in columns]
        table.add_row(*cells, say("common.yes") if r["held"] else "")
    return table


def progress_bar(*, disable: bool) -> Progress:
    """The progress bar of long commands (hidden for --json)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        disable=disable,
        transient=True,
    )


def findings_table(findings: list[Finding], title: str) -> Table:
    """Findings as a table: code, severity, path, message (in the interface language)."""
    table = Table(title=title, show_lines=False)
    table.add_column(say("common.finding_code"), style="bold")
    table.add_column(say("common.severity"))
    table.add_column(say("common.path"), overflow="fold")
    table.add_column(say("common.message"), overflow="fold")
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        table.add_row(
            f.code,
            f"[{colours[f.severity]}]{term('severity', f.severity)}[/]",
            f.path,
            f.message_en if lang() == "en" else f.message_vi,
        )
    return table


@contextmanager
def errors_to_exit() -> Iterator[ExitStack]:
    """Translate archive errors into a message on stderr and exit code 1 (2 for a request beyond
    a bound); resources entered on the yielded stack (an opened Archive) are closed on the way
    out."""
    with ExitStack() as stack:
        try:
            yield stack
        except LimitExceeded as exc:
            # A bound of the request (page, query length…) is a usage error, like an option
            # out of range: exit 2, as click does for those.
            err_console.print(f"[red]{say('common.error')}:[/] {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
        except ArchiveError as exc:
            err_console.print(f"[red]{say('common.error')}:[/] {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
