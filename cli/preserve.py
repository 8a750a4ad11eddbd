"""``archive preserve run``: augment to PAdES-LTA, renew archive timestamps, revalidate."""

from __future__ import annotations

import typer
from rich.table import Table

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.signatures.preserve import PreserveReport, run
from cli.output import EXIT_FAILED, console, errors_to_exit, print_json, say

app = typer.Typer(
    help="Bảo quản chữ ký số dài hạn / long-term signature preservation.", no_args_is_help=True
)


def _show(report: PreserveReport) -> None:
    table = Table(title=say("Bảo quản chữ ký số", "Signature preservation"))
    for col in (
        "docCode",
        say("Tệp", "File"),
        say("Việc", "Action"),
        say("Kết quả", "Done"),
        say("Trước", "Before"),
        say("Sau", "After"),
        say("Hạn bảo vệ", "Horizon"),
    ):
        table.add_column(col, overflow="fold")
    done = {r.item.validation_id: r for r in report.results}
    for item in report.planned:
        result = done.get(item.validation_id)
        after = result.after if result else None
        style = "bold red" if result and result.changed else ""
        table.add_row(
            item.doc_code,
            item.path,
            item.action,
            (result.done if result else say("dự kiến", "planned")),
            item.bottom_line,
            f"[{style}]{after or ''}[/]" if style else (after or ""),
            item.horizon or "",
        )
    console.print(table)
    for result in report.results:
        if result.changed:
            console.print(
                say(
                    f"[bold red]THAY ĐỔI KẾT LUẬN[/] {result.item.doc_code}: "
                    f"{result.before} → {result.after}",
                    f"[bold red]VERDICT CHANGED[/] {result.item.doc_code}: "
                    f"{result.before} → {result.after}",
                )
            )
        if result.done == "failed":
            console.print(f"[red]{result.item.doc_code}[/]: {result.message}")


@app.command("run")
def run_command(
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ liệt kê / only list the work."),
    limit: int | None = typer.Option(None, "--limit", help="Tối đa N tệp / at most N files."),
    as_json: bool = typer.Option(False, "--json", help="JSON output."),
    agent: str | None = typer.Option(None, "--agent", help="Người thực hiện / acting person."),
) -> None:
    """Bổ sung LTA, gia hạn dấu thời gian, kiểm tra lại / augment, renew and revalidate.

    Exit 1 when a verdict changed or an item failed, so cron can alert."""
    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = run(archive, agent=person_agent(agent), dry_run=dry_run, limit=limit)
    if as_json:
        print_json(report.as_dict())
    else:
        _show(report)
    if any(r.changed or r.done == "failed" for r in report.results):
        raise typer.Exit(EXIT_FAILED)
