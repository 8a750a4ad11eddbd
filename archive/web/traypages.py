"""The filing tray page (văn bản chờ lập hồ sơ, docs/edxml.md): documents received as edXML
envelopes, filtered by sender, date and type; one document with its metadata, attachments,
signatures and processing history. Archivists and administrators only (``filing_tray``):
received documents are not yet classified, so nobody else sees them.

The page's form files the ticked documents into a dossier (``POST /tray/assemble``, CSRF, the
same job as ``archive tray assemble``): the dossier's fields typed in, or a dossier sheet
uploaded (CSV or XLSX, at most 1 MiB). Filed: 303 to the dossier's page. Refused by the gate:
the page again (422) with the findings, the documents still waiting."""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from archive.catalog.fields import DOSSIER_SIP_FIELDS
from archive.edxml.tray import TrayFilter, list_tray, show_tray
from archive.errors import ArchiveError, InvalidInput
from archive.ingest.filing import Filing, assemble
from archive.web.errors import answer_for
from archive.web.security import check_csrf
from archive.web.state import HttpError, User, Web, WebState, need

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_STATES = ("received", "filed", "withdrawn", "all")
_SHEET_FIELDS: Final = ("fileCode", "title", "maintenance", "mode", "keyword", "description")
_LABELS: Final = tuple(s for s in DOSSIER_SIP_FIELDS if s.name in _SHEET_FIELDS)
_MAX_SHEET: Final = 1024 * 1024
_MAX_CODES: Final = 500


def _date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date() if text.strip() else None
    except ValueError:
        return None


@router.get("/tray", response_class=HTMLResponse)
def tray(
    request: Request,
    web: Web,
    who: User,
    sender: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    type_name: str = Query("", alias="type", max_length=100),
    state: str = Query("received", max_length=10),
) -> HTMLResponse:
    need(who, "filing_tray")
    return _tray_page(request, web, who, sender, since, until, type_name, state)


def _tray_page(
    request: Request,
    web: WebState,
    who: User,
    sender: str = "",
    since: str = "",
    until: str = "",
    type_name: str = "",
    state: str = "received",
    status: int = 200,
    assembly: dict[str, Any] | None = None,
) -> HTMLResponse:
    bad = [
        name
        for name, value in (("since", since), ("until", until))
        if value.strip() and _date(value) is None
    ]
    where = TrayFilter(
        sender=sender.strip(),
        since=_date(since),
        until=_date(until),
        type_name=type_name.strip(),
        state=state if state in _STATES else "received",
    )
    rows = [] if bad else list_tray(web.archive, where)
    return web.page(
        request,
        "tray.html",
        400 if bad else status,
        who=who,
        assembly=assembly or {"values": {}, "codes": [], "findings": [], "error": ""},
        sheet_fields=[(s.name, s.label_vi, s.label_en) for s in _LABELS],
        rows=rows,
        form={
            "sender": sender,
            "since": since,
            "until": until,
            "type": type_name,
            "state": where.state,
        },
        states=_STATES,
        bad_dates=bad,
    )


@router.get("/tray/{code}", response_class=HTMLResponse)
def tray_document(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    need(who, "filing_tray")
    if len(code) > 40:
        code = code[:40]
    try:
        data = show_tray(web.archive, code)
    except ArchiveError as exc:
        answer = answer_for(exc)
        return web.page(
            request, "tray_document.html", answer.status, who=who, doc=None, error=str(exc)
        )
    return web.page(request, "tray_document.html", who=who, doc=data, error="")


def _sheet(job: Path, form: dict[str, str], upload: tuple[str, bytes] | None) -> Path:
    """The dossier sheet: the uploaded file, or a CSV of the fields typed into the form."""
    if upload is not None:
        name, content = upload
        suffix = Path(name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise InvalidInput(
                f"bảng kê hồ sơ phải là .csv hoặc .xlsx / the dossier sheet must be .csv or "
                f".xlsx: {name}"
            )
        target = job / f"dossier{suffix}"
        target.write_bytes(content)
        return target
    values = {k: form.get(k, "").strip() for k in _SHEET_FIELDS if form.get(k, "").strip()}
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(values)
    writer.writerow(values.values())
    target = job / "dossier.csv"
    target.write_text(text.getvalue(), encoding="utf-8")
    return target


def _assemble(
    web: WebState,
    who: User,
    codes: list[str],
    form: dict[str, str],
    upload: tuple[str, bytes] | None,
) -> Filing:
    job = web.settings.staging_dir / f"web-assemble-{os.getpid()}-{uuid.uuid4().hex}"
    job.mkdir(parents=True)
    try:
        sheet = _sheet(job, form, upload)
        return assemble(web.archive, web.archive.ingestor, codes, sheet, who.agent)
    finally:
        shutil.rmtree(job, ignore_errors=True)


@router.post("/tray/assemble")
async def assemble_form(request: Request, web: Web, who: User) -> Response:
    need(who, "filing_tray")
    if int(request.headers.get("content-length") or 0) > _MAX_SHEET + 64 * 1024:
        raise HttpError(413, "too_large")
    limits = {"max_files": 1, "max_fields": _MAX_CODES + 20, "max_part_size": _MAX_SHEET}
    async with request.form(**limits) as data:
        if not check_csrf(request.session, str(data.get("csrf", ""))):
            raise HttpError(403, "csrf_failed")
        codes = [str(c)[:40] for c in data.getlist("code")][:_MAX_CODES]
        form = {k: str(data.get(k, ""))[:2000] for k in _SHEET_FIELDS}
        upload = data.get("sheet")
        sheet = None
        if isinstance(upload, UploadFile) and upload.filename:
            sheet = (upload.filename, await upload.read(_MAX_SHEET + 1))
    if sheet is not None and len(sheet[1]) > _MAX_SHEET:
        raise HttpError(413, "too_large")
    try:
        done = await run_in_threadpool(_assemble, web, who, codes, form, sheet)
    except ArchiveError as exc:
        shown = {"values": form, "codes": codes, "findings": [], "error": str(exc)}
        return _tray_page(request, web, who, status=answer_for(exc).status, assembly=shown)
    if done.status == "filed":
        return RedirectResponse(f"/dossiers/{done.arc_file_code}", status_code=303)
    findings = [f.as_dict() for f in done.report.findings if f.severity == "error"]
    if done.status == "pending":
        message = (
            f"Hồ sơ chờ thẩm tra ({done.pending_code}); văn bản vẫn chờ lập hồ sơ / the dossier "
            f"awaits review ({done.pending_code}); the documents still wait"
        )
        shown = {"values": form, "codes": codes, "findings": [], "error": message}
        return _tray_page(request, web, who, status=202, assembly=shown)
    refused: dict[str, Any] = {"values": form, "codes": codes, "findings": findings, "error": ""}
    return _tray_page(request, web, who, status=422, assembly=refused)
