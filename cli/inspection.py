"""``archive inspection plan | show | run | failures | remedy``: periodic inspection
(kiểm tra định kỳ), docs/operations.md "Inspection".

Imports of ``archive`` sit inside the functions that use them: ``import cli.main`` must stay
light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from cli.display import when
from cli.output import console, errors_to_exit, print_json, say

app = typer.Typer(no_args_is_help=True)

_JSON = typer.Option(False, "--json")
_AGENT = typer.Option(None, "--agent")


def _outcome(value: str | None) -> str:
    return say(f"inspection.outcome.{value or 'none'}")


def _plan_table(data: dict[str, Any]) -> None:
    table = Table(title=say("inspection.plan_title", year=data["year"]))
    for key in ("code", "fonds", "last_seen", "inspected", "outcome"):
        table.add_column(say(f"inspection.col.{key}"), overflow="fold")
    for i in data["items"]:
        inspected = when(i["inspected_at"]) if i["inspected_at"] else ""
        table.add_row(
            i["arc_file_code"], i["fonds"], when(i["last_seen"]), inspected, _outcome(i["outcome"])
        )
    console.print(table)
    console.print(say("inspection.plan_progress", **data))


@app.command("plan")
def plan_command(
    year: int | None = typer.Option(None, "--year"),
    agent: str | None = _AGENT,
    as_json: bool = _JSON,
) -> None:
    """Lập kế hoạch kiểm tra năm / make the year's inspection plan."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.dates import today
    from archive.db.engine import unit_of_work
    from archive.inspection.plan import make_plan
    from archive.inspection.views import plan_view

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        made = make_plan(archive, year or today().year, person_agent(agent))
        with unit_of_work(archive.sessions) as session:
            data = plan_view(session, made.year)
    if as_json:
        print_json(data)
        return
    _plan_table(data)
    console.print(
        say(
            "inspection.plan_made",
            year=data["year"],
            planned=data["planned"],
            holding=data["holding"],
            fonds=len(data["fonds"]),
        )
    )


@app.command("show")
def show_command(year: int | None = typer.Option(None, "--year"), as_json: bool = _JSON) -> None:
    """Kế hoạch kiểm tra và tiến độ / an inspection plan and its progress."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.inspection.views import plan_view

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            data = plan_view(session, year)
    if as_json:
        print_json(data)
        return
    _plan_table(data)


def _failures_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=say("inspection.failures_title"))
    for key in ("id", "code", "kind", "address", "detail", "state"):
        table.add_column(say(f"inspection.col.{key}"), overflow="fold")
    for f in rows:
        address = f"{f['store']}:{f['object_id']}:{f['version']}:{f['path']}"
        state = say(f"inspection.state.{f['state']}")
        table.add_row(str(f["id"]), f["arc_file_code"], f["kind"], address, f["detail"], state)
    return table


@app.command("run")
def run_command(
    year: int | None = typer.Option(None, "--year"),
    limit: int | None = typer.Option(None, "--limit", min=1),
    agent: str | None = _AGENT,
    as_json: bool = _JSON,
) -> None:
    """Kiểm tra theo kế hoạch / carry out the inspection plan."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.inspection.run import run_plan

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = run_plan(archive, person_agent(agent), year=year, limit=limit)
    data = report.as_dict()
    if as_json:
        print_json(data)
    else:
        if report.failures:
            rows = [{**f, "id": "", "state": "open"} for f in data["failures"]]
            console.print(_failures_table(rows))
        console.print(
            say(
                "inspection.run_done",
                inspected=len(report.inspected),
                failures=len(report.failures),
                remaining=report.remaining,
            )
        )
    if report.failures:
        raise typer.Exit(1)


@app.command("failures")
def failures_command(
    everything: bool = typer.Option(False, "--all"), as_json: bool = _JSON
) -> None:
    """Lỗi phát hiện khi kiểm tra / the failures found, with their storage address."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.inspection.views import failures

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            rows = failures(session, everything=everything)
    if as_json:
        print_json(rows)
    elif not rows:
        console.print(say("inspection.no_failures"))
    else:
        console.print(_failures_table(rows))


@app.command("remedy")
def remedy_command(
    failure: int = typer.Argument(...),
    by: str | None = typer.Option(None, "--by"),
    source: str | None = typer.Option(None, "--source"),
    agent: str | None = _AGENT,
    as_json: bool = _JSON,
) -> None:
    """Khắc phục một lỗi kiểm tra / remedy an inspection failure."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.inspection.remedy import remedy

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        done = remedy(archive, failure, person_agent(agent), by=by, source=source)
    if as_json:
        print_json(done)
        return
    closed = ", ".join(map(str, done["closed"]))
    console.print(say("inspection.remedied", closed=closed, by=done["by"], done=done["done"]))
