"""Reading copies and plain copies of a document (TT 05/2025 Chương VI Đ37, Đ40; docs/domain.md
§4.10; docs/use.md; ADR 0016).

A copy is made for one person from the stored original PDF, read from storage and checked
against its recorded SHA-256, never changed: the marks of :mod:`archive.use.stamp` are laid
over a new PDF. The copy is a derivative: it lives in the home's private working area
(``<home>/copies``, 0700, files 0600), never in storage, and only the catalog's ``copies``
table knows it; the events ``reading copy issued`` and ``plain copy issued`` in the sealed
audit chain are the record that it was made (``archive rebuild`` does not bring the table
back: a copy is meant to disappear).

Who may have one: only someone who may open the document (their role's access modes, or a
live use grant for a conditional record, :func:`archive.use.service.granted`); never for a Mật
(03) record. A document the person may not open is answered exactly like one that does not
exist. A copy opens until ``valid_until`` (the clock is compared at every access, and the
person must still be allowed to open the document); ``copy_purge_after_days`` after that,
:func:`purge` deletes its file, with a ``copy deleted`` event.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.atomic import atomic_write
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import effective_mode
from archive.catalog.models import Document, File
from archive.catalog.queries import find_document
from archive.clock import catalog_time, utc_now
from archive.config import Settings
from archive.dates import vn_date, vn_datetime
from archive.errors import ChecksumMismatch, InvalidInput, NotFound
from archive.faults import checkpoint
from archive.storage.ocfl import OcflRoot
from archive.use.models import Copy
from archive.use.service import granted
from archive.use.stamp import plain_copy_pdf, reading_copy_pdf
from archive.users.access import allowed_modes
from archive.users.models import User

__all__ = [
    "EVENTS",
    "KINDS",
    "Kind",
    "as_dict",
    "copies_dir",
    "copy_file",
    "delivery_event",
    "issue",
    "list_copies",
    "open_copy",
    "purge",
]

Kind = Literal["reading", "plain"]
KINDS: Final[tuple[Kind, ...]] = ("reading", "plain")
EVENTS: Final[dict[str, str]] = {
    "reading": "reading copy issued",
    "plain": "plain copy issued",
    "deleted": "copy deleted",
}
_NAMES: Final[dict[str, tuple[str, str]]] = {
    "reading": ("bản đọc", "reading copy"),
    "plain": ("bản sao không xác thực", "plain copy"),
}
_ORPHAN_AGE_S: Final = 3600
"""A file of the working area that no row names is deleted only when it is this old: a copy
being made has its file written a moment before its row is committed."""


def copies_dir(settings: Settings) -> Path:
    """The private working area of copies, made 0700 when missing."""
    path = (settings.home / "copies").resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def copy_file(settings: Settings, row: Copy) -> Path:
    """Where the file of ``row`` is."""
    return copies_dir(settings) / row.file


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    return user


def _no_document(code: str) -> NotFound:
    return NotFound(f"không có tài liệu {code} / no document {code}")


def _openable(session: Session, settings: Settings, user: User, code: str) -> Document | None:
    """The document if ``user`` may open it now (never a Mật record), else None: hidden and
    missing alike (the grant is looked up either way, so both take the same path)."""
    allowed = set(allowed_modes(settings, user.role))
    if granted(session, user.name, code):
        allowed.add("02")
    allowed.discard("03")
    doc = find_document(session, code)
    if doc is None or effective_mode(doc.mode, doc.dossier.mode) not in allowed:
        return None
    return doc


def _original(doc: Document) -> File:
    original = next((f for f in doc.files if f.role == "original"), None)
    if original is None or original.mime_type != "application/pdf":
        raise InvalidInput(
            f"{doc.doc_code}: chỉ bản gốc PDF mới có bản đọc, bản sao (không áp dụng cho tài liệu "
            "âm thanh, hình ảnh động) / only a PDF original has reading or plain copies (not "
            "audio or video records)"
        )
    return original


def _read_original(ocfl: OcflRoot, doc: Document, original: File) -> bytes:
    """The stored bytes, checked against their recorded SHA-256 (a corrupted original is never
    copied)."""
    key = ocfl.content_key(doc.dossier.object_id, original.content_path)
    with ocfl.store.open(key) as src:
        data = src.read()
    found = hashlib.sha256(data).hexdigest()
    if found != original.sha256:
        raise ChecksumMismatch(key, "SHA-256", original.sha256, found)
    return data


def _event(kind: str, row: Copy, agent: AgentRef, detail: str = "") -> NewEvent:
    vi, en = _NAMES[row.kind]
    until = vn_datetime(row.valid_until)  # as people read it: the trail shows the detail as is
    return NewEvent(
        EVENTS[kind],
        f"{vi.capitalize()} #{row.id} của {row.record} cho {row.holder}, đến {until} / "
        f"{en} #{row.id} of {row.record} for {row.holder}, until {until}{detail}",
        agents=[agent],
        objects=[(row.record, "source")],
    )


def _live(session: Session, holder: str, code: str, kind: str) -> Copy | None:
    return session.scalar(
        select(Copy)
        .where(Copy.holder == holder, Copy.record == code, Copy.kind == kind)
        .where(Copy.deleted_at.is_(None), Copy.valid_until > catalog_time())
        .order_by(Copy.id.desc())
    )


def issue(
    session: Session,
    settings: Settings,
    ocfl: OcflRoot,
    holder: str,
    code: str,
    kind: Kind,
    agent: AgentRef,
) -> Copy:
    """A reading or plain copy of document ``code`` for ``holder``: the one still open, if the
    holder has one, else a new one (its file written whole, then its row and its event)."""
    user = _user(session, holder)
    doc = _openable(session, settings, user, code)
    if doc is None:
        raise _no_document(code)
    original = _original(doc)
    live = _live(session, holder, code, kind)
    if live is not None and copy_file(settings, live).is_file():
        return live
    data = _read_original(ocfl, doc, original)
    now = utc_now()
    if kind == "reading":
        pdf = reading_copy_pdf(data, settings.agency_name, holder, vn_date(catalog_time(now)))
        days = settings.reading_copy_days
    else:
        pdf = plain_copy_pdf(data)
        days = settings.plain_copy_days
    path = copies_dir(settings) / f"{uuid.uuid4().hex}.pdf"
    atomic_write(path, pdf, mode=0o600)
    try:
        checkpoint("copy_written")
        stem = (original.original_name or original.path).rsplit("/", 1)[-1].removesuffix(".pdf")
        row = Copy(
            kind=kind,
            record=code,
            holder=holder,
            issued_at=catalog_time(now),
            valid_until=catalog_time(now + timedelta(days=days)),
            file=path.name,
            filename=f"{stem}.{'ban-doc' if kind == 'reading' else 'ban-sao'}.pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        session.add(row)
        session.flush()
        append_events(session, [_event(kind, row, agent)])
        checkpoint("copy_recorded")
    except BaseException:
        path.unlink(missing_ok=True)  # no row, no file (a failed commit: see purge)
        raise
    return row


def open_copy(
    session: Session, settings: Settings, holder: str, copy_id: int, kind: Kind
) -> tuple[Copy, Path]:
    """The copy ``copy_id`` of ``kind`` and its file, if it is ``holder``'s, still open now,
    and the holder may still open its document; else NotFound, the same for every reason."""
    row = session.get(Copy, copy_id)
    refused = NotFound(f"không có bản sao #{copy_id} / no copy #{copy_id}")
    if row is None or row.holder != holder or row.kind != kind or row.deleted_at is not None:
        raise refused
    if row.valid_until <= catalog_time():
        raise refused
    if _openable(session, settings, _user(session, holder), row.record) is None:
        raise refused
    path = copy_file(settings, row)
    if not path.is_file():
        raise refused
    return row, path


def delivery_event(
    copy: dict[str, Any], agents: list[AgentRef], channel: str, *, delivered: bool
) -> NewEvent:
    """The ``dissemination`` event of one delivery of a copy (``as_dict``): read, downloaded or
    written out."""
    vi, en = _NAMES[copy["kind"]]
    number, code = copy["id"], copy["record"]
    done = "" if delivered else " không hoàn tất / not completed"
    return NewEvent(
        "dissemination",
        f"Giao {vi} #{number} của {code} / {en} #{number} of {code} delivered{done} ({channel})",
        outcome="success" if delivered else "failure",
        agents=agents,
        objects=[(code, "source")],
    )


def _state(row: Copy, now: str) -> str:
    if row.deleted_at is not None:
        return "deleted"
    return "open" if row.valid_until > now else "expired"


def as_dict(row: Copy, now: str | None = None) -> dict[str, Any]:
    """JSON form of a copy."""
    return {
        "id": row.id,
        "kind": row.kind,
        "record": row.record,
        "holder": row.holder,
        "issuedAt": row.issued_at,
        "validUntil": row.valid_until,
        "deletedAt": row.deleted_at,
        "state": _state(row, now or catalog_time()),
        "filename": row.filename,
        "size": row.size,
        "sha256": row.sha256,
    }


def list_copies(session: Session, holder: str | None) -> list[dict[str, Any]]:
    """The copies of ``holder`` (None: everyone's, for the operator), newest first."""
    query = select(Copy).order_by(Copy.id.desc())
    if holder is not None:
        query = query.where(Copy.holder == holder)
    now = catalog_time()
    return [as_dict(r, now) for r in session.scalars(query)]


def purge(session: Session, settings: Settings, agent: AgentRef) -> int:
    """Delete the file of every copy ended ``copy_purge_after_days`` ago, with its event; and
    files of the working area no row names (left by a crash between file and commit). How
    many copies were deleted."""
    cutoff = catalog_time(utc_now() - timedelta(days=settings.copy_purge_after_days))
    rows = session.scalars(
        select(Copy).where(Copy.deleted_at.is_(None), Copy.valid_until <= cutoff).order_by(Copy.id)
    ).all()
    folder = copies_dir(settings)
    for row in rows:
        (folder / row.file).unlink(missing_ok=True)
        row.deleted_at = catalog_time()
        append_events(session, [_event("deleted", row, agent, " (đã xóa / deleted)")])
    session.flush()
    _sweep_orphans(session, folder)
    return len(rows)


def _sweep_orphans(session: Session, folder: Path) -> None:
    named = set(session.scalars(select(Copy.file).where(Copy.deleted_at.is_(None))))
    oldest = time.time() - _ORPHAN_AGE_S
    for path in folder.iterdir():
        if path.name in named:
            continue
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
