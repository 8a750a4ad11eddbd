"""``archive backup …``: backup sets (run, ls, verify, restore-drill, check), thin over
``archive.backup`` (docs/operations.md, "Backups").

Imports of ``archive`` sit inside the functions that use them: ``import cli.main`` must stay
light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import EXIT_FAILED, console, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.backup.drill import DrillReport
    from archive.backup.sets import Kind, SetManifest

app = typer.Typer(no_args_is_help=True)

_JSON = typer.Option(False, "--json")
_AGENT = typer.Option(None, "--agent")


@app.command("run")
def run_command(
    full: bool = typer.Option(False, "--full"),
    incremental: bool = typer.Option(False, "--incremental"),
    agent: str | None = _AGENT,
    as_json: bool = _JSON,
) -> None:
    """Ghi một bộ sao lưu rồi đọc lại / write one set, then read it back."""
    from archive.backup.run import run_backup
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings

    with errors_to_exit() as stack:
        if full and incremental:
            from archive.errors import InvalidInput

            raise InvalidInput(
                "chọn --full hoặc --incremental, không cả hai / choose --full or --incremental, "
                "not both"
            )
        kind: Kind | None = "full" if full else "incremental" if incremental else None
        archive = stack.enter_context(open_archive(load_settings()))
        agents = [person_agent(agent), software_agent()]
        report = run_backup(archive, agents, kind=kind)
    if as_json:
        print_json(report.as_dict())
        return
    console.print(
        say(
            "backup.written",
            kind=say(f"backup.kind.{report.kind}"),
            name=report.name,
            target=report.target,
            rows=sum(report.rows.values()),
            objects=report.objects,
            files=report.check.files,
            bytes=report.check.bytes,
        ),
        soft_wrap=True,
    )
    if report.left_out:
        console.print(say("backup.left_out", names=", ".join(report.left_out)))
    if report.pruned:
        console.print(say("backup.pruned", names=", ".join(report.pruned)))
    if report.minutes:
        console.print(say("backup.log_written", object=report.minutes), soft_wrap=True)


def _table(sets: list[SetManifest], target: str) -> Table:
    table = Table(title=say("backup.sets", target=target))
    for key in ("name", "kind", "created", "base", "rows", "objects", "size", "purged"):
        table.add_column(say(f"backup.{key}"), overflow="fold")
    for s in sets:
        row = s.as_dict()
        table.add_row(
            s.name,
            say(f"backup.kind.{s.kind}"),
            display.when(s.created),
            s.base or "",
            str(sum(row["rows"].values())),
            str(row["objects"]),
            display.size(row["bytes"]),
            str(row["purged"]),
        )
    return table


@app.command("ls")
def ls_command(as_json: bool = _JSON) -> None:
    """Các bộ sao lưu / the backup sets."""
    from archive.backup.sets import read_sets
    from archive.backup.target import open_target
    from archive.config import load_settings

    with errors_to_exit():
        target = open_target(load_settings())
        sets = read_sets(target)
        partial = target.partial()
    if as_json:
        print_json(
            {
                "target": target.describe(),
                "sets": [s.as_dict() for s in sets],
                "partial": partial,
            }
        )
        return
    if not sets:
        console.print(say("backup.none", target=target.describe()))
    else:
        console.print(_table(sets, target.describe()))
    if partial:
        console.print(say("backup.partial", names=", ".join(partial)))


@app.command("verify")
def verify_command(
    set_name: str | None = typer.Argument(None),
    as_json: bool = _JSON,
) -> None:
    """Đọc lại bộ sao lưu và so mã băm / read sets back and compare their digests."""
    from archive.backup.target import open_target
    from archive.backup.verify import verify_set
    from archive.config import load_settings
    from archive.errors import InvalidInput

    with errors_to_exit():
        target = open_target(load_settings())
        names = target.set_names()
        if set_name is not None and set_name not in names:
            raise InvalidInput(
                f"không có bộ sao lưu {set_name} / no backup set {set_name} "
                "(archive backup ls lists them)"
            )
        checks = [verify_set(target, n) for n in ([set_name] if set_name else names)]
    if as_json:
        print_json({"target": target.describe(), "sets": [c.as_dict() for c in checks]})
    else:
        if not checks:
            console.print(say("backup.none", target=target.describe()))
        for c in checks:
            if c.ok:
                console.print(say("backup.verified", name=c.name, files=c.files, bytes=c.bytes))
            else:
                console.print(f"[red]{say('backup.damaged', name=c.name)}[/]")
                for problem in c.problems:
                    console.print(say("backup.problem", problem=problem), soft_wrap=True)
    if not all(c.ok for c in checks):
        raise typer.Exit(EXIT_FAILED)


def _print_drill(report: DrillReport) -> None:
    if report.ok:
        console.print(
            say(
                "backup.drill_ok",
                sets=len(report.restore.sets),
                rows=sum(report.restore.rows.values()),
                home=report.home,
                events=report.audit.checked,
            ),
            soft_wrap=True,
        )
        return
    console.print(f"[red]{say('backup.drill_failed', home=report.home)}[/]")
    problems = list(report.problems)
    if not report.audit.ok:
        problems.insert(
            0,
            say(
                "backup.drill_chain", seq=report.audit.first_broken_seq, reason=report.audit.reason
            ),
        )
    for store in report.stores:
        count = len(store.missing) + len(store.orphans) + len(store.drift) + len(store.leftovers)
        if count:
            problems.append(say("backup.drill_store", store=store.store, count=count))
    for problem in problems:
        console.print(say("backup.problem", problem=problem), soft_wrap=True)


@app.command("restore-drill")
def drill_command(
    set_name: str | None = typer.Argument(None),
    into: Path | None = typer.Option(None, "--into"),
    agent: str | None = _AGENT,
    as_json: bool = _JSON,
) -> None:
    """Diễn tập khôi phục vào thư mục tạm / restore into a scratch home and check it."""
    from archive.backup.drill import restore_drill
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        agents = [person_agent(agent), software_agent()]
        report = restore_drill(archive, agents, name=set_name, into=into)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_drill(report)
        if report.minutes:
            console.print(say("backup.minutes_written", object=report.minutes), soft_wrap=True)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


@app.command("check")
def check_command(agent: str | None = _AGENT, as_json: bool = _JSON) -> None:
    """Kiểm tra hệ thống sao lưu hằng quý / the quarterly check of the backup system."""
    from archive.backup.check import check_backups
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        agents = [person_agent(agent), software_agent()]
        result = check_backups(archive, agents)
    if as_json:
        print_json({"report": result.path, **result.report})
    else:
        key = "backup.check_ok" if result.ok else "backup.check_failed"
        console.print(say(key, report=result.path), soft_wrap=True)
        for item in result.report["late"]:
            console.print(say("backup.problem", problem=f"{item['what']}: {item['action']}"))
        for s in result.report["sets"]:
            if not s["ok"]:
                console.print(say("backup.damaged", name=s["name"]))
        for problem in result.report["drill"].get("problems", []):
            console.print(say("backup.problem", problem=problem), soft_wrap=True)
    if not result.ok:
        raise typer.Exit(EXIT_FAILED)
