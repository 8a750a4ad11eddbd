"""``archive ocr run``: PDF/A-2b two-layer OCR renditions of scanned documents (issue #18).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, print_json, say, term

if TYPE_CHECKING:
    from archive.ocr.worker import OcrReport

app = typer.Typer(
    no_args_is_help=True,
)


def show(report: OcrReport) -> None:
    """The run as a table and a summary line (also used by ``archive preserve run``)."""
    if not report.planned:
        console.print(say("ocr.nothing_due"))
        return
    table = Table(title=say("ocr.title"))
    for col in ("catalog.doc_code", "common.file", "common.done", "ocr.pages", "ocr.confidence"):
        table.add_column(say(col), overflow="fold")
    done = {r.item.document_id: r for r in report.results}
    for item in report.planned:
        result = done.get(item.document_id)
        if result is None:
            outcome = say("common.planned") if report.dry_run else ""
        else:
            outcome = term("ocr_done", result.done)
            if result.done == "failed":
                outcome = f"[red]{outcome}[/]"
        pages = "" if result is None or result.pages is None else str(result.pages)
        conf = "" if result is None or result.confidence is None else f"{result.confidence:.1f}"
        table.add_row(item.doc_code, item.path, outcome, pages, conf)
    console.print(table)
    if report.dry_run:
        console.print(say("ocr.dry_run"))
        return
    console.print(
        say(
            "ocr.summary",
            made=report.count("made") + report.count("adopted"),
            pages=sum(r.pages or 0 for r in report.results),
            not_needed=report.count("not_needed"),
            failed=len(report.failed),
        )
    )


def loud(report: OcrReport) -> None:
    """Failures on stderr, whatever the output format: cron mails them."""
    for r in report.failed:
        err_console.print(
            f"[red]{say('ocr.failed')}[/] {r.item.doc_code} ({r.item.path}): {r.message}",
            soft_wrap=True,
        )


@app.command("run")
def run_command(
    dry_run: bool = typer.Option(False, "--dry-run"),
    limit: int | None = typer.Option(None, "--limit", min=1),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Tạo bản OCR PDF/A-2b cho văn bản quét / make OCR renditions of scanned documents.

    Every document whose original (PDF or image) has no text layer gets a PDF/A-2b two-layer
    rendition (OCRmyPDF, Tesseract, languages of 'ocr_languages') as a new version of its
    dossier, beside the untouched original, with a PREMIS event; its words are indexed. Several
    runs may work at once (documents are claimed); a run that stopped is resumed by the next.

    Exit 1 when a document failed, so cron can alert."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ocr.worker import run

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = run(archive, agent=person_agent(agent), dry_run=dry_run, limit=limit)
    if as_json:
        print_json(report.as_dict())
    else:
        show(report)
    loud(report)
    if report.failed:
        raise typer.Exit(EXIT_FAILED)
