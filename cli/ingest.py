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
)

if TYPE_CHECKING:
    from archive.ingest.pipeline import IngestResult

_STATUS = {
    "accepted": ("green", "đã tiếp nhận", "accepted"),
    "recovered": ("green", "đã hoàn tất (khôi phục)", "completed (recovered)"),
    "duplicate": ("cyan", "đã có, không lưu lại", "already archived"),
    "refused": ("red", "bị từ chối", "refused"),
    "pending": ("yellow", "chờ tiếp nhận", "awaiting review"),
}


def summary_table(results: list[IngestResult]) -> Table:
    table = Table(title=say("Kết quả nộp lưu", "Ingest summary"))
    table.add_column(say("Gói tin", "Package"), overflow="fold")
    table.add_column(say("Mã hồ sơ", "Dossier code"), overflow="fold")
    table.add_column(say("Trạng thái", "Status"))
    table.add_column(say("Tài liệu", "Documents"), justify="right")
    table.add_column(say("Lỗi", "Errors"), justify="right")
    for r in results:
        colour, vi, en = _STATUS[r.status]
        table.add_row(
            Path(r.source).name,
            r.file_code or "",
            f"[{colour}]{say(vi, en)}[/]",
            str(r.documents),
            str(len(r.report.errors)),
        )
    return table


def summary_line(results: list[IngestResult]) -> str:
    """ "2/3 packages accepted, 1 already held." A package already held is not counted as
    accepted: nothing of it was stored (its status is ``duplicate``)."""
    held = sum(r.status == "duplicate" for r in results)
    accepted = sum(r.ok for r in results) - held
    refused = len(results) - accepted - held
    vi = f"{accepted}/{len(results)} gói được tiếp nhận"
    en = f"{accepted}/{len(results)} packages accepted"
    if held:
        vi += f", {held} gói đã có trong kho (không lưu lại)"
        en += f", {held} already held (not stored again)"
    if refused:
        vi += f", {refused} gói bị từ chối"
        en += f", {refused} refused"
    return say(vi + ".", en + ".")


def ingest(
    paths: list[Path] = typer.Argument(..., help="Gói SIP_hoso (.zip hoặc thư mục)."),
    as_json: bool = typer.Option(False, "--json", help="JSON output."),
    agent: str | None = typer.Option(None, "--agent", help="Người thực hiện / acting person."),
) -> None:
    """Nộp lưu gói SIP_hoso / ingest TT05 SIP_hoso packages (folders or .zip)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ingest.batch import ingest_one

    results: list[IngestResult] = []
    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        who = person_agent(agent)
        ingestor = archive.ingestor
        log_dir = archive.settings.home / "logs"
        with progress_bar(disable=as_json) as progress:
            task = progress.add_task(say("Đang nộp lưu", "Ingesting"), total=len(paths))
            for path in paths:
                progress.update(task, description=path.name)
                # Never raises for one package: its failure is a finding, the batch goes on.
                results.append(ingest_one(ingestor, path, who, log_dir))
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
