"""``archive ls``, ``archive show``, ``archive get``: what is stored, and the originals.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli import display
from cli.output import console, errors_to_exit, print_json, say, term

if TYPE_CHECKING:
    from archive.catalog.fields import FieldSpec
    from archive.catalog.models import Document, Dossier


def _fields(row: object, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    return {s.name: getattr(row, s.attr) for s in specs if hasattr(row, s.attr)}


def _dossier_dict(d: Dossier) -> dict[str, Any]:
    from archive.catalog.fields import DOSSIER_SIP_FIELDS

    return {
        "arcFileCode": d.arc_file_code,
        "object_id": d.object_id,
        "version": d.object_version,
        "ingested_at": d.ingested_at,
        "status": d.status,
        "fonds": d.fonds.code if d.fonds else None,
        **_fields(d, DOSSIER_SIP_FIELDS),
        "maintenanceYears": d.maintenance_years,
    }


def _document_dict(doc: Document) -> dict[str, Any]:
    from archive.catalog.fields import DOCUMENT_SIP_FIELDS

    return {
        **_fields(doc, DOCUMENT_SIP_FIELDS),
        "docOrdinal": doc.doc_ordinal,
        "signerPosition": doc.signer_position,
        "signerFullName": doc.signer_full_name,
        "recipients": doc.recipients,
        "priority": doc.priority,
        "files": [
            {
                "path": f.path,
                "size": f.size,
                "sha256": f.sha256,
                "format": f.format_name,
                "puid": f.format_puid,
                "format_version": f.format_version,
                "format_tool": f.format_tool,
                "pdfa": f.pdfa,
            }
            for f in doc.files
        ],
    }


def ls(as_json: bool = typer.Option(False, "--json")) -> None:
    """Danh sách hồ sơ / list dossiers.

    The access column is the strictest mode of the dossier and its documents (a Công khai
    dossier holding a Mật document is listed as Mật); the JSON keeps the dossier's own ``mode``
    and gives that one as ``strictestMode``."""
    from archive.bootstrap import open_archive
    from archive.catalog.queries import dossier_mode, list_dossiers
    from archive.config import load_settings
    from archive.db.engine import unit_of_work

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            rows = [
                {**_dossier_dict(d), "strictestMode": dossier_mode(d)}
                for d in list_dossiers(session)
            ]
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("catalog.dossiers"))
    for col in ("common.file_code", "common.title", "common.kept", "common.mode", "catalog.docs"):
        table.add_column(say(col), overflow="fold")
    for r in rows:
        table.add_row(
            r["fileCode"],
            r["title"],
            display.kept(r["maintenance"], r["maintenanceYears"]),
            display.code("mode", r["strictestMode"]),
            str(r["totalDoc"]),
        )
    console.print(table)


def _fields_table(title: str, rows: list[tuple[str, str]]) -> Table:
    """Label → value, the labels in bold; rows without a value are left out."""
    table = Table(title=title, show_header=False)
    table.add_column(say("catalog.field"), style="bold")
    table.add_column(say("catalog.value"), overflow="fold")
    for name, value in rows:
        if value:
            table.add_row(name, value)
    return table


def _show_dossier(data: dict[str, Any]) -> None:
    from archive.catalog.fields import DOSSIER_AIP_FIELDS, DOSSIER_SIP_FIELDS

    rows = []
    for spec in DOSSIER_SIP_FIELDS:
        value = data.get(spec.name)
        if spec.name == "maintenance":
            rows.append((display.label_of(spec), display.kept(value, data["maintenanceYears"])))
        else:
            rows.append((display.label_of(spec), display.field_text(spec, value)))
    rows += [
        (display.label_of(DOSSIER_AIP_FIELDS[0]), data["arcFileCode"]),
        (say("catalog.fonds"), data["fonds"] or ""),
        (say("catalog.ingested_at"), display.when(data["ingested_at"])),
    ]
    console.print(_fields_table(data["title"], rows))
    listing = Table(title=say("catalog.doc_list"))
    for col in ("catalog.col_no", "catalog.col_symbol", "catalog.col_date", "catalog.col_subject"):
        listing.add_column(say(col), overflow="fold")
    listing.add_column(say("catalog.doc_code"), overflow="fold")
    listing.add_column(say("common.mode"), overflow="fold")  # each document's own mode
    for doc in data["documents"]:
        number = "/".join(x for x in (doc["codeNumber"], doc["codeNotation"]) if x)
        listing.add_row(
            str(doc["docOrdinal"]),
            number,
            display.day(doc["issuedDate"]),
            f"{display.code('typeName', doc['typeName'])}: {doc['subject']}",
            doc["docCode"],
            display.code("mode", doc["mode"]),
        )
    console.print(listing)
    _show_events(data["events"])


def _show_document(data: dict[str, Any]) -> None:
    from archive.catalog.fields import (
        DOCUMENT_AIP_FIELDS,
        DOCUMENT_SIP_FIELDS,
        EXT_DOCUMENT_FIELDS,
    )

    ordinal = next(s for s in DOCUMENT_AIP_FIELDS if s.name == "docOrdinal")
    extra = [s for s in EXT_DOCUMENT_FIELDS if s.name in data]
    rows = [
        (display.label_of(s), display.field_text(s, data.get(s.name))) for s in DOCUMENT_SIP_FIELDS
    ]
    rows += [(display.label_of(s), display.field_text(s, data[s.name])) for s in (ordinal, *extra)]
    rows.append((say("catalog.in_dossier"), data["dossier"]))
    number = "/".join(x for x in (data["codeNumber"], data["codeNotation"]) if x)
    title = f"{display.code('typeName', data['typeName'])} {number}".strip()
    console.print(_fields_table(title, rows))
    files = Table(title=say("catalog.files"))
    for col in ("catalog.file", "catalog.size", "catalog.format", "SHA-256"):
        files.add_column(say(col) if "." in col else col, overflow="fold")
    for f in data["files"]:
        shown = f"{f['format'] or ''} ({f['puid']})" if f["puid"] else f["format"] or ""
        files.add_row(f["path"], display.size(f["size"]), shown, f["sha256"])
    console.print(files)
    _show_events(data["events"])


def _show_events(events: list[dict[str, Any]]) -> None:
    """The audit trail of the record: when, what, outcome, the stored detail."""
    table = Table(title=say("catalog.events"))
    for col in ("#", "catalog.event_at", "catalog.event", "catalog.outcome", "catalog.detail"):
        table.add_column(say(col) if "." in col else col, overflow="fold")
    for e in events:
        table.add_row(
            str(e["seq"]),
            display.when(e["at"]),
            term("event", e["type"]),
            term("outcome", e["outcome"]),
            e["detail"] or "",
        )
    console.print(table)


def show(
    code: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Xem hồ sơ hoặc tài liệu / show a dossier (by code) or a document (by docCode)."""
    from archive.bootstrap import open_archive
    from archive.catalog.queries import dossier_mode, event_trail, find_document, find_dossier
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.errors import NotFound

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            dossier = find_dossier(session, code)
            document = None if dossier else find_document(session, code)
            if dossier is None and document is None:
                raise NotFound(say("catalog.no_such_code", code=code))
            if dossier is not None:
                data = {
                    **_dossier_dict(dossier),
                    "strictestMode": dossier_mode(dossier),
                    "documents": [_document_dict(d) for d in dossier.documents],
                }
                ids = [dossier.arc_file_code, *(d.doc_code for d in dossier.documents)]
            else:
                assert document is not None
                data = {**_document_dict(document), "dossier": document.dossier.arc_file_code}
                ids = [document.doc_code]
            data["events"] = [
                {
                    "seq": e.seq,
                    "type": e.event_type,
                    "at": e.occurred_at,
                    "outcome": e.outcome,
                    "detail": e.detail,
                }
                for e in event_trail(session, ids)
            ]
    if as_json:
        print_json(data)
    elif dossier is not None:
        _show_dossier(data)
    else:
        _show_document(data)


