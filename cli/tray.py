"""``archive tray ls | show``: the filing tray (văn bản chờ lập hồ sơ), docs/edxml.md.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from cli.display import day, typed_day, when
from cli.output import (
    EXIT_FAILED,
    console,
    errors_to_exit,
    findings_table,
    print_json,
    say,
    term,
)

app = typer.Typer(no_args_is_help=True)

_JSON = typer.Option(False, "--json")
_AGENT = typer.Option(None, "--agent")


@app.command("ls")
def ls(
    sender: str | None = typer.Option(None, "--sender"),
    since: str | None = typer.Option(None, "--since"),
    until: str | None = typer.Option(None, "--until"),
    type_name: str | None = typer.Option(None, "--type"),
    state: str | None = typer.Option(None, "--state"),
    everything: bool = typer.Option(False, "--all"),
    as_json: bool = _JSON,
) -> None:
    """Văn bản chờ lập hồ sơ / documents in the filing tray (newest first)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.edxml.tray import TrayFilter, list_tray
    from archive.errors import InvalidInput

    with errors_to_exit() as stack:
        if state not in (None, "received", "filed", "withdrawn"):
            raise InvalidInput(f"--state {state!r}: received | filed | withdrawn")
        where = TrayFilter(
            sender=sender or "",
            since=typed_day(since, "--since"),
            until=typed_day(until, "--until"),
            type_name=type_name or "",
            state="all" if everything else state or "received",
        )
        archive = stack.enter_context(open_archive(load_settings()))
        rows = list_tray(archive, where)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("edxml.tray_title"))
    for key in ("code", "number", "date", "type", "sender", "subject", "state"):
        table.add_column(say(f"edxml.col.{key}"), overflow="fold")
    for r in rows:
        number = f"{r['code_number']}/{r['code_notation']}"
        table.add_row(
            r["code"],
            number,
            day(r["issued_on"]),
            r["type_name"],
            r["sender_name"],
            r["subject"],
            term("tray_state", r["state"]),
        )
    console.print(table)
    console.print(say("edxml.tray_count", count=len(rows)))


def _show(data: dict[str, Any]) -> None:
    table = Table(title=f"{data['code']} ({term('tray_state', data['state'])})", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row(say("edxml.col.received"), when(data["received_at"]))
    table.add_row(say("edxml.col.signed"), term("edxml_signed", data["signed"]))
    table.add_row(say("edxml.col.business"), term("edxml_business", data["business_type"]))
    table.add_row("DocumentId", data["document_identifier"])
    if data.get("filed_dossier"):
        codes = ", ".join(d["doc_code"] for d in data.get("filed_documents", []))
        table.add_row(say("edxml.col.filed"), f"{data['filed_dossier']} ({codes})")
    if data.get("recall_state"):
        table.add_row(say("edxml.col.recall"), term("recall_state", data["recall_state"]))
    links = [data["related"]] if data.get("related") else []
    for link in [*links, *data.get("related_by", [])]:
        kind = term("edxml_business", link["business_type"])
        table.add_row(say("edxml.col.related"), f"{link['code']} ({kind}, {link['state']})")
    for key, value in data["metadata"].items():
        table.add_row(key, str(value))
    console.print(table)
    files = Table(title=say("edxml.attachments"))
    for key in ("file", "size", "signatures"):
        files.add_column(say(f"edxml.col.{key}"), overflow="fold")
    for item in data["attachments"]:
        report = item.get("signatures") or {}
        files.add_row(
            item["name"], str(item["size"]), term("indication", report.get("bottom_line", ""))
        )
    console.print(files)
    trace = Table(title=say("edxml.trace"))
    trace.add_column("OrganId")
    trace.add_column(say("edxml.col.received"))
    for t in data["trace"]:
        trace.add_row(t["OrganId"], when(t["Timestamp"]))
    console.print(trace)
    if data["findings"]:
        from archive.findings import Finding

        console.print(findings_table([Finding(**f) for f in data["findings"]], data["code"]))


@app.command("show")
def show(code: str = typer.Argument(...), as_json: bool = _JSON) -> None:
    """Một văn bản trong khay / one document of the filing tray, with its history."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.edxml.tray import show_tray

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        data = show_tray(archive, code)
    if as_json:
        print_json(data)
        return
    _show(data)


@app.command("assemble")
def assemble(
    codes: list[str] = typer.Argument(...),
    dossier_sheet: Path = typer.Option(..., "--dossier-sheet", exists=True, dir_okay=False),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Lập hồ sơ từ văn bản trong khay / file tray documents into a dossier (ingest gate)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.ingest.filing import assemble as file_into

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        done = file_into(archive, archive.ingestor, codes, dossier_sheet, person_agent(agent))
    if as_json:
        print_json(done.as_dict())
    else:
        shown = [f for f in done.report.findings if f.severity != "info" or done.status != "filed"]
        if shown:
            console.print(findings_table(shown, dossier_sheet.name))
        console.print(
            say(
                f"edxml.assemble_{done.status}",
                count=len(done.codes),
                arc_file_code=done.arc_file_code or "",
                pending_code=done.pending_code or "",
            )
        )
    if done.status == "refused":
        raise typer.Exit(EXIT_FAILED)


@app.command("recall-decide")
def recall_decide(
    code: str = typer.Argument(...),
    accept: bool = typer.Option(False, "--accept"),
    refuse: bool = typer.Option(False, "--refuse"),
    reason: str = typer.Option(..., "--reason"),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Quyết định thu hồi văn bản đã lưu / decide on the recall of a filed document (15 / 16)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.edxml.recall import decide_recall
    from archive.errors import InvalidInput

    with errors_to_exit() as stack:
        if accept == refuse:
            raise InvalidInput(
                "chọn một trong --accept hoặc --refuse / give one of --accept or --refuse"
            )
        archive = stack.enter_context(open_archive(load_settings()))
        done = decide_recall(archive, code, accept, reason, person_agent(agent))
    if as_json:
        print_json(done)
        return
    console.print(say(f"edxml.recall_{'accepted' if accept else 'refused'}", code=code))
