"""``archive due``: everything that is due, in one list (docs/operations.md, "What is due").

Imports of ``archive`` sit inside the function, so that ``import cli.main`` stays light
(start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.display import typed_day
from cli.output import console, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.due import DueItem

_STYLE = {"red": "bold red", "amber": "yellow"}


def due_command(
    on: str | None = typer.Option(None, "--on"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Mọi việc đến hạn / everything that is due."""
    from datetime import UTC, datetime, time

    from archive.bootstrap import open_archive
    from archive.clock import utc_now
    from archive.config import load_settings
    from archive.dates import VN_ZONE, today, vn_date
    from archive.due import due_report

    with errors_to_exit() as stack:
        asked = typed_day(on, "--on")
        if asked is None:
            day, now = today(), utc_now()
        else:
            day, now = asked, datetime.combine(asked, time(12), VN_ZONE).astimezone(UTC)
        archive = stack.enter_context(open_archive(load_settings()))
        items = due_report(archive, day, now)
    if as_json:
        print_json({"date": vn_date(day), "items": [i.as_dict() for i in items]})
    elif not items:
        console.print(say("due.none"))
    else:
        console.print(_table(items, vn_date(day)))
    if any(i.level == "red" for i in items):
        raise typer.Exit(1)


def _table(items: list[DueItem], day: str) -> Table:
    table = Table(title=say("due.title", date=day))
    for key in ("due.level", "due.work", "due.count", "due.due", "due.subject", "due.action"):
        table.add_column(say(key), overflow="fold")
    for item in items:
        table.add_row(
            f"[{_STYLE[item.level]}]{say(f'due.level.{item.level}')}[/]",
            say(f"due.kind.{item.kind}"),
            str(item.count),
            item.as_dict()["due"] or "",
            item.subject,
            item.action,
        )
    return table
