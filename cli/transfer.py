"""``archive transfer …``: registration, SIP_hoso export, receipts and deletion of the local copy
of permanent dossiers handed to the historical archive.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.table import Table

from cli import display
from cli.output import Column, console, dossier_rows_table, print_json, say, term
from cli.retention import AGENT, JSON, opened

app = typer.Typer(
    no_args_is_help=True,
)
DOSSIERS = typer.Option(..., "--dossier")


@contextlib.contextmanager
def out_folder(out: Path) -> Iterator[Path]:
    """``--out DIR``, created (with its parents) when it does not exist yet; the folders created
    here are removed again if the command fails before writing anything into them."""
    from archive.errors import InvalidInput

    made = [p for p in (out, *out.parents) if not p.exists()]  # deepest first
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"không tạo được thư mục {out} / cannot create the folder {out}: {exc.strerror or exc}"
        ) from exc
    try:
        yield out
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when still empty
        raise


@app.command("due")
def due(
    year: int | None = typer.Option(None, "--year"),
    as_json: bool = JSON,
) -> None:
    """Hạn đăng ký (trước 12 tháng) và hạn nộp lưu (5 năm sau năm vào lưu trữ) / registration
    and transfer deadlines of permanent, non-secret dossiers."""
    from archive.dates import today
    from archive.db.engine import unit_of_work
    from archive.retention.due import transfer_due_list

    year = year or today().year
    with opened() as archive, unit_of_work(archive.sessions) as session:
        rows = [r.as_dict() for r in transfer_due_list(session, year)]
    if as_json:
        print_json(rows)
        return
    columns: list[Column] = [
        (say("transfer.register_by"), lambda r: str(r["registrationDue"])),
        (say("transfer.transfer_by"), lambda r: str(r["transferDue"])),
        (say("common.status"), lambda r: term("transfer_state", r["transferState"])),
    ]
    title = say("transfer.due_title", year=year)
    table = dossier_rows_table(title, columns, rows)
    console.print(table)


@app.command("register")
def register(
    dossiers: list[str] = DOSSIERS,
    out: Path = typer.Option(
        ...,
        "--out",
    ),
    contact: str = typer.Option("", "--contact"),
    planned: str = typer.Option("", "--planned"),
    offline: bool = typer.Option(False, "--direct"),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Đăng ký nộp lưu: dữ liệu đăng ký + Mục lục (CSV, XLSX, PDF) / register dossiers."""
    from archive.bootstrap import person_agent
    from archive.transfer.registration import register as register_dossiers

    with opened() as archive, out_folder(out):
        data = register_dossiers(
            archive,
            dossiers,
            person_agent(agent),
            out,
            contact=contact,
            planned=planned,
            online=not offline,
        )
    if as_json:
        print_json(data)
        return
    console.print(
        say("transfer.registered", request=data["requestCode"], count=data["totalDossiers"])
    )


@app.command("export")
def export(
    dossiers: list[str] = DOSSIERS,
    out: Path = typer.Option(..., "--out"),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Xuất gói SIP_hoso (zip) và Mục lục hồ sơ nộp lưu / write SIP_hoso zips and the list."""
    from archive.bootstrap import person_agent
    from archive.transfer.export import export as export_packages

    with opened() as archive, out_folder(out):
        result = export_packages(archive, dossiers, out, person_agent(agent))
    if as_json:
        print_json(result.as_dict())
        return
    for p in result.packages:
        console.print(f"{p['arcFileCode']} → {p['zip']} ({display.size(p['size'])})")
    console.print(say("transfer.muc_luc", files=", ".join(result.muc_luc)))


@app.command("receipt")
def receipt(
    file: Path = typer.Argument(...),
    agent: str | None = AGENT,
    as_json: bool = JSON,
) -> None:
    """Ghi nhận kết quả của Lưu trữ lịch sử (đồng ý / trả lại) / record the answer."""
    from archive.bootstrap import person_agent
    from archive.transfer.receipt import record_receipt

    with opened() as archive:
        rows = record_receipt(archive, file, person_agent(agent))
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console.print(
            f"{r['arcFileCode']}: {term('transfer_state', r['result'])} {r['reason']}".rstrip()
        )


@app.command("ls")
def ls(as_json: bool = JSON) -> None:
    """Trạng thái nộp lưu / transfer states."""
    from archive.transfer.batch import transfers

    with opened() as archive:
        rows = transfers(archive)
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("transfer.transfers"))
    for col in ("common.dossier", "transfer.request", "common.status", "transfer.package"):
        table.add_column(say(col), overflow="fold")
    table.add_column(say("common.reason"), overflow="fold")
    for r in rows:
        table.add_row(
            r["arcFileCode"],
            r["requestCode"],
            term("transfer_state", r["state"]),
            r["package"] or "",
            r["reason"] or "",
        )
    console.print(table)
    from archive.minutes.service import list_minutes
    from cli.minutes import print_minutes

    with opened() as archive:
        written = [m.as_dict() for m in list_minutes(archive, kind="transfer")]
    if written:  # the hand-over minutes, 'archive minutes get ID -o FILE'
        print_minutes(written)


@app.command("delete")
def delete(
    code: str = typer.Argument(...),
    agent: str | None = AGENT,
) -> None:
    """Xóa bản tại chỗ sau khi được tiếp nhận (giữ biên bản) / delete the accepted local copy."""
    from archive.bootstrap import person_agent
    from archive.transfer.deletion import delete_transferred

    with opened() as archive:
        out = delete_transferred(archive, code, person_agent(agent))
    console.print(say("transfer.deleted", code=out["arcFileCode"]))
