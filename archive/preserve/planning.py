"""Planning and claims: which files need work, and taking them crash-safely across workers.

A file is claimed with a conditional UPDATE (not superseded, no live claim) before work starts;
a claim lapses after ``preserve_claim_minutes`` so the work of a dead worker is taken over.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.catalog.models import Document, Dossier, File
from archive.clock import utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, Conflict
from archive.preserve.model import WorkItem
from archive.signatures.models import FileValidation

__all__ = ["claim", "plan", "release", "still_ours"]

_ORDER = {"augment": 0, "renew": 1, "revalidate": 2}


def _action(v: FileValidation, now: datetime, settings: Settings) -> str | None:
    margin = (now + timedelta(days=settings.renewal_margin_days)).date().isoformat()
    if v.pades_level in ("B-T", "B-LT") and v.bottom_line == "TOTAL_PASSED":
        return "augment"
    if (
        v.pades_level == "B-LTA"
        and v.bottom_line != "TOTAL_FAILED"
        and v.horizon is not None
        and v.horizon <= margin
    ):
        return "renew"
    stale = (now - timedelta(days=settings.revalidate_after_days)).isoformat()
    if v.validated_at < stale:
        return "revalidate"
    return None


def _free(now: datetime) -> Any:
    """Rows no live claim holds."""
    return or_(
        FileValidation.claimed_until.is_(None), FileValidation.claimed_until < now.isoformat()
    )


def plan(
    session: Session, settings: Settings, now: datetime, limit: int | None = None
) -> list[WorkItem]:
    """Files needing work, most urgent first (augment, renew, then revalidate)."""
    rows = session.execute(
        select(FileValidation, File, Document, Dossier)
        .join(File, FileValidation.file_id == File.id)
        .join(Document, File.document_id == Document.id)
        .join(Dossier, File.dossier_id == Dossier.id)
        .where(FileValidation.superseded_by.is_(None))
        .where(_free(now))
        .order_by(FileValidation.horizon, FileValidation.validated_at, FileValidation.id)
    ).all()
    items = [
        WorkItem(
            validation_id=v.id,
            file_id=f.id,
            document_id=f.document_id,
            doc_code=d.doc_code,
            object_id=s.object_id,
            arc_file_code=s.arc_file_code,
            path=f.path,
            content_path=f.content_path,
            sha512=f.sha512,
            action=action,
            bottom_line=v.bottom_line,
            horizon=v.horizon,
            pades_level=v.pades_level,
        )
        for v, f, d, s in rows
        if (action := _action(v, now, settings))
    ]
    items.sort(key=lambda i: _ORDER[i.action])
    return items[:limit] if limit else items


def claim(sessions: sessionmaker[Session], item: WorkItem, worker: str, minutes: int) -> bool:
    """Take the item unless it is done or another live worker holds it."""
    now = utc_now()  # not the planning time: a long run must not hand out lapsed claims
    with unit_of_work(sessions) as session:
        result = session.execute(
            update(FileValidation)
            .where(FileValidation.id == item.validation_id)
            .where(FileValidation.superseded_by.is_(None))
            .where(_free(now))
            .values(claimed_by=worker, claimed_until=(now + timedelta(minutes=minutes)).isoformat())
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def release(sessions: sessionmaker[Session], item: WorkItem) -> None:
    """Give the item back after a failure (if even that fails, the claim lapses by itself)."""
    try:
        with unit_of_work(sessions) as session:
            session.execute(
                update(FileValidation)
                .where(FileValidation.id == item.validation_id)
                .values(claimed_by=None, claimed_until=None)
            )
    except ArchiveError:
        pass  # the claim lapses by itself


def still_ours(session: Session, item: WorkItem, worker: str) -> FileValidation:
    """The item's validation row, still claimed by this worker and not superseded."""
    row = session.get(FileValidation, item.validation_id)
    if row is None or row.superseded_by is not None or row.claimed_by != worker:
        raise Conflict(
            f"{item.doc_code}: một tiến trình khác đã tiếp nhận / taken over by another worker "
            f"(claim lapsed); nothing recorded"
        )
    return row
