"""``archive preserve run``: augment to PAdES-LTA, renew archive timestamps, revalidate.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.preserve import PreserveReport

app = typer.Typer(
    help="Bảo quản chữ ký số dài hạn / long-term signature preservation.", no_args_is_help=True
)


def _show(report: PreserveReport) -> None:
    if report.planned:
        console.print(_table(report))
    if report.evidence:
        _show_evidence(report)
    if not report.planned and not report.evidence:
        console.print(
            say(
                "Không có việc cần làm: không tệp nào đến hạn bổ sung LTA, gia hạn dấu thời gian "
                "hay kiểm tra lại, không lô bằng chứng nào đến hạn gia hạn.",
                "Nothing to do: no file is due for augmentation, timestamp renewal or "
                "revalidation, and no evidence batch is due for renewal.",
            )
        )
    elif report.dry_run:
        console.print(say("Chạy thử: không thực hiện gì.", "Dry run: nothing was done."))


def _table(report: PreserveReport) -> Table:
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
        after = (result.after if result else None) or ""
        horizon = item.horizon or ""
        if result and result.horizon and result.horizon != item.horizon:
            horizon = f"{horizon} → {result.horizon}"
        if result is None:
            outcome = say("dự kiến", "planned") if report.dry_run else say("bỏ qua", "skipped")
        else:
            outcome = result.done
        table.add_row(
            item.doc_code,
            item.path,
            item.action,
            f"[red]{outcome}[/]" if result and result.done == "failed" else outcome,
            item.bottom_line,
            f"[bold red]{after}[/]" if result and result.changed else after,
            horizon,
        )
    return table


def _show_evidence(report: PreserveReport) -> None:
    table = Table(title=say("Gia hạn hồ sơ bằng chứng (RFC 4998)", "Evidence-record renewal"))
    for col in (
        say("Lô", "Batch"),
        say("Việc", "Renewal"),
        say("Lý do", "Reason"),
        say("Kết quả", "Done"),
        say("Hạn bảo vệ", "Horizon"),
    ):
        table.add_column(col, overflow="fold")
    for r in report.evidence:
        if report.dry_run:
            outcome = say("dự kiến", "planned")
        else:
            outcome = f"{r.version}" if r.done else "[red]failed[/]"
        horizon = f"{r.horizon} → {r.new_horizon}" if r.new_horizon else (r.horizon or "")
        table.add_row(r.batch, r.kind, r.reason, outcome, horizon)
    console.print(table)


def _loud(report: PreserveReport) -> None:
    """Changes and failures on stderr, whatever the output format: cron mails them."""
    for r in report.changed:
        where = f"{r.item.doc_code} ({r.item.path}): {r.before} → {r.after}"
        err_console.print(
            say(
                f"[bold red]THAY ĐỔI TRẠNG THÁI CHỮ KÝ[/] {where}",
                f"[bold red]SIGNATURE STATUS CHANGED[/] {where}",
            ),
            soft_wrap=True,  # one line per finding, whatever the terminal width
        )
        for change in r.changes:
            err_console.print(f"  {change}", soft_wrap=True)
    for r in report.failed:
        err_console.print(
            f"[red]{say('Không thực hiện được', 'Failed')}[/] {r.item.doc_code} "
            f"({r.item.action}): {r.message}",
            soft_wrap=True,
        )
    for e in report.evidence_failed:
        err_console.print(
            f"[red]{say('Không gia hạn được', 'Renewal failed')}[/] {e.batch} ({e.kind}): "
            f"{e.message}",
            soft_wrap=True,
        )


@app.command("run")
def run_command(
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ liệt kê / only list the work."),
    limit: int | None = typer.Option(None, "--limit", help="Tối đa N tệp / at most N files."),
    as_json: bool = typer.Option(False, "--json", help="JSON output."),
    agent: str | None = typer.Option(None, "--agent", help="Người thực hiện / acting person."),
) -> None:
    """Bổ sung LTA, gia hạn dấu thời gian, kiểm tra lại / augment, renew and revalidate.

    Also renews RFC 4998 evidence records whose protection horizon is near (timestamp or
    hash-tree renewal, one TSA request per batch), and extends the Object Lock horizon of
    permanent records (as 'archive storage extend-locks').

    Exit 1 when a verdict changed or an item failed, so cron can alert."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.holdings.locks import extend_locks
    from archive.preserve import run

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = run(archive, agent=person_agent(agent), dry_run=dry_run, limit=limit)
        locks = (
            None
            if dry_run
            else extend_locks(archive.sessions, archive.roots(), [person_agent(agent)])
        )
    if as_json:
        print_json({**report.as_dict(), "locks": locks.as_dict() if locks else None})
    else:
        _show(report)
        for name, done in (locks.stores if locks else {}).items():
            if done.keys:
                console.print(
                    say(
                        f"Kho {name}: gia hạn khóa của {done.objects} hồ sơ vĩnh viễn",
                        f"Store {name}: lock of {done.objects} permanent dossier(s) extended",
                    )
                    + f" → {done.until[:10]}"
                )
    _loud(report)
    if report.changed or report.failed or report.evidence_failed:
        raise typer.Exit(EXIT_FAILED)
