"""``archive review ls | show | accept | return``: packages held for review (ingest_review).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from cli.output import EXIT_FAILED, console, errors_to_exit, findings_table, print_json, say

app = typer.Typer(
    no_args_is_help=True,
)

_JSON = typer.Option(False, "--json")
_AGENT = typer.Option(None, "--agent")


@app.command("ls")
def ls(
    overdue: bool = typer.Option(False, "--overdue"),
    everything: bool = typer.Option(False, "--all"),
    as_json: bool = _JSON,
) -> None:
    """Gói chờ tiếp nhận / packages awaiting review (oldest first)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.ingest.review import list_pending

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        rows = list_pending(archive, overdue_only=overdue, everything=everything)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("Gói chờ tiếp nhận", "Packages awaiting review"))
    for col in (
        say("Mã", "Code"),
        say("Mã hồ sơ", "File code"),
        say("Cơ quan", "Agency"),
        say("Ngày nhận", "Received"),
        say("Số ngày", "Days"),
        say("Trạng thái", "State"),
    ):
        table.add_column(col, overflow="fold")
    for r in rows:
        state = r["state_vi"] if say("vi", "en") == "vi" else r["state"]
        if r["overdue"]:
            state = f"[red]{state}, {say('quá hạn', 'overdue')}[/]"
        days = "" if r["days_waiting"] is None else str(r["days_waiting"])
        table.add_row(r["code"], r["fileCode"], r["agency"], r["submitted_at"], days, state)
    console.print(table)
    late = sum(r["overdue"] for r in rows)
    console.print(
        say(f"{len(rows)} gói, {late} quá hạn.", f"{len(rows)} packages, {late} overdue.")
    )


def _show(data: dict[str, Any]) -> None:
    table = Table(title=f"{data['code']}: {data['title']}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key in (
        "state_vi", "fileCode", "agency", "request_code", "submitted_at", "submitted_by",
        "due_at", "days_waiting", "overdue", "registered_docs", "received_docs", "files",
        "bytes", "decided_at", "decided_by", "reason", "object_id",
    ):  # fmt: skip
        if data.get(key) not in (None, ""):
            table.add_row(key, str(data[key]))
    console.print(table)
    receipt = data.get("receipt")
    if receipt:
        content = receipt["content"]
        console.print(
            f"[bold]{content['title']}[/] ({content['title_en']}) {content['number']}: "
            f"{content['decision']['label']}; {say('đối chiếu', 'count')} "
            f"{content['counts']['result']}; {receipt['object_id']} (receipt.pdf, receipt.json)"
        )
    if data.get("findings"):
        from archive.findings import Finding

        console.print(findings_table([Finding(**f) for f in data["findings"]], data["code"]))


@app.command("show")
def show(code: str = typer.Argument(...), as_json: bool = _JSON) -> None:
    """Xem một gói / one package under review, with its checks (and receipt)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.ingest.review import show_pending

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        data = show_pending(archive, code)
    if as_json:
        print_json(data)
    else:
        _show(data)


@app.command("accept")
def accept(
    code: str = typer.Argument(...),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Đồng ý tiếp nhận / accept: build and store the AIP, catalogue the dossier."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ingest.review import accept_package

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        result = accept_package(archive, archive.ingestor, code, person_agent(agent))
    if as_json:
        print_json(result.as_dict())
    else:
        shown = [f for f in result.report.findings if f.severity != "info" or not result.ok]
        if shown:
            console.print(findings_table(shown, Path(result.source).name))
        console.print(
            say(
                f"{code}: đã tiếp nhận, hồ sơ {result.arc_file_code}.",
                f"{code}: accepted as {result.arc_file_code}.",
            )
            if result.ok
            else say(
                f"{code}: không tiếp nhận được, gói vẫn chờ.",
                f"{code}: not accepted; it is still pending.",
            )
        )
    if not result.ok:
        raise typer.Exit(EXIT_FAILED)


@app.command("return")
def return_(
    code: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Trả lại kèm lý do / return the package with reasons: nothing is stored."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ingest.review import return_package

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        data = return_package(archive, code, reason, person_agent(agent))
    if as_json:
        print_json(data)
    else:
        console.print(say(f"{code}: đã trả lại.", f"{code}: returned."))
