"""``archive audit``: the hash-chained audit log.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import typer

from cli.output import EXIT_FAILED, console, errors_to_exit, print_json, say

app = typer.Typer(no_args_is_help=True)


@app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json")) -> None:
    """Kiểm tra toàn bộ chuỗi băm / verify the whole hash chain; names the first broken link."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    with errors_to_exit(), open_archive(load_settings()) as archive:
        report = archive.verify_audit()
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        console.print(say("audit.chain_intact", count=report.checked))
    else:
        console.print(
            say(
                "audit.chain_broken",
                seq=report.first_broken_seq,
                event=report.first_broken_event,
                reason=report.reason,
            )
        )
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)
