"""``archive verify TARGET``: ETSI-style verdict per signature, for auditors.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import (
    EXIT_FAILED,
    console,
    err_console,
    errors_to_exit,
    lang,
    print_json,
    say,
    term,
)

if TYPE_CHECKING:
    from archive.evidence.verify import Verification

__all__ = ["parse_at", "verify_command"]

_COLOURS = {
    "TOTAL_PASSED": "green",
    "INDETERMINATE": "yellow",
    "TOTAL_FAILED": "red",
    "NO_SIGNATURE": "cyan",
}


def parse_at(text: str | None) -> datetime | None:
    from archive.errors import InvalidInput

    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(
            f"--at {text!r}: dùng ISO 8601, ví dụ 2035-06-01T00:00:00+07:00 / use ISO 8601"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _table(result: Verification) -> Table:
    table = Table(title=say("signatures.verification"))
    for col in (
        "common.file",
        "signatures.field",
        "common.kind",
        "signatures.signer",
        "PAdES",
        "common.verdict",
        "signatures.explanation",
    ):
        table.add_column(say(col) if "." in col else col, overflow="fold")
    for report in result.reports:
        if report.error or not report.signatures:
            table.add_row(
                report.file,
                "",
                "",
                "",
                "",
                report.bottom_line,
                report.error or say("signatures.no_signature"),
            )
        for sig in report.signatures:
            colour = _COLOURS[sig.indication]
            table.add_row(
                report.file,
                sig.field,
                term("signature_kind", sig.kind),
                display.subject(sig.signer_subject),
                sig.pades_level,
                f"[{colour}]{sig.status}[/]",
                sig.messages_en[0] if lang() == "en" else sig.messages_vi[0],
            )
    return table


def verify_command(
    target: str = typer.Argument(...),
    at: str | None = typer.Option(None, "--at"),
    as_json: bool = typer.Option(False, "--json"),
    html: Path | None = typer.Option(None, "--html"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Xác thực chữ ký số / verify signatures; exit 0 only when every one is TOTAL_PASSED."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.errors import InvalidInput
    from archive.evidence.verify import render_html, verify, verify_file

    with errors_to_exit() as stack:
        moment = parse_at(at)
        settings = load_settings()
        if Path(target).is_file():  # any PDF: needs the trust settings, not an archive home
            result = verify_file(settings, Path(target), at=moment)
        else:
            archive = stack.enter_context(open_archive(settings))
            result = verify(archive, target, at=moment, agent=person_agent(agent))
        if html is not None:
            try:
                html.write_text(render_html(result), encoding="utf-8")
            except OSError as exc:
                raise InvalidInput(
                    f"không ghi được {html} / cannot write {html}: {exc.strerror}"
                ) from exc
    if as_json:
        print_json(result.as_dict())
    else:
        console.print(_table(result))
        colour = _COLOURS[result.bottom_line]
        console.print(f"{say('signatures.overall')}: [{colour}]{result.bottom_line}[/]")
    if html is not None:  # on stderr with --json, so stdout stays one JSON document
        where = html.resolve()
        (err_console if as_json else console).print(
            say("signatures.html_written", path=where),
            soft_wrap=True,
        )
    if result.bottom_line != "TOTAL_PASSED":
        raise typer.Exit(EXIT_FAILED)
