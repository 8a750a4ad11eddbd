"""``archive stats``: the statistics of holdings and use (docs/statistics.md).

Imports of ``archive`` sit inside the function, types under ``TYPE_CHECKING``: ``import
cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import console, errors_to_exit, lang, print_json, say

if TYPE_CHECKING:
    from archive.statistics.report import Report

__all__ = ["By", "stats"]


class By(StrEnum):
    """Groupings of the holdings: ``archive.statistics.holdings.GROUPINGS``."""

    year = "year"
    organ = "organ"
    type = "type"
    mode = "mode"
    format_ = "format"
    retention = "retention"


def stats(
    by: By = typer.Option(By.year, "--by"),
    start: str | None = typer.Option(None, "--from"),
    end: str | None = typer.Option(None, "--to"),
    as_json: bool = typer.Option(False, "--json"),
    xlsx: Path | None = typer.Option(None, "--xlsx", dir_okay=False),
) -> None:
    """Thống kê tài liệu lưu trữ và khai thác / statistics of holdings and use."""
    from archive.atomic import atomic_write
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.statistics.periods import period
    from archive.statistics.report import build_report

    with errors_to_exit() as stack:
        chosen = period(display.typed_day(start, "--from"), display.typed_day(end, "--to"))
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            # The operator of the command line holds the home: the admin's view of records.
            report = build_report(session, archive.settings, "admin", by.value, chosen)
        if xlsx is not None:
            atomic_write(xlsx, report.workbook(lang()))
    if as_json:
        print_json(report.as_dict())
    elif xlsx is not None:
        console.print(say("stats.written", path=str(xlsx)), soft_wrap=True)  # a path whole
    else:
        _print(report)


def _print(report: Report) -> None:
    language = lang()
    counts = ("dossiers", "documents", "files")
    table = Table(title=f"{say('stats.title')} ({say('stats.by_' + report.by)})")
    table.add_column(say("stats.by_" + report.by), overflow="fold")
    for key in (*counts, "bytes"):
        table.add_column(say("stats." + key), justify="right")
    for g in report.groups:
        table.add_row(
            report.label(g.key, language),
            *(str(getattr(g, k)) for k in counts),
            display.size(g.bytes),
        )
    t = report.total
    table.add_row(
        say("stats.total"), str(t.dossiers), str(t.documents), str(t.files), display.size(t.bytes)
    )
    console.print(table)
    use = Table(title=say("stats.sheet_activity"))
    use.add_column(say("stats.month"))
    measures = ("views", "downloads", "readings", "requests", "certified_copies")
    for m in measures:
        use.add_column(say("stats." + m), justify="right")
    for month, values in report.activity.items():
        use.add_row(month, *(str(values[m]) for m in measures))
    console.print(use)