def get(
    doc_code: str = typer.Argument(...),
    output: str = typer.Option(
        ...,
        "-o",
        "--output",
    ),
    force: bool = typer.Option(False, "--force"),
    agent: str | None = typer.Option(None, "--agent"),
    rendition: str | None = typer.Option(None, "--rendition"),
) -> None:
    """Lấy bản gốc (đúng từng byte) / write the original bytes of a document; logged.

    `-o -` writes to standard output (`archive get CODE -o - | sha256sum`); a device or pipe
    such as /dev/null is written in place; an existing file is replaced only with --force.
    `--rendition ocr` writes the document's OCR rendition instead (`archive ocr run`): a
    PDF/A-2b two-layer derivative for reading, never the original.
    """
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings

    to_stdout = output == "-"
    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        out = sys.stdout.buffer if to_stdout else Path(output)
        size = archive.retrieve_original(
            doc_code, out, person_agent(agent), force=force, rendition=rendition
        )
    if to_stdout:  # standard output carries the bytes alone
        return
    if rendition:
        console.print(say("ocr.saved_rendition", code=doc_code, path=output, size=size))
    else:
        console.print(say("catalog.written", size=size, output=output))


def duplicates(as_json: bool = typer.Option(False, "--json")) -> None:
    """Bản gốc trùng nhau / originals held more than once (same SHA-256)."""
    from archive.bootstrap import open_archive
    from archive.catalog.duplicates import list_duplicates
    from archive.config import load_settings
    from archive.db.engine import unit_of_work

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            groups = [g.as_dict() for g in list_duplicates(session)]
    if as_json:
        print_json(groups)
        return
    table = Table(title=say("catalog.duplicates_title"))
    for col in ("SHA-256", say("catalog.size"), "docCode", "arcFileCode"):
        table.add_column(col, overflow="fold")
    for group in groups:
        for n, copy in enumerate(group["copies"]):
            first = n == 0
            table.add_row(
                group["sha256"][:16] if first else "",
                display.size(group["size"]) if first else "",
                copy["docCode"] or copy["path"],
                copy["arcFileCode"],
            )
    console.print(table)
    console.print(say("catalog.duplicates_count", count=len(groups)))


