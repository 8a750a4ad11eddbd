"""The action "Cấp bản sao có xác thực" of the document page (TT 05/2025 Đ41–42; docs/use.md,
ADR 0017): a form with the purpose (and, optionally, who the copy is for), its CSRF token, and
the DIP zip back as a download. Only the roles of ``certify_roles`` see the form; the core
refuses anyone else, and answers unknown, hidden and Mật (03) codes alike (404).

The zip is written in a folder of its own under the staging area, streamed to the browser, and
the folder removed once the response is sent (or at the next start if the server dies first:
its name carries this process's id, as the ingest's scratch folders do)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from archive.use.certify import CertifiedCopy, certify
from archive.web.downloads import content_disposition
from archive.web.security import check_csrf
from archive.web.state import HttpError, User, Web, WebState

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _issue(
    web: WebState, who: User, code: str, form: dict[str, str], folder: Path
) -> CertifiedCopy:
    return certify(
        web.archive,
        code,
        form.get("purpose", ""),
        folder,
        who.agent,
        user=who.name,
        recipient=form.get("recipient", "").strip() or None,
    )


@router.post("/documents/{code}/certify")
async def certify_form(request: Request, web: Web, who: User, code: str) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not check_csrf(request.session, form.get("csrf", "")):
        raise HttpError(403, "csrf_failed")
    folder = Path(tempfile.mkdtemp(prefix=f"webcopy-{os.getpid()}-", dir=web.settings.staging_dir))
    try:
        copy = await run_in_threadpool(_issue, web, who, code, form, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        copy.path,
        media_type="application/zip",
        headers={"content-disposition": content_disposition(copy.path.name)},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
