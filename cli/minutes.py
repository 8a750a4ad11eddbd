"""``archive minutes ls | show | get``: the minutes the archive wrote (docs/minutes.md).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli.display import day, when
from cli.output import console, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.minutes.forms import Form, Procedure

app = typer.Typer(no_args_is_help=True)

_JSON = typer.Option(False, "--json")


def _procedure(value: str | None) -> Procedure | None:
    from archive.errors import InvalidInput
    from archive.messages.catalogue import text
    from archive.minutes.forms import Procedure

    if value is None:
        return None
    kind, sep, code = value.partition(":")
    if not sep or not kind.strip() or not code.strip():
        raise InvalidInput(
            f"{text('minutes.bad_procedure', 'vi', value=value)} / "
            f"{text('minutes.bad_procedure', 'en', value=value)}"
        )
    return Procedure(kind.strip(), code.strip())


def _form(value: str | None) -> Form | None:
    from archive.errors import InvalidInput
    from archive.messages.catalogue import text
    from archive.minutes.forms import Form

    if value is None:
        return None
    try:
        return Form(value)
    except ValueError as exc:
        known = ", ".join(f.value for f in Form)
        raise InvalidInput(
            f"{text('minutes.unknown_form', 'vi', form=value, known=known)} / "
            f"{text('minutes.unknown_form', 'en', form=value, known=known)}"
        ) from exc


def print_minutes(rows: list[dict[str, Any]], title: str | None = None) -> None:
    """A table of minutes (``MinutesRecord.as_dict``), for this command and the procedures'."""
    table = Table(title=title or say("minutes.heading"))
    for key in ("col_id", "col_form", "col_procedure", "col_number", "col_date", "col_title"):
        table.add_column(say(f"minutes.{key}"), overflow="fold")
    for m in rows:
        procedure = f"{m['procedure']['kind']}:{m['procedure']['code']}"
        table.add_row(str(m["id"]), m["form"], procedure, m["number"], day(m["date"]), m["title"])
    console.print(table)


@app.command("ls")
def ls(
    procedure: str | None = typer.Option(None, "--procedure"),
    form: str | None = typer.Option(None, "--form"),
    as_json: bool = _JSON,
) -> None:
    """Các biên bản đã lập / the minutes written, oldest first."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.minutes.service import list_minutes

    with errors_to_exit() as stack:
        which, shape = _procedure(procedure), _form(form)
        archive = stack.enter_context(open_archive(load_settings()))
        rows = [m.as_dict() for m in list_minutes(archive, procedure=which, form=shape)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(say("minutes.none"))
        return
    print_minutes(rows)
    console.print(say("minutes.count", count=len(rows)))


@app.command("show")
def show(ident: str = typer.Argument(...), as_json: bool = _JSON) -> None:
    """Một biên bản: danh mục và nội dung / one minutes: catalog entry and content."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.minutes.service import show_minutes

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        data = show_minutes(archive, ident)
    if as_json:
        print_json(data)
        return
    content = data["content"]
    table = Table(title=f"{content['title']} — {data['number']}", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row(say("minutes.col_form"), f"{data['form']} ({content['law']})")
    table.add_row(
        say("minutes.col_procedure"), f"{content['procedure']['kind']}:{data['procedure']['code']}"
    )
    table.add_row(say("minutes.col_date"), f"{content['place']}, {day(data['date'])}")
    for fact in content["facts"]:
        table.add_row(fact["label"], fact["value"])
    table.add_row("object", data["object_id"])
    table.add_row("written", f"{when(data['written_at'])} {data['written_by']}")
    for name, sha in data["files"].items():
        table.add_row(name, sha)
    console.print(table)
    rows = Table(title=content["subject"] or None)
    for column in content["columns"]:
        rows.add_column(column["vi"], overflow="fold")
    for row in content["rows"]:
        rows.add_row(*row)
    console.print(rows)


@app.command("get")
def get(
    ident: str = typer.Argument(...),
    output: Path = typer.Option(..., "-o", "--output"),
    as_json: bool = _JSON,
) -> None:
    """Lấy tệp PDF đã ký (hoặc JSON) của biên bản / write the signed PDF (or the JSON)."""
    from archive.atomic import atomic_write
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.minutes.service import read_minutes

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        data = read_minutes(archive, ident, "json" if as_json else "pdf")
        atomic_write(output, data)
    console.print(say("minutes.saved", path=output, size=len(data)))
