"""``archive users``: accounts of the web page and the JSON API.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from cli import display
from cli.output import console, errors_to_exit, print_json, say, term
from cli.search import Role

app = typer.Typer(
    no_args_is_help=True,
)


def _read_password(from_stdin: bool) -> str:
    from archive.errors import InvalidInput

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first: str = typer.prompt(say("common.password"), hide_input=True)
    again: str = typer.prompt(say("users.repeat_password"), hide_input=True)
    if first != again:
        raise InvalidInput("hai lần nhập mật khẩu không khớp / the two passwords differ")
    return first


@app.command("add")
def add(
    name: str = typer.Argument(...),
    role: Role = typer.Option(..., "--role"),
    password_stdin: bool = typer.Option(False, "--password-stdin"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Tạo người dùng (mật khẩu băm argon2) / create a user (argon2-hashed password)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import add_user

    with errors_to_exit() as stack:
        password = _read_password(password_stdin)
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            add_user(session, name, role.value, password, person_agent())
    if as_json:
        print_json({"name": name, "role": role.value})
    else:
        console.print(say("users.created", name=name, role=term("role", role.value)))


@app.command("token")
def token(
    name: str = typer.Argument(...),
    expires: int | None = typer.Option(
        None,
        "--expires",
        min=1,
        max=3650,
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Cấp mã truy cập API (hiện một lần) / issue an API bearer token (shown once)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import issue_token

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            days = expires or archive.settings.web_token_days
            value = issue_token(session, name, person_agent(), days=days)
    if as_json:
        print_json({"name": name, "token": value, "expires_days": days})
    else:
        console.print(value, soft_wrap=True)


@app.command("tokens")
def tokens(
    name: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Danh sách mã truy cập API của người dùng (không hiện mã) / list a user's API tokens
    (never the secret)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import list_tokens

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            rows = list_tokens(session, name)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("users.tokens", name=name))
    table.add_column(say("users.token_id"))
    for col in ("users.created_at", "users.expires_at", "users.last_used_at", "users.revoked"):
        table.add_column(say(col))
    for row in rows:
        if row["revoked"]:
            revoked = display.when(row["revoked_at"]) or display.yes_no(True)
        else:
            revoked = display.yes_no(False)
        table.add_row(
            str(row["id"]),
            display.when(row["created_at"]),
            display.when(row["expires_at"]) or "—",
            display.when(row["last_used_at"]) or "—",
            revoked,
        )
    console.print(table)


@app.command("revoke")
def revoke(
    token_id: int = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Thu hồi một mã truy cập API / revoke an API token (refused at once)."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import revoke_token

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            name = revoke_token(session, token_id, person_agent())
    if as_json:
        print_json({"id": token_id, "name": name, "revoked": True})
    else:
        console.print(say("users.revoked_token", id=token_id, name=name))


def _set_active(name: str, active: bool, as_json: bool) -> None:
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import set_active

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            set_active(session, name, active, person_agent())
    if as_json:
        print_json({"name": name, "active": active})
    elif active:
        console.print(say("users.enabled", name=name))
    else:
        console.print(say("users.disabled", name=name))


@app.command("disable")
def disable(
    name: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Khóa người dùng: kết thúc mọi phiên, từ chối mã API / disable a user: ends every web
    session at once, their tokens are refused while disabled."""
    _set_active(name, False, as_json)


@app.command("enable")
def enable(
    name: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Mở khóa người dùng / enable a disabled user again."""
    _set_active(name, True, as_json)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """Danh sách người dùng / list the users."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.users.service import list_users

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            users = list_users(session)
    if as_json:
        print_json(users)
        return
    table = Table(title=say("users.users"))
    for column in ("common.name", "common.role", "users.active"):
        table.add_column(say(column))
    for user in users:
        table.add_row(str(user["name"]), term("role", user["role"]), display.yes_no(user["active"]))
    console.print(table)
