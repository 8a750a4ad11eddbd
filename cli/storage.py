"""Holdings commands: ``replicate``, ``fixity run|report``, ``repair``, ``rebuild`` and
``storage verify`` — thin over ``archive.holdings`` and ``archive.rebuild``.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, print_json, say

if TYPE_CHECKING:
    from archive.bootstrap import Archive
    from archive.holdings.fixity import StoreCoverage
    from archive.storage.ocfl import OcflRoot

fixity_app = typer.Typer(no_args_is_help=True)
storage_app = typer.Typer(no_args_is_help=True)

_JSON = typer.Option(False, "--json")
_AGENT = typer.Option(None, "--agent")


def _roots(archive: Archive, store: str | None) -> dict[str, OcflRoot]:
    from archive.errors import ConfigurationError

    roots = archive.roots()
    if store is None:
        return roots
    if store not in roots:
        raise ConfigurationError(
            f"không có kho {store!r} / no store named {store!r}; stores: {', '.join(roots)}"
        )
    return {store: roots[store]}


def replicate_command(
    limit: int | None = typer.Option(None, "--limit"),
    everything: bool = typer.Option(False, "--all"),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Sao chép sang kho thứ hai / bring the replica up to the primary store.

    Exit 1 when an object could not be copied."""
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.errors import ConfigurationError
    from archive.holdings import replication

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        if archive.replica is None:
            raise ConfigurationError(
                "chưa cấu hình kho bản sao / no replica configured: set ARCHIVE_REPLICA_BACKEND "
                "(docs/configuration.md)"
            )
        report = replication.replicate(
            archive.sessions,
            archive.ocfl,
            archive.replica,
            archive.settings.staging_dir,
            [person_agent(agent), software_agent()],
            limit=limit,
            everything=everything,
        )
    data = report.as_dict()
    if as_json:
        print_json(data)
    else:
        console.print(
            say(
                "holdings.replicated",
                source=report.source,
                target=report.target,
                copied=data["copied"],
                updated=data["updated"],
                current=data["current"],
                failed=data["failed"],
                bytes=data["bytes"],
            )
        )
    for item in report.failed:
        # The core's error is in both languages, as every core error is.
        not_copied = say("holdings.not_copied", code=item.arc_file_code)
        err_console.print(
            f"[red]{say('common.error')}:[/] {not_copied}: {item.error}", soft_wrap=True
        )
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


