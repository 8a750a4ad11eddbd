"""``archive retention …`` and ``archive hold …``: schedule, due dates, holds.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import Column, console, dossier_rows_table, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.bootstrap import Archive

app = typer.Typer(
    no_args_is_help=True,
)
schedule_app = typer.Typer(no_args_is_help=True)
app.add_typer(schedule_app, name="schedule")
hold_app = typer.Typer(
    no_args_is_help=True,
)

AGENT = typer.Option(None, "--agent")
JSON = typer.Option(False, "--json")


@contextmanager
def opened() -> Iterator[Archive]:
    """The archive, errors turned into exit codes."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    with errors_to_exit() as stack:
        yield stack.enter_context(open_archive(load_settings()))


@app.command("due")
def due(
    year: int | None = typer.Option(None, "--year"),
    as_json: bool = JSON,
) -> None:
    """Hồ sơ hết thời hạn lưu trữ đến 31/12 của năm / dossiers whose retention ends by 31/12."""
    from archive.dates import today
    from archive.db.engine import unit_of_work
    from archive.retention.due import retention_due

    year = year or today().year
    with opened() as archive, unit_of_work(archive.sessions) as session:
        rows = [d.as_dict() for d in retention_due(session, year)]
    if as_json:
        print_json(rows)
        return
    columns: list[Column] = [
        (say("common.kept"), lambda r: display.kept(r["maintenance"], r["maintenanceYears"])),
        (say("retention.end_year"), lambda r: str(r["endYear"])),
        (say("retention.due"), lambda r: str(r["dueDate"])),
    ]
    table = dossier_rows_table(say("retention.due_title", year=year), columns, rows)
    console.print(table)
    console.print(say("retention.count", count=len(rows)))


@schedule_app.command("seed")
def schedule_seed(agent: str | None = AGENT, as_json: bool = JSON) -> None:
    """Nạp bảng thời hạn mẫu (cần đối chiếu) / load the seed schedule (to be verified)."""
    from archive.bootstrap import person_agent
    from archive.db.engine import unit_of_work
    from archive.retention import schedule

    with opened() as archive, unit_of_work(archive.sessions) as session:
        added = schedule.seed(session, person_agent(agent))
    if as_json:
        print_json({"added": added, "source": schedule.SEED_SOURCE})
        return
    console.print(say("retention.seeded", count=added))
    console.print(f"[yellow]{say('retention.seed_source')}[/]")


@schedule_app.command("ls")
def schedule_ls(as_json: bool = JSON) -> None:
    """Xem bảng thời hạn / show the schedule."""
    from archive.db.engine import unit_of_work
    from archive.retention import schedule

    with opened() as archive, unit_of_work(archive.sessions) as session:
        rows = schedule.rows(session)
    if as_json:
        print_json([r.__dict__ for r in rows])
        return
    table = Table(title=say("retention.schedule"))
    for col in ("#", say("retention.group"), say("retention.records"), say("common.kept")):
        table.add_column(col, overflow="fold")
    table.add_column(say("retention.verified"), overflow="fold")
    for r in rows:
        table.add_row(
            r.code,
            r.group,
            r.title,
            f"{r.maintenance} {display.kept(r.maintenance, r.years)}",
            display.yes_no(r.verified),
        )
    console.print(table)


@schedule_app.command("export")
def schedule_export(
    out: Path = typer.Option(..., "-o", "--output"),
) -> None:
    """Xuất bảng thời hạn ra CSV / export the schedule as CSV."""
    from archive.db.engine import unit_of_work
    from archive.errors import InvalidInput
    from archive.retention import schedule

    with opened() as archive, unit_of_work(archive.sessions) as session:
        data = schedule.export_csv(session)
        if not out.parent.is_dir():
            raise InvalidInput(f"không có thư mục {out.parent} / no folder {out.parent}")
        out.write_bytes(data)
    console.print(say("common.wrote", path=out))


@schedule_app.command("import")
def schedule_import(
    csv_file: Path = typer.Argument(...),
    agent: str | None = AGENT,
) -> None:
    """Nhập bảng thời hạn từ CSV (tất cả hoặc không) / import a schedule CSV (all or nothing)."""
    from archive.bootstrap import person_agent
    from archive.db.engine import unit_of_work
    from archive.retention import schedule

    with opened() as archive, unit_of_work(archive.sessions) as session:
        count = schedule.import_csv(session, csv_file, person_agent(agent))
    console.print(say("retention.imported", count=count))


@hold_app.command("place")
def hold_place(
    code: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Phong tỏa một hồ sơ / place a hold on a dossier (S3: legal hold)."""
    from archive.bootstrap import person_agent
    from archive.retention.holds import place_hold

    with opened() as archive:
        view = place_hold(archive, code, reason, person_agent(agent))
    if as_json:
        print_json(view.as_dict())
        return
    console.print(say("retention.hold_placed", code=view.arc_file_code, id=view.id))


@hold_app.command("release")
def hold_release(
    hold_id: int = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Gỡ phong tỏa / release a hold."""
    from archive.bootstrap import person_agent
    from archive.retention.holds import release_hold

    with opened() as archive:
        view = release_hold(archive, hold_id, reason, person_agent(agent))
    if as_json:
        print_json(view.as_dict())
        return
    console.print(say("retention.hold_released", id=view.id))


@hold_app.command("ls")
def hold_ls(
    all_: bool = typer.Option(False, "--all"),
    as_json: bool = JSON,
) -> None:
    """Danh sách phong tỏa / list holds."""
    from archive.retention.holds import list_holds

    with opened() as archive:
        views = list_holds(archive, all_=all_)
    if as_json:
        print_json([v.as_dict() for v in views])
        return
    table = Table(title=say("retention.holds"))
    for col in ("#", say("common.dossier"), say("common.reason"), say("retention.by")):
        table.add_column(col, overflow="fold")
    for col in ("retention.at", "retention.released"):
        table.add_column(say(col), overflow="fold")
    for v in views:
        table.add_row(
            str(v.id),
            v.arc_file_code,
            v.reason,
            v.placed_by,
            display.when(v.placed_at),
            display.when(v.released_at),
        )
    console.print(table)