def formats(as_json: bool = typer.Option(False, "--json")) -> None:
    """Kho theo định dạng / the holding by format: files, size, risk (PRONOM)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.db.engine import unit_of_work
    from archive.packages.formatpolicy import holding_by_format

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        with unit_of_work(archive.sessions) as session:
            report = holding_by_format(session, archive.settings)
    if as_json:
        print_json(report)
        return
    risk = {"acceptable": "[green]{}[/]", "at-risk": "[yellow]{}[/]", "refused": "[red]{}[/]"}
    table = Table(title=say("catalog.formats_title"))
    for col in ("PUID", say("catalog.format"), say("catalog.version")):
        table.add_column(col, overflow="fold")
    for col in (say("catalog.file_count"), say("catalog.size"), "PDF/A"):
        table.add_column(col, justify="right")
    table.add_column(say("catalog.risk"))
    for row in report["formats"]:
        table.add_row(
            row["puid"] or say("catalog.unidentified"),
            row["format"] or "",
            row["version"],
            str(row["files"]),
            display.size(row["bytes"]),
            f"{row['pdfa_consistent']}/{row['pdfa_declared']}" if row["pdfa_declared"] else "",
            risk[row["risk"]].format(term("format_risk", row["risk"])),
        )
    console.print(table)
    total = report["total"]
    console.print(
        say("catalog.formats_total", files=total["files"], size=display.size(total["bytes"]))
    )
