"""``archive disposal …``: the destruction procedure of TT 05/2025 Ch. VII.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli import display
from cli.output import console, print_json, say, term
from cli.retention import AGENT, JSON, opened

FORMATS = ("csv", "xlsx", "pdf")
"""``archive.retention.tables.FORMATS``, repeated for the help text (tests/cli/test_start.py)."""

app = typer.Typer(
    no_args_is_help=True,
)
council_app = typer.Typer(no_args_is_help=True)
app.add_typer(council_app, name="council")


@council_app.command("add")
def council_add(
    name: str = typer.Argument(...),
    role: str = typer.Option(..., "--role"),
    agent: str | None = AGENT,
) -> None:
    """Thêm thành viên hội đồng hoặc thủ trưởng / add a council member or the head."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.council import add_council_member

    with opened() as archive:
        add_council_member(archive, name, role, person_agent(agent))
    console.print(say("retention.member_added", name=name, role=term("council_role", role)))


@council_app.command("ls")
def council_ls(as_json: bool = JSON) -> None:
    """Danh sách hội đồng / list council members."""
    from archive.retention.disposal.council import list_council

    with opened() as archive:
        members = list_council(archive)
    if as_json:
        print_json(members)
        return
    table = Table(title=say("retention.council"))
    for col in ("common.name", "common.role", "retention.added_by", "retention.added_at"):
        table.add_column(say(col), overflow="fold")
    for m in members:
        table.add_row(
            m["name"], term("council_role", m["role"]), m["addedBy"], display.when(m["addedAt"])
        )
    console.print(table)


@app.command("review")
def review(
    year: int | None = typer.Option(
        None,
        "--year",
    ),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Lập danh mục hồ sơ hết hạn và trùng, trạng thái 'Xem xét hủy' / list expired and
    duplicate dossiers for review."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.lists import REVIEW_STATUS
    from archive.retention.disposal.review import review as review_dossiers

    with opened() as archive:
        result = review_dossiers(archive, person_agent(agent), year=year)
    if as_json:
        print_json(result.as_dict())
        return
    console.print(
        say("retention.review", code=result.code, count=len(result.items), status=REVIEW_STATUS)
    )
    for item in result.items:
        console.print(f"  {item['arcFileCode']}  {item['reasonText']}")
    for code in result.skipped_held:
        console.print(say("retention.skipped_held", code=code))


@app.command("ls")
def ls(
    code: str | None = typer.Argument(None),
    as_json: bool = JSON,
) -> None:
    """Xem danh mục hủy / show disposal lists."""
    from archive.retention.disposal.lists import show_list

    with opened() as archive:
        lists = show_list(archive, code)
    if as_json:
        print_json(lists if code is None else lists[0])
        return
    table = Table(title=say("retention.lists"))
    for col in ("retention.list_code", "common.status", "common.dossier", "retention.opinions"):
        table.add_column(say(col), overflow="fold")
    table.add_column(say("retention.decision"), overflow="fold")
    for d in lists:
        decision = d["decision"]
        table.add_row(
            d["code"],
            term("disposal_status", d["status"]),
            str(len(d["items"])),
            str(len(d["opinions"])),
            f"{decision['number'] or ''} {decision['date'] or ''}".strip(),
        )
    console.print(table)
    written = [m for d in lists for m in d["minutes"]]
    if written:  # the destruction minutes (Mẫu 21), 'archive minutes get ID -o FILE'
        from cli.minutes import print_minutes

        print_minutes(written)


@app.command("export")
def export(
    code: str = typer.Argument(...),
    fmt: str = typer.Option("csv", "--format"),
    out: Path = typer.Option(..., "-o", "--output"),
    level: str = typer.Option("dossiers", "--level"),
    agent: str | None = AGENT,
) -> None:
    """Xuất danh mục (CSV, XLSX, PDF) với các cột theo quy định / export the list."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.lists import export_list

    with opened() as archive:
        export_list(archive, code, fmt, out, person_agent(agent), level=level)
    console.print(say("common.wrote", path=out))


@app.command("opinion")
def opinion(
    code: str = typer.Argument(...),
    vote: str = typer.Option(..., "--vote"),
    comment: str = typer.Option("", "--comment"),
    agent: str | None = AGENT,
) -> None:
    """Thành viên hội đồng cho ý kiến / a council member records an opinion."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.council import record_opinion

    with opened() as archive:
        record_opinion(archive, code, person_agent(agent), vote, comment)
    console.print(say("retention.opinion_recorded"))


@app.command("attach")
def attach(
    code: str = typer.Argument(...),
    file: Path = typer.Argument(...),
    agent: str | None = AGENT,
) -> None:
    """Đính kèm văn bản thẩm định / attach an external appraisal document."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.council import attach as attach_appraisal

    with opened() as archive:
        info = attach_appraisal(archive, code, file, person_agent(agent))
    console.print(say("retention.stored", path=info["path"]))


@app.command("decide")
def decide(
    code: str = typer.Argument(...),
    number: str = typer.Option(..., "--number"),
    date: str = typer.Option(..., "--date"),
    file: Path = typer.Option(..., "--file"),
    reject: bool = typer.Option(False, "--reject"),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Thủ trưởng ra quyết định hủy / the head records the decision."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.decision import decide as record_decision

    with opened() as archive:
        result = record_decision(
            archive,
            code,
            person_agent(agent),
            number=number,
            decision_date=date,
            file=file,
            approve=not reject,
        )
    if as_json:
        print_json(result)
        return
    console.print(
        say("retention.decided", code=code, status=term("disposal_status", result["status"]))
    )


@app.command("execute")
def execute(
    code: str = typer.Argument(...),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Thực hiện hủy theo quyết định / destroy the dossiers of an approved list."""
    from archive.bootstrap import person_agent
    from archive.retention.disposal.execution import execute as execute_list

    with opened() as archive:
        report = execute_list(archive, code, person_agent(agent))
    if as_json:
        print_json(report.as_dict())
        return
    for item in report.destroyed:
        console.print(say("retention.destroyed", code=item["arcFileCode"], record=item["record"]))
