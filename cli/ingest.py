"""``archive ingest PATH...``: progress bar, then a summary table (or JSON).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

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
    progress_bar,
    say,
    term,
)

if TYPE_CHECKING:
    from archive.ingest.pipeline import IngestResult

_COLOURS = {
    "accepted": "green",
    "recovered": "green",
    "duplicate": "cyan",
    "refused": "red",
    "pending": "yellow",
}


def summary_table(results: list[IngestResult]) -> Table:
    table = Table(title=say("ingest.summary"))
    table.add_column(say("ingest.package"), overflow="fold")
    table.add_column(say("common.file_code"), overflow="fold")
    table.add_column(say("common.status"))
    table.add_column(say("ingest.documents"), justify="right")
    table.add_column(say("ingest.errors"), justify="right")
    for r in results:
        table.add_row(
            Path(r.source).name,
            r.file_code or "",
            f"[{_COLOURS[r.status]}]{term('ingest_status', r.status)}[/]",
            str(r.documents),
            str(len(r.report.errors)),
        )
    return table


def summary_line(results: list[IngestResult]) -> str:
    """ "2/3 packages accepted, 1 already held." A package already held, or waiting for review
    (``ingest_review``), is not counted as accepted: nothing of it was stored yet."""
    held = sum(r.status == "duplicate" for r in results)
    pending = sum(r.status == "pending" for r in results)
    accepted = sum(r.ok for r in results) - held - pending
    refused = len(results) - accepted - held - pending
    line = say("ingest.accepted", accepted=accepted, total=len(results))
    if held:
        line += say("ingest.held", held=held)
    if pending:
        line += say("ingest.pending", pending=pending)
    if refused:
        line += say("ingest.refused", refused=refused)
    return line + "."


def ingest(
    paths: list[Path] = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1),
) -> None:
    """Nộp lưu gói SIP_hoso / ingest TT05 SIP_hoso packages (folders or .zip)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ingest.batch import ingest_batch
    from archive.signatures.pool import machine_workers

    results: list[IngestResult] = []
    with errors_to_exit() as stack:
        settings = load_settings(**({"ingest_workers": jobs} if jobs else {}))
        archive = stack.enter_context(open_archive(settings))
        who = person_agent(agent)
        ingestor = archive.ingestor
        log_dir = archive.settings.home / "logs"
        # With a pool, the next package is validated while this one is stored (ingest/batch.py).
        ahead = 1 if machine_workers(settings.ingest_workers) > 1 else 0
        with progress_bar(disable=as_json) as progress:
            task = progress.add_task(say("ingest.progress"), total=len(paths))
            # Never raises for one package: its failure is a finding, the batch goes on.
            for result in ingest_batch(ingestor, paths, who, log_dir, ahead=ahead):
                progress.update(task, description=Path(result.source).name)
                results.append(result)
                progress.advance(task)
    if as_json:
        print_json([r.as_dict() for r in results])
    else:
        console.print(summary_table(results))
        for r in results:
            shown = [f for f in r.report.findings if f.severity != "info" or not r.ok]
            if shown:
                console.print(findings_table(shown, Path(r.source).name))
        console.print(summary_line(results))
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILED)
