"""The destruction pages (docs/retention.md, ADR 0022): the disposal lists, and one list with
each dossier's metadata, the council's members and opinions, the conclusion, the appraisal, the
head's decision and the execution.

Who sees what: the archivist (``disposal_execute``) and whoever has a seat in the procedure
(``archive disposal council``: chair, secretary, member, head). Each acts only in their part:
a member records their own opinion, the chair or the secretary closes the review, the head
decides (with the signed decision's PDF), the archivist attaches the appraisal and executes.
A dossier's title shows only to a role that may see its access mode. Forms carry the CSRF
token; uploads are bounded (``disposal_max_upload_bytes``) before anything is read. The work is
:mod:`archive.retention.disposal`."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from archive.catalog.models import Dossier
from archive.dates import vn_date
from archive.due import EXECUTION_DAYS
from archive.errors import ArchiveError
from archive.retention.disposal.conclusion import conclude
from archive.retention.disposal.council import attach, list_council, record_opinion
from archive.retention.disposal.decision import decide
from archive.retention.disposal.execution import execute
from archive.retention.disposal.lists import show_list
from archive.users.access import can, visible
from archive.users.service import Principal
from archive.web.errors import answer_for
from archive.web.security import check_csrf
from archive.web.state import HttpError, User, Web, WebState

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_FIELD_BYTES = 4096
"""Largest plain field of a disposal form (a decision number, a reason)."""


def _admit(web: WebState, who: Principal) -> str | None:
    """403 unless ``who`` is the archivist or has a seat; their seat."""
    where = web.council_seat(who.name)
    if where is None and not can(who.role, "disposal_execute"):
        raise HttpError(403, "forbidden")
    return where


def _said(text: str, lang: str) -> str:
    """A core refusal ("vi / en") in the reader's language."""
    vi, sep, en = text.partition(" / ")
    return (en if lang == "en" else vi) if sep else text


@router.get("/disposal", response_class=HTMLResponse)
def lists(request: Request, web: Web, who: User) -> HTMLResponse:
    where = _admit(web, who)
    rows = show_list(web.archive)
    rows.sort(key=lambda d: (d["status"] not in ("review", "approved"), d["code"]))
    return web.page(request, "disposal.html", who=who, rows=rows, seat=where)


