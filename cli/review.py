"""``archive review ls | show | accept | return``: packages held for review (ingest_review).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from cli.display import size, when, yes_no
from cli.output import (
    EXIT_FAILED,
    console,
    errors_to_exit,
    findings_table,
    print_json,
    say,
    term,
)

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
    table = Table(title=say("ingest.review_title"))
    headers = ("review_code", "file_code", "review_agency", "review_received", "review_days")
    for key in (*headers, "review_state"):
        table.add_column(
            say(f"common.{key}" if key == "file_code" else f"ingest.{key}"), overflow="fold"
        )
    for r in rows:
        state = term("review_state", r["state"])
        if r["overdue"]:
            state = f"[red]{state}, {say('ingest.review_overdue')}[/]"
        days = "" if r["days_waiting"] is None else str(r["days_waiting"])
        table.add_row(r["code"], r["fileCode"], r["agency"], when(r["submitted_at"]), days, state)
    console.print(table)
    late = sum(r["overdue"] for r in rows)
    console.print(say("ingest.review_count", count=len(rows), late=late))


_FIELDS = (
    "fileCode", "agency", "request_code", "submitted_at", "submitted_by", "due_at",
    "days_waiting", "overdue", "registered_docs", "received_docs", "files", "bytes",
    "decided_at", "decided_by", "reason", "object_id",
)  # fmt: skip
"""The fields of a package under review, in the order shown."""


def _value(key: str, value: object) -> str:
    """A field of a package under review as people read it."""
    if key.endswith("_at"):
        return when(value)
    if isinstance(value, bool):
        return yes_no(value)
    if key == "bytes" and isinstance(value, int):
        return size(value)
    return str(value)


def _show(data: dict[str, Any]) -> None:
    title = f"{data['code']}: {data['title']} ({term('review_state', data['state'])})"
    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key in _FIELDS:
        if data.get(key) not in (None, ""):
            table.add_row(say(f"ingest.review_field.{key}"), _value(key, data[key]))
    console.print(table)
    if receipt := data.get("receipt"):
        console.print(_receipt_line(receipt))
    if data.get("findings"):
        from archive.findings import Finding

        console.print(findings_table([Finding(**f) for f in data["findings"]], data["code"]))


def _receipt_line(receipt: dict[str, Any]) -> str:
    content = receipt["content"]
    counts = content["counts"]
    registered, received = counts["registered"], counts["received"]
    if registered is None or received >= registered:
        count = say("ingest.review_complete")
    else:
        count = say("ingest.review_short", missing=registered - received)
    return say(
        "ingest.review_receipt",
        title=term("receipt", content["kind"]),
        number=content["number"],
        decision=term("decision", content["decision"]["result"]),
        count=count,
        object_id=receipt["object_id"],
    )


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
            console.print(findings_table(shown, code))
        console.print(
            say("ingest.review_accepted", code=code, arc_file_code=result.arc_file_code)
            if result.ok
            else say("ingest.review_not_accepted", code=code)
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
        console.print(say("ingest.review_returned", code=code))
