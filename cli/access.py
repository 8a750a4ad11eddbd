"""``archive access request | ls | approve | refuse``: requests to use a conditional record
(mode 02; docs/use.md).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli.output import console, errors_to_exit, print_json, say, term

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from archive.bootstrap import Archive

app = typer.Typer(
    no_args_is_help=True,
)

_JSON = typer.Option(False, "--json")
_BY = typer.Option(..., "--by")


@contextmanager
def _session() -> Iterator[tuple[Archive, Session]]:
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            yield archive, session


def _decided(work: Callable[[Archive, Session], Any], as_json: bool) -> None:
    from archive.use.service import as_dict

    with _session() as (archive, session):
        row = as_dict(work(archive, session))
    if as_json:
        print_json(row)
    else:
        console.print(
            say("use.saved", id=row["id"], record=row["record"], state=term("use", row["state"]))
        )


@app.command("request")
def request_command(
    code: str = typer.Argument(...),
    purpose: str = typer.Option(..., "--purpose"),
    user: str = typer.Option(..., "--user"),
    as_json: bool = _JSON,
) -> None:
    """Yêu cầu sử dụng một tài liệu có điều kiện / ask to use one conditional document."""
    from archive.use.service import request_use
    from archive.users.service import Principal

    who = Principal(user, "")
    _decided(lambda a, s: request_use(s, a.settings, user, code, purpose, who.agent), as_json)


@app.command("approve")
def approve_command(
    request_id: int = typer.Argument(...),
    by: str = _BY,
    days: int | None = typer.Option(None, "--days"),
    as_json: bool = _JSON,
) -> None:
    """Duyệt yêu cầu trong một thời hạn / approve a request for a period."""
    from archive.use.service import approve
    from archive.users.service import Principal

    who = Principal(by, "")
    _decided(lambda a, s: approve(s, a.settings, request_id, by, who.agent, days), as_json)


@app.command("refuse")
def refuse_command(
    request_id: int = typer.Argument(...),
    by: str = _BY,
    reason: str = typer.Option(..., "--reason"),
    as_json: bool = _JSON,
) -> None:
    """Từ chối yêu cầu, nêu lý do / refuse a request, with its reason."""
    from archive.use.service import refuse
    from archive.users.service import Principal

    who = Principal(by, "")
    _decided(lambda a, s: refuse(s, a.settings, request_id, by, reason, who.agent), as_json)


@app.command("ls")
def ls_command(
    user: str | None = typer.Option(None, "--user"),
    everything: bool = typer.Option(False, "--all"),
    as_json: bool = _JSON,
) -> None:
    """Yêu cầu sử dụng (hạn đã qua được đóng trước) / use requests (expired grants closed)."""
    from archive.audit.agents import software_agent
    from archive.use.service import close_expired, list_requests

    with _session() as (archive, session):
        close_expired(session, software_agent())
        rows = list_requests(session, archive.settings, user, everything=everything)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("use.title"))
    for key in ("use.id", "use.record", "use.requester", "use.purpose", "common.status"):
        table.add_column(say(key), overflow="fold")
    table.add_column(say("use.until"), overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["record"],
            r["requester"],
            r["purpose"],
            term("use", r["state"]) + (f": {r['reason']}" if r["reason"] else ""),
            r["validUntil"] or "",
        )
    console.print(table)