def _masked(web: WebState, who: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """The list with each item's title hidden from a role that may not see its access mode
    (a destroyed dossier's mode is unknown: hidden unless the role sees mode 03)."""
    codes = [i["arcFileCode"] for i in data["items"]]
    with web.archive.sessions() as session:
        rows = session.execute(
            select(Dossier.arc_file_code, Dossier.mode).where(Dossier.arc_file_code.in_(codes))
        )
        modes: dict[str, str] = {row[0]: row[1] for row in rows}
    for item in data["items"]:
        item["visible"] = visible(web.settings, who.role, modes.get(item["arcFileCode"]))
        if not item["visible"]:
            item["title"] = ""
    return data


def _detail(
    request: Request, web: WebState, who: Principal, code: str, status: int = 200, error: str = ""
) -> HTMLResponse:
    where = _admit(web, who)
    data = _masked(web, who, show_list(web.archive, code[:40])[0])
    opinions = {o["member"]: o for o in data["opinions"]}
    council = [m for m in list_council(web.archive) if m["role"] != "head"]
    due = None
    if data["status"] == "approved" and data["decision"]["date"]:
        decided = datetime.strptime(data["decision"]["date"], "%d/%m/%Y").date()
        due = vn_date(decided + timedelta(days=EXECUTION_DAYS))
    return web.page(
        request,
        "disposal_list.html",
        status,
        who=who,
        d=data,
        seat=where,
        council=council,
        opinions=opinions,
        due=due,
        archivist=can(who.role, "disposal_execute"),
        max_upload=web.settings.disposal_max_upload_bytes,
        error=_said(error, web.lang(request)) if error else "",
    )


@router.get("/disposal/{code}", response_class=HTMLResponse)
def one_list(request: Request, web: Web, who: User, code: str) -> HTMLResponse:
    return _detail(request, web, who, code)


async def _form(
    request: Request, web: WebState, upload: bool
) -> tuple[dict[str, str], Path | None]:
    """The form's plain fields and, with ``upload``, its one file saved under staging. The
    declared length is checked before the body is read; the file's size while it is copied."""
    bound = web.settings.disposal_max_upload_bytes
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HttpError(411, "length_required")
    if int(length) > (bound if upload else 0) + 16 * _FIELD_BYTES:
        raise HttpError(413, "too_large")
    form = await request.form(
        max_files=1 if upload else 0, max_fields=8, max_part_size=_FIELD_BYTES
    )
    try:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if not check_csrf(request.session, fields.get("csrf", "")):
            raise HttpError(403, "csrf_failed")
        file = form.get("file")
        if not upload or not isinstance(file, UploadFile) or not file.filename:
            return fields, None
        return fields, await _save(web, file, bound)
    finally:
        await form.close()  # the spooled upload goes now, whatever happened


async def _save(web: WebState, file: UploadFile, bound: int) -> Path:
    """The upload copied under staging, at most ``bound`` bytes (413 beyond)."""
    folder = web.settings.staging_dir / f"upload-{secrets.token_hex(8)}"
    folder.mkdir(parents=True)
    target = folder / Path(file.filename or "upload.pdf").name
    copied = 0
    with target.open("wb") as out:
        while chunk := await file.read(1 << 16):
            copied += len(chunk)
            if copied > bound:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise HttpError(413, "too_large")
            out.write(chunk)
    return target


async def _act(
    request: Request,
    web: WebState,
    who: Principal,
    code: str,
    work: Callable[[dict[str, str], Path | None], Any],
    upload: bool = False,
) -> Response:
    """Read the form (CSRF, bounds), do ``work``, go back to the list's page; a refusal of the
    core is shown on the page, in the reader's language, with its status."""
    fields, file = await _form(request, web, upload)
    try:
        await run_in_threadpool(work, fields, file)
    except ArchiveError as exc:
        return await run_in_threadpool(
            _detail, request, web, who, code, answer_for(exc).status, str(exc)
        )
    finally:
        if file is not None:
            shutil.rmtree(file.parent, ignore_errors=True)
    return RedirectResponse(f"/disposal/{code}", status_code=303)


@router.post("/disposal/{code}/opinion")
async def opinion(request: Request, web: Web, who: User, code: str) -> Response:
    def work(f: dict[str, str], _file: Path | None) -> Any:
        return record_opinion(web.archive, code, who.agent, f.get("vote", ""), f.get("reason", ""))

    return await _act(request, web, who, code, work)


@router.post("/disposal/{code}/conclude")
async def close_review(request: Request, web: Web, who: User, code: str) -> Response:
    return await _act(
        request, web, who, code, lambda _f, _p: conclude(web.archive, code, who.agent)
    )


def _need_file(file: Path | None) -> Path:
    if file is None:
        raise HttpError(400, "bad_request", "PDF")
    return file


@router.post("/disposal/{code}/appraisal")
async def appraisal(request: Request, web: Web, who: User, code: str) -> Response:
    if not can(who.role, "disposal_execute"):
        raise HttpError(403, "forbidden")
    return await _act(
        request,
        web,
        who,
        code,
        lambda _f, file: attach(web.archive, code, _need_file(file), who.agent),
        upload=True,
    )


@router.post("/disposal/{code}/decision")
async def decision(request: Request, web: Web, who: User, code: str) -> Response:
    def work(f: dict[str, str], file: Path | None) -> Any:
        return decide(
            web.archive,
            code,
            who.agent,
            number=f.get("number", ""),
            decision_date=f.get("date", "").strip(),
            file=_need_file(file),
            approve=f.get("outcome", "approve") != "reject",
        )

    return await _act(request, web, who, code, work, upload=True)


@router.post("/disposal/{code}/execute")
async def execution(request: Request, web: Web, who: User, code: str) -> Response:
    if not can(who.role, "disposal_execute"):
        raise HttpError(403, "forbidden")
    return await _act(request, web, who, code, lambda _f, _p: execute(web.archive, code, who.agent))
