"""What the pages and the API both show: a dossier or a document as the caller's role may see
it (the view logged as an ``access`` event), and an original file (streamed and verified).

A record the role may not see is answered exactly like one that does not exist (404); a HEAD
request shows nothing, so it logs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from archive.db.engine import unit_of_work
from archive.users.service import Principal
from archive.web import records
from archive.web.downloads import Channel, original_response
from archive.web.headers import is_head
from archive.web.state import HttpError, WebState

__all__ = ["READABLE", "download", "viewed_document", "viewed_dossier"]

READABLE = frozenset({"application/pdf"})
"""Types an original may be served ``inline`` as, for the browser's own viewer: never a type
the browser would run as a page of this site (HTML, SVG, scripts)."""


def viewed_dossier(
    web: WebState, request: Request, who: Principal, code: str, via: str
) -> dict[str, Any]:
    """The dossier view (``arcFileCode`` or ``fileCode``), its viewing logged."""
    return _viewed(web, request, who, code, via, "dossier")


def viewed_document(
    web: WebState, request: Request, who: Principal, code: str, via: str
) -> dict[str, Any]:
    """The document view, its viewing logged."""
    return _viewed(web, request, who, code, via, "document")


# What each kind of record is looked up by, the code its view names it by, and the event text.
_KINDS: dict[str, tuple[Callable[..., dict[str, Any] | None], str, str, str]] = {
    "dossier": (records.dossier_view, "arcFileCode", "Xem hồ sơ", "Dossier viewed"),
    "document": (records.document_view, "docCode", "Xem văn bản", "Document viewed"),
}


def _viewed(
    web: WebState, request: Request, who: Principal, code: str, via: str, kind: str
) -> dict[str, Any]:
    load, key, vi, en = _KINDS[kind]
    with unit_of_work(web.archive.sessions) as session:
        if kind == "document":  # a grant (archive.use) opens one document to one person
            view = load(session, web.settings, who.role, code, who.name)
        else:
            view = load(session, web.settings, who.role, code)
    if view is None:
        raise HttpError(404, "not_found")
    if not is_head(request):  # a HEAD shows nothing: no view to log
        name = view[key]
        web.log(who, "access", f"{vi} {name} / {en} ({via})", [name])
    return view


def download(
    web: WebState,
    request: Request,
    who: Principal,
    code: str,
    channel: Channel,
    *,
    inline: bool = False,
    rendition: bool = False,
) -> Response:
    """The original of document ``code`` (see :mod:`archive.web.downloads`); ``inline`` to be
    read in the browser, which only a PDF may be (else 404, after the same access check);
    ``rendition``: its OCR rendition instead, under the same access check."""
    archive = web.archive
    with unit_of_work(archive.sessions) as session:
        ref = records.original_ref(
            session, web.settings, archive.ocfl, who.role, code, who.name, rendition=rendition
        )
    if ref is None:
        raise HttpError(404, "not_found")
    if inline and ref.mime_type not in READABLE:
        raise HttpError(404, "not_readable")
    return original_response(archive, who, ref, channel, head=is_head(request), inline=inline)
