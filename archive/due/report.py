"""Everything that is due, in one list: the report an archivist or an operator reads each
morning (``archive due``, the page ``/due``). Each item says what is due, how many, by when,
and the command that deals with it; red is overdue or failing, amber is coming due.

The deadlines are the law's (docs/domain.md): the review of a deposited package within 60
days (TT 05/2025 Chương IV; ``review_days``), the registration of a transfer 12 months before
it is due, the execution of a destruction within 15 days of the head's decision (issue #20),
the whole holding checked and inspected within 3 years (fixity; the inspection of every
dossier, red once one is past, amber within 90 days), the migration of media 1 year before
their rated end, a backup set every day, a full one every month and the check of the backup
system every quarter (Chương V); and the archive's own: signatures and evidence records renewed
before their protection horizon, failed OCR jobs, damaged or missing copies, inspection
failures not yet remedied, and the recalls of filed documents (edXML) that froze a dossier and
wait for the archivist's decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.backup.schedule import missed
from archive.backup.target import open_target
from archive.dates import VN_ZONE, vn_date
from archive.db.engine import unit_of_work
from archive.edxml.models import TrayDocument
from archive.errors import ArchiveError
from archive.evidence.service import plan_renewals
from archive.holdings import fixity
from archive.holdings.models import ObjectCopy
from archive.inspection.views import coverage as inspection_coverage
from archive.ocr.models import OcrJob
from archive.preserve import planning
from archive.retention.due import TransferDue, expired, transfer_due_list
from archive.retention.models import DisposalItem, DisposalList
from archive.review.models import PendingPackage
from archive.services import Services
from archive.use.models import UseRequest

__all__ = ["EXECUTION_DAYS", "DueItem", "due_report"]

Level = Literal["red", "amber"]

EXECUTION_DAYS = 15
"""A destruction decided by the head is carried out within 15 days (issue #20, §4.11)."""
SOON_DAYS = 30
"""How far ahead an item is shown amber before it turns red."""


@dataclass(frozen=True)
class DueItem:
    """One kind of work that is due: ``count`` of them, the earliest by ``due``."""

    kind: str
    level: Level
    count: int
    due: date | None
    subject: str
    action: str
    """The command (or page) that deals with it."""

    def as_dict(self) -> dict[str, Any]:
        """JSON form (dates DD/MM/YYYY as the law writes them)."""
        return {
            "kind": self.kind,
            "level": self.level,
            "count": self.count,
            "due": vn_date(self.due) if self.due else None,
            "subject": self.subject,
            "action": self.action,
        }


def due_report(archive: Services, today: date, now: datetime) -> list[DueItem]:
    """Every item due, red first, then by date."""
    with unit_of_work(archive.sessions) as session:
        items = [
            *_reviews(session, today),
            *_retention(session, today),
            *_transfers(session, today),
            *_destructions(session, today),
            *_council(session),
            *_use_requests(session),
            *_ocr_failures(session),
            *_copies(session),
            *_inspection(session, today),
            *_signatures(session, archive, now),
            *_recalls(session),
        ]
    items += [*_evidence(archive, now), *_fixity(archive, now), *_media(archive, today)]
    items += _backups(archive, now)
    return sorted(items, key=lambda i: (i.level != "red", i.due or date.max, i.kind))


def _level(due: date, today: date) -> Level:
    return "red" if due < today else "amber"


def _reviews(session: Session, today: date) -> Iterator[DueItem]:
    # Each package carries its own deadline (review_days after submission, 60 by default).
    count, first = session.execute(
        select(func.count(), func.min(PendingPackage.due_at)).where(
            PendingPackage.state == "pending"
        )
    ).one()
    if count:
        due = datetime.fromisoformat(first).date()
        yield DueItem("review", _level(due, today), int(count), due, "", "archive review ls")


def _retention(session: Session, today: date) -> Iterator[DueItem]:
    # Expired dossiers not yet on a list "Xem xét hủy" (nor held) wait for the yearly list.
    listed = set(session.scalars(select(DisposalItem.arc_file_code)))
    dossiers = [d for d in expired(session, today) if not d.held and d.arc_file_code not in listed]
    if dossiers:
        due = min(d.due for d in dossiers)
        yield DueItem("retention", "amber", len(dossiers), due, "", "archive disposal review")


def _transfers(session: Session, today: date) -> Iterator[DueItem]:
    open_ = [t for t in transfer_due_list(session, today.year + 1) if t.state is None]
    late = [t for t in open_ if t.registration_due < today]
    soon = [t for t in open_ if today <= t.registration_due <= today + timedelta(days=365)]
    groups: tuple[tuple[Level, list[TransferDue]], ...] = (("red", late), ("amber", soon))
    for level, group in groups:
        if group:
            due = min(t.registration_due for t in group)
            yield DueItem("transfer", level, len(group), due, "", "archive transfer register")


def _destructions(session: Session, today: date) -> Iterator[DueItem]:
    decided = session.scalars(select(DisposalList).where(DisposalList.status == "approved"))
    for item in decided:
        if not item.decision_date:
            continue
        decided_on = datetime.strptime(item.decision_date, "%d/%m/%Y").date()
        due = decided_on + timedelta(days=EXECUTION_DAYS)
        action = f"archive disposal execute {item.code}"
        yield DueItem("destruction", _level(due, today), len(item.items), due, item.code, action)


def _council(session: Session) -> Iterator[DueItem]:
    # A list "Xem xét hủy" waits for the council's opinions and its conclusion (then the
    # head's decision, which is the destruction kind above).
    waiting = session.scalars(
        select(DisposalList.code)
        .where(DisposalList.status == "review", DisposalList.council_closed_at.is_(None))
        .order_by(DisposalList.code)
    ).all()
    if waiting:
        action = f"/disposal/{waiting[0]} · archive disposal conclude {waiting[0]}"
        yield DueItem("council", "amber", len(waiting), None, ", ".join(waiting)[:200], action)


def _use_requests(session: Session) -> Iterator[DueItem]:
    count = session.scalar(
        select(func.count()).select_from(UseRequest).where(UseRequest.state == "pending")
    )
    if count:
        yield DueItem("use_request", "amber", int(count), None, "", "archive access ls")


def _recalls(session: Session) -> Iterator[DueItem]:
    # A recall of a filed document froze its dossier; only the archivist's decision ends it.
    codes = session.scalars(
        select(TrayDocument.code)
        .where(TrayDocument.recall_state == "pending")
        .order_by(TrayDocument.code)
    ).all()
    if codes:
        action = f"archive tray recall-decide {codes[0]} --accept|--refuse --reason …"
        yield DueItem("edxml_recall", "red", len(codes), None, ", ".join(codes)[:200], action)


def _ocr_failures(session: Session) -> Iterator[DueItem]:
    count = session.scalar(select(func.count()).select_from(OcrJob).where(OcrJob.state == "failed"))
    if count:
        yield DueItem("ocr_failed", "red", int(count), None, "", "archive ocr run")


def _copies(session: Session) -> Iterator[DueItem]:
    rows = session.execute(
        select(ObjectCopy.store, func.count())
        .where(ObjectCopy.state != "ok")
        .group_by(ObjectCopy.store)
        .order_by(ObjectCopy.store)
    )
    for store, count in rows:
        yield DueItem("copy_damaged", "red", int(count), None, store, "archive repair")


def _inspection(session: Session, today: date) -> Iterator[DueItem]:
    # Every dossier inspected within 3 years (its ingest counts until its first inspection):
    # red once one is past, amber within 90 days of it; and failures not yet remedied.
    cover = inspection_coverage(session, today)
    if cover.overdue:
        due = cover.first_due
        yield DueItem("inspection", "red", cover.overdue, due, "", "archive inspection run")
    elif cover.soon:
        due = cover.first_due
        yield DueItem("inspection", "amber", cover.soon, due, "", "archive inspection run")
    if cover.open_failures:
        action = "archive inspection failures"
        yield DueItem("inspection_failed", "red", cover.open_failures, None, "", action)


def _signatures(session: Session, archive: Services, now: datetime) -> Iterator[DueItem]:
    work = planning.plan(session, archive.settings, now)
    count = sum(1 for w in work if w.action in ("augment", "renew"))
    if count:
        yield DueItem("signatures", "amber", count, None, "", "archive preserve run")


def _evidence(archive: Services, now: datetime) -> Iterator[DueItem]:
    renewals = plan_renewals(archive, now)
    if renewals:
        horizons = [date.fromisoformat(r.horizon[:10]) for r in renewals if r.horizon]
        due = min(horizons) if horizons else None
        level: Level = "red" if due is not None and due < now.date() else "amber"
        yield DueItem("evidence", level, len(renewals), due, "", "archive preserve run")


def _fixity(archive: Services, now: datetime) -> Iterator[DueItem]:
    roots = archive.roots()
    stores = fixity.coverage(archive.settings, archive.sessions, roots, archive.ocfl, now=now)
    for store in stores:
        if not store.on_track:
            due = now.date() + timedelta(days=fixity.LAW_DAYS)
            count = store.objects - store.checked_recently
            yield DueItem("fixity", "red", count, due, store.store, "archive fixity run")


def _media(archive: Services, today: date) -> Iterator[DueItem]:
    for store, media in sorted(archive.settings.store_media.items()):
        due = media.migration_due()
        if due <= today + timedelta(days=SOON_DAYS * 6):
            subject = f"{store}: {media.media}"
            yield DueItem("media", _level(due, today), 1, due, subject, "docs/operations.md")


def _backups(archive: Services, now: datetime) -> list[DueItem]:
    """Backups missed (TT 05/2025 Chương V), when a backup target is configured."""
    if archive.settings.backup_backend == "none":
        return []  # development without backups; production refuses to start without them
    try:
        late = missed(open_target(archive.settings), now)
    except ArchiveError as exc:  # the target cannot be read: nothing is being backed up
        return [DueItem("backup", "red", 1, now.date(), str(exc)[:200], "archive backup ls")]
    return [
        DueItem(
            "backup",
            "red",
            1,
            m.due.astimezone(VN_ZONE).date() if m.due else None,
            m.what,
            m.action,
        )
        for m in late
    ]
