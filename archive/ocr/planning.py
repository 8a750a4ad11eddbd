"""Which documents are due for OCR, and taking them crash-safely across workers.

A document is due when its original is a PDF or an image and the catalog has no ``ocr_jobs``
row saying it is done, has a text layer (``not_needed``) or failed too often. Whether it really
lacks a text layer is found by the worker that claims it (the search extraction's own test,
``needs_ocr``), once, and remembered.

Claims work as the preservation run's (``archive.preserve.planning``): a conditional INSERT or
UPDATE that only one worker can win, lapsing after ``ocr_claim_minutes`` so that the work of a
dead worker is taken over; each document is committed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any, Final

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from archive.catalog.models import Document, Dossier, File
from archive.clock import catalog_time, utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, Conflict
from archive.ocr.models import OcrJob

__all__ = [
    "MAX_ATTEMPTS",
    "OcrItem",
    "claim",
    "fail",
    "finish",
    "plan",
    "release",
    "still_ours",
]

MAX_ATTEMPTS: Final = 3
"""A document whose OCR failed this often is left alone (its failures are in the catalog)."""
_IMAGE_SUFFIXES: Final = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff"})


@dataclass(frozen=True)
class OcrItem:
    """One document's original that may need an OCR rendition."""

    document_id: int
    file_id: int
    doc_code: str
    object_id: str
    arc_file_code: str
    path: str
    content_path: str
    sha512: str
    size: int
    mime: str | None
    image: bool  # an image original, not a PDF

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"doc_code": self.doc_code, "dossier": self.arc_file_code, "file": self.path}


def _kind(file: File) -> str | None:
    suffix = PurePosixPath(file.path).suffix.lower()
    mime = (file.mime_type or "").lower()
    if mime == "application/pdf" or suffix == ".pdf":
        return "pdf"
    if suffix in _IMAGE_SUFFIXES or mime in ("image/jpeg", "image/png", "image/tiff"):
        return "image"
    return None


def _free(now: datetime) -> Any:
    """Rows no live claim holds."""
    return or_(OcrJob.claimed_until.is_(None), OcrJob.claimed_until < now.isoformat())


def _due(now: datetime) -> Any:
    return or_(
        OcrJob.id.is_(None),
        and_(OcrJob.state.in_(("pending", "failed")), OcrJob.attempts < MAX_ATTEMPTS, _free(now)),
    )


def plan(session: Session, now: datetime, limit: int | None = None) -> list[OcrItem]:
    """Documents whose original may need a rendition, oldest first (one original each)."""
    rows = session.execute(
        select(File, Document, Dossier)
        .join(Document, File.document_id == Document.id)
        .join(Dossier, File.dossier_id == Dossier.id)
        .outerjoin(OcrJob, OcrJob.document_id == Document.id)
        .where(File.role == "original", Dossier.status == "active")
        .where(_due(now))
        .order_by(Document.id, File.id)
    ).all()
    items: dict[int, OcrItem] = {}
    for f, d, s in rows:
        kind = _kind(f)
        if kind is None or d.id in items:
            continue
        items[d.id] = OcrItem(
            document_id=d.id,
            file_id=f.id,
            doc_code=d.doc_code,
            object_id=s.object_id,
            arc_file_code=s.arc_file_code,
            path=f.path,
            content_path=f.content_path,
            sha512=f.sha512,
            size=f.size,
            mime=f.mime_type,
            image=kind == "image",
        )
    out = list(items.values())
    return out[:limit] if limit else out


def claim(sessions: sessionmaker[Session], item: OcrItem, worker: str, minutes: int) -> bool:
    """Take the document unless it is done or another live worker holds it."""
    now = utc_now()  # not the planning time: a long run must not hand out lapsed claims
    until = (now + timedelta(minutes=minutes)).isoformat()
    try:
        with unit_of_work(sessions) as session:
            if session.scalar(select(OcrJob.id).where(OcrJob.document_id == item.document_id)):
                result = session.execute(
                    update(OcrJob)
                    .where(OcrJob.document_id == item.document_id)
                    .where(OcrJob.state.in_(("pending", "failed")))
                    .where(OcrJob.attempts < MAX_ATTEMPTS, _free(now))
                    .values(claimed_by=worker, claimed_until=until, updated_at=catalog_time())
                )
                return bool(getattr(result, "rowcount", 0) == 1)
            session.add(
                OcrJob(
                    document_id=item.document_id,
                    state="pending",
                    source_file_id=item.file_id,
                    attempts=0,
                    updated_at=catalog_time(),
                    claimed_by=worker,
                    claimed_until=until,
                )
            )
            return True
    except IntegrityError:
        return False  # another worker inserted the row first: it holds the claim


def still_ours(session: Session, item: OcrItem, worker: str) -> OcrJob:
    """The document's row, still claimed by this worker and not finished."""
    row = session.scalar(select(OcrJob).where(OcrJob.document_id == item.document_id))
    if row is None or row.state in ("done", "not_needed") or row.claimed_by != worker:
        raise Conflict(
            f"{item.doc_code}: một tiến trình khác đã tiếp nhận / taken over by another worker "
            "(claim lapsed); nothing recorded"
        )
    return row


def finish(
    sessions: sessionmaker[Session], item: OcrItem, worker: str, state: str, message: str
) -> None:
    """Record an outcome without a rendition (``not_needed`` or ``failed``), freeing the claim."""
    with unit_of_work(sessions) as session:
        row = still_ours(session, item, worker)
        row.state = state
        row.message = message[:1000]
        row.updated_at = catalog_time()
        row.claimed_by = row.claimed_until = None
        if state == "failed":
            row.attempts += 1


def fail(sessions: sessionmaker[Session], item: OcrItem, worker: str, message: str) -> None:
    """Record a failure (counted; retried by later runs up to ``MAX_ATTEMPTS``)."""
    try:
        finish(sessions, item, worker, "failed", message)
    except ArchiveError:
        release(sessions, item)


def release(sessions: sessionmaker[Session], item: OcrItem) -> None:
    """Give the document back (if even that fails, the claim lapses by itself)."""
    try:
        with unit_of_work(sessions) as session:
            session.execute(
                update(OcrJob)
                .where(OcrJob.document_id == item.document_id)
                .values(claimed_by=None, claimed_until=None)
            )
    except ArchiveError:
        pass  # the claim lapses by itself
