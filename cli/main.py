"""The ``archive`` command: a thin Typer layer over ``archive.bootstrap.Archive``.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli import (
    access,
    audit,
    backup,
    catalog,
    certify,
    copies,
    demo,
    display,
    disposal,
    due,
    edxml,
    evidence,
    ingest,
    inspection,
    metadata,
    minutes,
    ocr,
    preserve,
    retention,
    review,
    search,
    sip,
    stats,
    storage,
    transfer,
    tray,
    users,
    verify,
    web,
)
from cli.output import console, err_console, errors_to_exit, print_json, say
from cli.usage import ArchiveGroup

if TYPE_CHECKING:
    from archive.config import Settings

app = typer.Typer(
    cls=ArchiveGroup,
    name="archive",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
db_app = typer.Typer(no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit.app, name="audit")
app.add_typer(sip.app, name="sip")
app.add_typer(preserve.app, name="preserve")
app.add_typer(ocr.app, name="ocr")
app.add_typer(search.app, name="search")
app.add_typer(retention.app, name="retention")
app.add_typer(retention.hold_app, name="hold")
app.add_typer(disposal.app, name="disposal")
app.add_typer(transfer.app, name="transfer")
app.add_typer(evidence.app, name="evidence")
app.add_typer(backup.app, name="backup")
app.add_typer(users.app, name="users")
app.add_typer(review.app, name="review")
app.add_typer(edxml.app, name="edxml")
app.add_typer(tray.app, name="tray")
app.add_typer(minutes.app, name="minutes")
app.add_typer(metadata.app, name="metadata")
app.add_typer(inspection.app, name="inspection")
app.add_typer(access.app, name="access")
app.add_typer(copies.app, name="copy")
copies.app.command("certify")(certify.certify_command)
app.command("serve")(web.serve)
app.command("ingest")(ingest.ingest)
app.command("ls")(catalog.ls)
app.command("show")(catalog.show)
app.command("get")(catalog.get)
app.command("duplicates")(catalog.duplicates)
app.command("formats")(catalog.formats)
app.command("stats")(stats.stats)
app.command("demo")(demo.demo)
app.command("verify")(verify.verify_command)
app.command("due")(due.due_command)
app.add_typer(storage.storage_app, name="storage")
app.add_typer(storage.fixity_app, name="fixity")
app.command("replicate")(storage.replicate_command)
app.command("repair")(storage.repair_command)
app.command("rebuild")(storage.rebuild_command)


def _version(value: bool) -> None:
    from archive import __version__

    if value:
        console.print(f"archive {__version__}")
        raise typer.Exit


@app.callback()
def main(
    home: Path | None = typer.Option(None, "--home", envvar="ARCHIVE_HOME"),
    lang: str | None = typer.Option(None, "--lang", envvar="ARCHIVE_LANG"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """Kho lưu trữ điện tử / electronic archive."""
    from archive.home import find_home
    from archive.permissions import apply_private_umask

    del version
    # The one place the umask is set: every command (serve included) starts here, so nothing
    # the archive writes is readable by other local users.
    apply_private_umask()
    if home is None and "ARCHIVE_CONFIG" not in os.environ:
        home = find_home(Path.cwd())  # the archive this folder (or a parent) was set up with
    if home is not None:
        os.environ["ARCHIVE_HOME"] = str(home)
    if lang:
        os.environ["ARCHIVE_LANG"] = lang


@app.command()
def init(
    trust_demo_root: Path | None = typer.Option(
        None,
        "--trust-demo-root",
        exists=True,
        dir_okay=False,
    ),
) -> None:
    """Tạo kho lưu trữ (danh mục + kho OCFL) / create the archive home."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.permissions import secure_home

    with errors_to_exit() as stack:
        settings = load_settings()
        if trust_demo_root is not None:
            settings = demo.trust_demo_root(settings, trust_demo_root)
        archive = stack.enter_context(open_archive(settings, create=True))
        secure_home(archive.settings)
        console.print(say("home.created", home=archive.settings.home.resolve()))


@app.command()
def info(as_json: bool = typer.Option(False, "--json")) -> None:
    """Thông tin kho: nơi lưu, backend, số lượng / where things are and how much is stored."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.permissions import permission_problems

    with errors_to_exit(), open_archive(load_settings()) as archive:
        data = archive.info()
        problems = [p.as_dict() for p in permission_problems(archive.settings)]
    data["permissions"] = {"ok": not problems, "warnings": problems}
    if as_json:
        print_json(data)
        return
    shown = {k: v for k, v in data.items() if k != "permissions"}
    for line in display.details(shown, "home.info"):
        console.print(line, soft_wrap=True)
    secrets = data.get("secrets")
    if isinstance(secrets, dict) and secrets["profile"] == "refuse" and secrets["held"]:
        err_console.print(f"[yellow]{say('home.secrets_on_network', held=secrets['held'])}[/]")
    for problem in problems:
        # soft_wrap: the chmod command stays on one line, ready to copy.
        message = say(problem["message_vi"], problem["message_en"])
        err_console.print(f"[yellow]{message}[/]", soft_wrap=True)


def _require_home(settings: Settings) -> None:
    """An embedded (SQLite) catalog lives in the home: refuse a home that does not exist."""
    from archive.home import no_archive_at

    if settings.database_url is None and not settings.home.is_dir():
        raise no_archive_at(settings.home)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Áp dụng các migration Alembic / apply the catalog migrations."""
    from archive.config import load_settings
    from archive.db import migrate
    from archive.db.engine import make_engine

    with errors_to_exit() as stack:
        settings = load_settings()
        _require_home(settings)
        engine = make_engine(settings.resolved_database_url)
        stack.callback(engine.dispose)
        migrate.upgrade(engine)
        console.print(say("home.db_revision", revision=migrate.current_revision(engine)))


@db_app.command("check")
def db_check() -> None:
    """Kiểm tra lược đồ khớp với mô hình / check that the schema matches the models."""
    from archive.config import load_settings
    from archive.db import migrate
    from archive.db.engine import make_engine
    from archive.schema import metadata

    with errors_to_exit() as stack:
        settings = load_settings()
        _require_home(settings)
        engine = make_engine(settings.resolved_database_url)
        stack.callback(engine.dispose)
        current, head = migrate.current_revision(engine), migrate.head_revision()
        diff = migrate.drift(engine, metadata) if current == head else []
    if current != head or diff:
        console.print(f"[red]{say('home.db_drift', current=current, head=head, drift=diff)}[/]")
        raise typer.Exit(1)
    console.print(say("home.db_current", revision=head))


if __name__ == "__main__":
    app()
