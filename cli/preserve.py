"""``archive preserve run``: augment to PAdES-LTA, renew archive timestamps, revalidate.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli import display
from cli.ocr import loud as loud_ocr
from cli.ocr import show as show_ocr
from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, print_json, say, term

if TYPE_CHECKING:
    from archive.audit.chain import AgentRef
    from archive.bootstrap import Archive
    from archive.preserve import PreserveReport
    from archive.preserve.model import Status

app = typer.Typer(no_args_is_help=True)


def _show(report: PreserveReport) -> None:
    if report.planned:
        console.print(_table(report))
    if report.evidence:
        _show_evidence(report)
    if not report.planned and not report.evidence:
        console.print(say("signatures.nothing_due"))
    elif report.dry_run:
        console.print(say("signatures.dry_run"))


def _table(report: PreserveReport) -> Table:
    table = Table(title=say("signatures.preservation"))
    for col in (
        "catalog.doc_code",
        "common.file",
        "signatures.action",
        "common.done",
        "signatures.before",
        "signatures.after",
        "common.horizon",
    ):
        table.add_column(say(col), overflow="fold")
    done = {r.item.validation_id: r for r in report.results}
    for item in report.planned:
        result = done.get(item.validation_id)
        after = term("indication", result.after) if result and result.after else ""
        horizon = display.day(item.horizon)
        if result and result.horizon and result.horizon != item.horizon:
            horizon = f"{horizon} → {display.day(result.horizon)}"
        if result is None:
            outcome = say("common.planned") if report.dry_run else say("signatures.skipped")
        else:
            outcome = term("preserve_done", result.done)
        table.add_row(
            item.doc_code,
            item.path,
            term("preserve_action", item.action),
            f"[red]{outcome}[/]" if result and result.done == "failed" else outcome,
            term("indication", item.bottom_line),
            f"[bold red]{after}[/]" if result and result.changed else after,
            horizon,
        )
    return table


def _show_evidence(report: PreserveReport) -> None:
    table = Table(title=say("signatures.evidence_renewal"))
    for col in ("evidence.batch", "signatures.renewal", "common.reason", "common.done"):
        table.add_column(say(col), overflow="fold")
    table.add_column(say("common.horizon"), overflow="fold")
    for r in report.evidence:
        if report.dry_run:
            outcome = say("common.planned")
        else:
            outcome = f"{r.version}" if r.done else f"[red]{term('preserve_done', 'failed')}[/]"
        horizon = display.day(r.horizon)
        if r.new_horizon:
            horizon = f"{horizon} → {display.day(r.new_horizon)}"
        reason = say(r.said[0], **r.said[1])
        table.add_row(r.batch, term("renewal_kind", r.kind), reason, outcome, horizon)
    console.print(table)


def _status(status: Status | None) -> str:
    """A signature's status in the interface language (its sub-indication, an ETSI code,
    as it is); ``—`` for a signature not there."""
    if status is None:
        return "—"
    sub = f"/{status.subindication}" if status.subindication else ""
    return f"{term('indication', status.indication)}{sub} ({term('revocation', status.revocation)})"


def _loud(report: PreserveReport) -> None:
    """Changes and failures on stderr, whatever the output format: cron mails them."""
    for r in report.changed:
        moved = f"{term('indication', r.before)} → {term('indication', r.after)}"
        err_console.print(
            say("signatures.status_changed", where=f"{r.item.doc_code} ({r.item.path}): {moved}"),
            soft_wrap=True,  # one line per finding, whatever the terminal width
        )
        for name, was, now in r.moves:
            err_console.print(f"  {name}: {_status(was)} → {_status(now)}", soft_wrap=True)
    for r in report.failed:
        err_console.print(
            f"[red]{say('signatures.failed')}[/] {r.item.doc_code} "
            f"({term('preserve_action', r.item.action)}): {r.message}",
            soft_wrap=True,
        )
    for e in report.evidence_failed:
        err_console.print(
            f"[red]{say('signatures.renewal_failed')}[/] {e.batch} "
            f"({term('renewal_kind', e.kind)}): {e.message}",
            soft_wrap=True,
        )


def _purge_copies(archive: Archive, agent: AgentRef) -> int:
    """Delete the files of ended reading and plain copies (docs/use.md), in its own unit of
    work: a purge does not wait on the preservation results."""
    from archive.db.engine import unit_of_work
    from archive.use.copies import purge

    with unit_of_work(archive.sessions) as session:
        return purge(session, archive.settings, agent)


def _yearly_review(archive: Archive) -> dict[str, Any] | None:
    """This year's automatic list "Xem xét hủy" of expired and duplicate dossiers, once a year
    (docs/retention.md); None when made already or nothing qualifies."""
    from archive.bootstrap import software_agent
    from archive.retention.disposal.review import yearly_review

    made = yearly_review(archive, software_agent())
    return None if made is None else made.as_dict()


@app.command("run")
def run_command(
    dry_run: bool = typer.Option(False, "--dry-run"),
    limit: int | None = typer.Option(None, "--limit"),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Bổ sung LTA, gia hạn dấu thời gian, kiểm tra lại / augment, renew and revalidate.

    Also renews RFC 4998 evidence records whose protection horizon is near (timestamp or
    hash-tree renewal, one TSA request per batch), and extends the Object Lock horizon of
    permanent records (as 'archive storage extend-locks').

    With 'ocr_in_preserve_run' on, also makes the OCR renditions that are due, as
    'archive ocr run' does. Deletes the files of ended reading and plain copies, as
    'archive copy purge' does. Once a year, lists the expired and duplicate dossiers as
    "Xem xét hủy" for the council, as 'archive disposal review' does.

    Exit 1 when a verdict changed or an item failed, so cron can alert."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.holdings.locks import extend_locks
    from archive.ocr.worker import run as run_ocr
    from archive.preserve import run

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        report = run(archive, agent=person_agent(agent), dry_run=dry_run, limit=limit)
        locks = (
            None
            if dry_run
            else extend_locks(archive.sessions, archive.roots(), [person_agent(agent)])
        )
        ocr = (
            run_ocr(archive, agent=person_agent(agent), dry_run=dry_run, limit=limit)
            if archive.settings.ocr_in_preserve_run
            else None
        )
        copies = None if dry_run else _purge_copies(archive, person_agent(agent))
        listed = None if dry_run else _yearly_review(archive)
    if as_json:
        print_json(
            {
                **report.as_dict(),
                "locks": locks.as_dict() if locks else None,
                "ocr": ocr.as_dict() if ocr else None,
                "copiesDeleted": copies,
                "disposalList": listed,
            }
        )
    else:
        _show(report)
        if ocr is not None:
            show_ocr(ocr)
        if copies:
            console.print(say("use.copies_purged", count=copies))
        if listed:
            console.print(
                say("retention.yearly_listed", code=listed["code"], count=len(listed["items"]))
            )
        for name, done in (locks.stores if locks else {}).items():
            if done.keys:
                console.print(
                    say(
                        "signatures.locks_extended",
                        store=name,
                        objects=done.objects,
                        until=display.day(done.until),
                    )
                )
    _loud(report)
    if ocr is not None:
        loud_ocr(ocr)
    if report.changed or report.failed or report.evidence_failed or (ocr and ocr.failed):
        raise typer.Exit(EXIT_FAILED)