@fixity_app.command("run")
def fixity_run(
    store: str | None = typer.Option(None, "--store"),
    limit: int | None = typer.Option(None, "--limit"),
    rate: float | None = typer.Option(None, "--rate"),
    everything: bool = typer.Option(False, "--all"),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Đọc lại và so khớp mã băm / read objects back and compare their digests.

    Objects due by the store's cadence, least recently checked first; resumable. Exit 1 on any
    mismatch (also printed on stderr)."""
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.holdings import fixity

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        runs = [
            fixity.run(
                archive.settings,
                archive.sessions,
                root,
                archive.ocfl,
                [person_agent(agent), software_agent()],
                limit=limit,
                rate_mb_s=rate,
                everything=everything,
            )
            for root in _roots(archive, store).values()
        ]
    if as_json:
        print_json({"runs": [r.as_dict() for r in runs]})
    else:
        for r in runs:
            data = r.as_dict()
            console.print(
                say(
                    "holdings.fixity_run",
                    store=r.store,
                    objects=data["objects"],
                    files=data["files"],
                    bytes=data["bytes"],
                    failed=data["failed"],
                )
            )
    failed = [(r.store, f) for r in runs for f in r.failed]
    for store_name, result in failed:
        err_console.print(
            say("holdings.fixity_failure", store=store_name, object=result.object_id),
            soft_wrap=True,
        )
        for key, params in result.said:
            err_console.print(f"  {say(key, **params)}", soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_FAILED)


@fixity_app.command("report")
def fixity_report(
    days: int = typer.Option(365, "--days", min=1),
    as_json: bool = _JSON,
) -> None:
    """Độ phủ kiểm tra toàn vẹn / fixity coverage per store.

    Exit 1 when a store is not on track to cover the whole holding within 3 years or has
    failing objects."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.holdings import fixity

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        stores = fixity.coverage(
            archive.settings, archive.sessions, archive.roots(), archive.ocfl, days=days
        )
    if as_json:
        print_json({"stores": [s.as_dict() for s in stores]})
    else:
        table = Table(title=say("holdings.coverage"))
        for col in (
            say("holdings.store"),
            say("holdings.objects"),
            say("holdings.checked", days=days),
            say("holdings.never"),
            say("holdings.failing"),
            say("holdings.full_pass"),
            say("holdings.goal"),
        ):
            table.add_column(col)
        for s in stores:
            table.add_row(
                s.store,
                str(s.objects),
                f"{s.checked_recently} ({s.share:.0%})",
                str(s.never_checked),
                f"[red]{s.failing}[/]" if s.failing else "0",
                _projection(s),
                "[green]✓[/]" if s.on_track else "[red]✗[/]",
            )
        console.print(table)
    if any(not s.on_track or s.failing for s in stores):
        raise typer.Exit(EXIT_FAILED)


def _projection(store: StoreCoverage) -> str:
    """The projected days of a full pass, or that every object was checked in the window
    (a projection would then only restate the window)."""
    if store.objects and store.checked_recently >= store.objects:
        return f"[green]{say('holdings.all_covered')}[/]"
    return "—" if store.projected_days is None else f"{store.projected_days:g}"


def repair_command(
    target: str = typer.Argument(...),
    source: str | None = typer.Option(None, "--from"),
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
) -> None:
    """Khôi phục bản hỏng từ bản tốt / restore a damaged copy from a good one."""
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.holdings import repair

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = repair.repair(
            archive.sessions,
            archive.roots(),
            target,
            archive.settings.staging_dir,
            [person_agent(agent), software_agent()],
            source=source,
        )
    if as_json:
        print_json(report.as_dict())
        return
    if not report.changed:
        console.print(say("holdings.all_good", code=report.arc_file_code))
        return
    for store, files in report.restored.items():
        console.print(
            say(
                "holdings.restored",
                files=len(files),
                code=report.arc_file_code,
                store=store,
                source=report.source,
            ),
            soft_wrap=True,
        )
        for name in files:
            console.print(f"  {name}")


def rebuild_command(
    as_json: bool = _JSON,
    agent: str | None = _AGENT,
    check: bool = typer.Option(False, "--check"),
) -> None:
    """Dựng lại danh mục từ kho / rebuild the catalog (then the search index) from storage.

    Into an empty database only: point ARCHIVE_DATABASE_URL at a new one and run
    'archive db upgrade' first. With --check: rebuild into a scratch catalog and compare."""
    if check:
        _rebuild_check(as_json, agent)
        return
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.rebuild import rebuild

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = rebuild(
            archive.settings,
            archive.sessions,
            archive.roots(),
            archive.ocfl,
            [person_agent(agent), software_agent()],
        )
        index = archive.search.reindex()
    if as_json:
        print_json({**report.as_dict(), "search": index.as_dict()})
        return
    console.print(
        say(
            "holdings.rebuilt",
            dossiers=report.dossiers,
            documents=report.documents,
            files=report.files,
            indexed=index.documents,
        )
    )


def _rebuild_check(as_json: bool, agent: str | None) -> None:
    """The restore drill on the live archive: exit 1 when the rebuilt catalog differs."""
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.rebuild.check import check
    from archive.schema import metadata

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        archive.seal_on_close = False  # the check changes nothing, not even by sealing
        report, comparison = check(archive, metadata, [person_agent(agent), software_agent()])
    if as_json:
        print_json({"rebuild": report.as_dict(), **comparison.as_dict()})
    else:
        rows = sum(comparison.rows.values())
        console.print(
            say(
                "holdings.check_ok" if comparison.ok else "holdings.check_bad",
                tables=len(comparison.rows),
                rows=rows,
                head=comparison.head_seq,
                differences=len(comparison.differences),
            )
        )
        for d in comparison.differences:
            console.print(
                f"  {d.table} {d.key} {d.column}: "
                + say("holdings.check_values", live=d.live, rebuilt=d.rebuilt),
                soft_wrap=True,
                markup=False,
            )
    if not comparison.ok:
        raise typer.Exit(1)


@storage_app.command("verify")
def storage_verify(
    store: str | None = typer.Option(None, "--store"),
    as_json: bool = _JSON,
) -> None:
    """Đối chiếu kho với danh mục / orphans, missing objects, leftovers and drift.

    Exit 1 when anything disagrees."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.holdings import consistency

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        checks = [
            consistency.verify_store(archive.sessions, root)
            for root in _roots(archive, store).values()
        ]
    if as_json:
        print_json({"stores": [c.as_dict() for c in checks]})
    else:
        for c in checks:
            mark = "[green]✓[/]" if c.ok else "[red]✗[/]"
            verdict = say("holdings.store_ok" if c.ok else "holdings.store_bad")
            console.print(
                f"{mark} {say('holdings.store_checked', store=c.store, objects=c.objects)}: "
                f"{verdict}"
            )
            for label, items, hint in (
                (say("holdings.orphans"), c.orphans, say("holdings.orphans_hint")),
                (say("holdings.missing"), c.missing, "archive replicate / archive repair"),
                (say("holdings.leftovers"), c.leftovers, ""),
                (say("holdings.drift"), c.drift, ""),
            ):
                if items:
                    console.print(f"  [bold]{label}[/] ({len(items)}){': ' + hint if hint else ''}")
                    for item in items:
                        console.print(f"    {item}", soft_wrap=True)
    if not all(c.ok for c in checks):
        raise typer.Exit(EXIT_FAILED)


@storage_app.command("extend-locks")
def storage_extend_locks(as_json: bool = _JSON, agent: str | None = _AGENT) -> None:
    """Gia hạn khóa của hồ sơ vĩnh viễn / extend the Object Lock horizon of permanent records.

    Keys with less than half of s3_permanent_horizon_years left are locked to today + the
    horizon; stores without locks are skipped. 'archive preserve run' does it too."""
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings
    from archive.holdings.locks import extend_locks

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = extend_locks(
            archive.sessions, archive.roots(), [person_agent(agent), software_agent()]
        )
    if as_json:
        print_json(report.as_dict())
        return
    for name, done in report.stores.items():
        console.print(
            say("holdings.locks", store=name, keys=done.keys, objects=done.objects)
            + (f" → {display.day(done.until)}" if done.keys else "")
        )
