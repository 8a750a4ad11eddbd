"""``archive edxml import PATH… [--watch]``: envelopes from the Trục liên thông into the
filing tray (docs/edxml.md).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.output import (
    EXIT_FAILED,
    console,
    errors_to_exit,
    findings_table,
    print_json,
    say,
    term,
)

if TYPE_CHECKING:
    from archive.edxml.intake import Intake

app = typer.Typer(no_args_is_help=True)

_COLOURS = {
    "accepted": "green",
    "refused": "red",
    "withdrawn": "yellow",
    "recall refused": "red",
    "recall pending": "yellow",
}


def _files(paths: list[Path]) -> list[Path]:
    from archive.errors import InvalidInput

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
            )
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidInput(f"không tìm thấy {path} / {path} not found")
    return out


def _show(results: list[Intake]) -> None:
    table = Table(title=say("edxml.summary"))
    for key in ("file", "status", "code", "errors"):
        table.add_column(say(f"edxml.col.{key}"), overflow="fold")
    for r in results:
        status = f"[{_COLOURS[r.status]}]{term('edxml_status', r.status)}[/]"
        errors = [f for f in r.findings if f.severity == "error"]
        table.add_row(r.source, status, r.code, str(len(errors)))
    console.print(table)
    for r in results:
        if r.findings:
            console.print(findings_table(r.findings, r.source))
        if r.quarantine:
            console.print(say("edxml.quarantined", folder=r.quarantine))
    accepted = sum(r.status == "accepted" for r in results)
    console.print(say("edxml.count", accepted=accepted, total=len(results)))


@app.command("import")
def import_(
    envelopes: list[Path] = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
    watch: bool = typer.Option(False, "--watch"),
    interval: int = typer.Option(10, "--interval", min=1, max=3600),
) -> None:
    """Nhận gói edXML vào khay chờ lập hồ sơ / take edXML envelopes into the filing tray."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.edxml.intake import drain_folder, import_envelope

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        who = person_agent(agent)
        if watch:
            folders = [p for p in envelopes if p.is_dir()]
            if len(folders) != len(envelopes):
                from archive.errors import InvalidInput

                raise InvalidInput("--watch cần một thư mục nhận / --watch needs a drop folder")
            while True:  # until interrupted; each round handles what arrived
                for folder in folders:
                    found = drain_folder(archive, archive.signatures, folder, who)
                    if found:
                        _show(found)
                time.sleep(interval)
        results = [
            import_envelope(archive, archive.signatures, path, who) for path in _files(envelopes)
        ]
    if as_json:
        print_json([r.as_dict() for r in results])
    else:
        _show(results)
    if any(r.status == "refused" for r in results):
        raise typer.Exit(EXIT_FAILED)
