"""``archive audit``: the hash-chained audit log.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import typer

from cli.output import EXIT_FAILED, console, errors_to_exit, print_json, say

app = typer.Typer(no_args_is_help=True)


@app.command("verify")
def verify(
    as_json: bool = typer.Option(False, "--json"),
    from_storage: bool = typer.Option(False, "--from-storage"),
) -> None:
    """Kiểm tra toàn bộ chuỗi băm / verify the whole hash chain; names the first broken link."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    if from_storage:
        _verify_stored(as_json)
        return
    with errors_to_exit(), open_archive(load_settings()) as archive:
        report = archive.verify_audit()
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        console.print(say("audit.chain_intact", count=report.checked))
    else:
        console.print(
            say(
                "audit.chain_broken",
                seq=report.first_broken_seq,
                event=report.first_broken_event,
                reason=report.reason,
            )
        )
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def _verify_stored(as_json: bool) -> None:
    from archive.audit.models import AuditHead
    from archive.audit.stored import verify_stored
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work

    with (
        errors_to_exit(),
        open_archive(load_settings()) as archive,
        unit_of_work(archive.sessions) as session,
    ):
        reports = [verify_stored(root, session) for root in archive.roots().values()]
        chain = session.get(AuditHead, 1)
        head = chain.seq if chain is not None else 0
    if as_json:
        print_json([r.as_dict() for r in reports])
    for r in [] if as_json else reports:
        if r.version is None:
            console.print(say("audit.stored_none", store=r.store))
        elif r.ok:
            console.print(
                say(
                    "audit.stored_intact",
                    store=r.store,
                    count=r.checked,
                    segments=r.segments,
                    seq=r.head_seq,
                    hash=r.head_hash[:16],
                )
            )
            if r.catalog_agrees:
                console.print(say("audit.stored_agrees", seq=r.head_seq, later=head - r.head_seq))
        else:
            console.print(
                say("audit.stored_broken", store=r.store, seq=r.first_broken_seq, reason=r.reason)
            )
    if not all(r.ok for r in reports):
        raise typer.Exit(EXIT_FAILED)


@app.command("seal")
def seal_command(
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Niêm phong nhật ký vào kho / write the events not yet sealed into storage.

    One new segment of the audit log object (urn:archive:audit:log), then an 'audit seal'
    event. Runs by itself at the end of jobs and while 'archive serve' runs."""
    from archive.audit.seal import seal, stored_head
    from archive.bootstrap import open_archive, person_agent, software_agent
    from archive.config import load_settings

    with errors_to_exit(), open_archive(load_settings()) as archive:
        done = seal(archive, [person_agent(agent), software_agent()])
        seq = stored_head(archive.ocfl).seq
    if as_json:
        print_json(None if done is None else done.as_dict())
    elif done is None:
        console.print(say("audit.nothing_to_seal", seq=seq))
    else:
        console.print(
            say(
                "audit.sealed",
                first=done.first_seq,
                last=done.last_seq,
                segment=done.segment,
                version=done.version,
            )
        )
