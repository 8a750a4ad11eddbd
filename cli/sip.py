"""``archive sip build``: a folder plus a metadata sheet → a validated SIP_hoso zip;
``archive sip template``: the sheet to fill.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import EXIT_FAILED, console, errors_to_exit, findings_table, print_json, say

app = typer.Typer(no_args_is_help=True)


@app.command("build")
def build(
    folder: Path = typer.Argument(..., exists=True, file_okay=False),
    metadata: Path = typer.Option(
        ...,
        "--metadata",
        exists=True,
        dir_okay=False,
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
    ),
    creator: str = typer.Option("", "--creator"),
    fonds: str | None = typer.Option(None, "--fonds"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Đóng gói SIP_hoso từ thư mục + bảng kê / build a SIP_hoso from a folder and a sheet."""
    from archive.config import load_settings
    from archive.ingest.sheet import build_sip

    with errors_to_exit():
        settings = load_settings()
        target = out or Path(f"{folder.resolve().name}.zip")
        built, report = build_sip(
            folder, metadata, target, settings, creator=creator or folder.name, fonds_code=fonds
        )
    if as_json:
        print_json({"out": str(built) if built else None, **report.as_dict()})
    else:
        if report.findings:
            console.print(findings_table(report.findings, metadata.name))
        if built:
            console.print(say("ingest.built", path=built))
        else:
            console.print(say("ingest.not_built"))
    if built is None:
        raise typer.Exit(EXIT_FAILED)


@app.command("template")
def template(
    out: Path = typer.Option(
        Path("danh-sach.xlsx"),
        "--out",
        dir_okay=False,
    ),
    force: bool = typer.Option(False, "--force"),
) -> None:
    """Bảng kê mẫu cho `sip build` / the metadata sheet to fill for `archive sip build`.

    Tiêu đề cột: tên tiếng Việt (tên trường TT05); một dòng ví dụ; danh sách chọn cho các
    trường mã / headers: Vietnamese label (TT05 element name); one example row; drop-down lists
    for the code fields. Columns: docs/sip-build.md.
    """
    from archive.errors import Conflict, InvalidInput
    from archive.ingest.sheettemplate import template_bytes

    with errors_to_exit():
        data = template_bytes(out.suffix)
        if out.exists() and not force:
            raise Conflict(
                f"{out} đã có; dùng --force để ghi đè / {out} exists; --force replaces it"
            )
        part = out.with_name(f".{out.name}.part")
        try:
            part.write_bytes(data)
            part.replace(out)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise InvalidInput(
                f"không ghi được {out} / cannot write {out}: {exc.strerror or exc}"
            ) from exc
    console.print(say("ingest.template_written", out=out), soft_wrap=True)
