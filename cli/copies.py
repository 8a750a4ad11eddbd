"""``archive copy plain | ls | purge``: plain copies (bản sao không xác thực, TT 05/2025 Đ40) and
the copies' working area (docs/use.md). Reading copies (Đ37) are read in the browser only:
no command exports one.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli import display
from cli.output import console, errors_to_exit, print_json, say, term

app = typer.Typer(
    no_args_is_help=True,
)

_JSON = typer.Option(False, "--json")


@app.command("plain")
def plain_command(
    code: str = typer.Argument(...),
    user: str = typer.Option(..., "--user"),
    out: Path = typer.Option(..., "--out"),
    as_json: bool = _JSON,
) -> None:
    """Tạo bản sao không xác thực cho một người và ghi ra tệp / make a plain copy and write it."""
    from archive.atomic import atomic_write
    from archive.audit.chain import append_events
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.errors import InvalidInput
    from archive.use.copies import as_dict, delivery_event, issue, open_copy

    with errors_to_exit() as stack:
        if not out.parent.is_dir():
            raise InvalidInput(say("use.out_folder", folder=str(out.parent)))
        archive = stack.enter_context(open_archive(load_settings()))
        agent = person_agent()
        with unit_of_work(archive.sessions) as session:
            row = issue(session, archive.settings, archive.ocfl, user, code, "plain", agent)
            made = as_dict(row)
        with unit_of_work(archive.sessions) as session:
            _, path = open_copy(session, archive.settings, user, made["id"], "plain")
            atomic_write(out, path.read_bytes(), mode=0o600)
            append_events(session, [delivery_event(made, [agent], "CLI", delivered=True)])
    if as_json:
        print_json({**made, "out": str(out)})
        return
    console.print(
        say(
            "use.copy_written",
            id=made["id"],
            record=made["record"],
            out=str(out),
            until=display.when(made["validUntil"]),
        )
    )


@app.command("ls")
def ls_command(
    user: str | None = typer.Option(None, "--user"),
    as_json: bool = _JSON,
) -> None:
    """Bản đọc và bản sao đã cấp / reading and plain copies issued."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.use.copies import list_copies

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            rows = list_copies(session, user)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("use.copies_title"))
    for key in ("use.copy_id", "use.copy_kind", "use.record", "use.copy_holder"):
        table.add_column(say(key), overflow="fold")
    for key in ("use.copy_issued", "use.copy_until", "common.status"):
        table.add_column(say(key), overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            term("copy_kind", r["kind"]),
            r["record"],
            r["holder"],
            display.when(r["issuedAt"]),
            display.when(r["validUntil"]),
            term("copy_state", r["state"]),
        )
    console.print(table)


@app.command("purge")
def purge_command(as_json: bool = _JSON) -> None:
    """Xóa tệp bản đọc, bản sao đã hết hạn / delete the files of ended copies."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.use.copies import purge

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            count = purge(session, archive.settings, person_agent())
    if as_json:
        print_json({"deleted": count})
        return
    console.print(say("use.copies_purged", count=count))
