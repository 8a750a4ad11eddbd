"""The yearly review: the disposal list of expired and duplicate dossiers, status "Xem xét hủy"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.codes import label
from archive.catalog.models import Dossier
from archive.clock import event_time
from archive.dates import today as local_today
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.identifiers import arc_doc_code
from archive.retention.dates import due_date
from archive.retention.disposal.lists import REVIEW_STATUS, item_dict
from archive.retention.dossiers import dossier_due, dossier_retention
from archive.retention.holds import held_codes
from archive.retention.listobject import create_object, json_bytes, list_object_id
from archive.retention.models import DisposalItem, DisposalList
from archive.services import Services

__all__ = ["ReviewResult", "kept_copy", "review", "review_at_ingest", "yearly_review"]

Chosen = tuple[Dossier, str, str]
"""A dossier put on a list, its reason (expired | duplicate) and the reason's text."""


@dataclass
class ReviewResult:
    """A new disposal list, and the dossiers left out because they are held."""

    code: str
    items: list[dict[str, Any]] = field(default_factory=list)
    skipped_held: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"code": self.code, "items": self.items, "skippedHeld": self.skipped_held}


def _originals(d: Dossier) -> set[str]:
    return {f.sha256 for f in d.files if f.role == "original"}


def _on_open_lists(session: Session) -> set[str]:
    return set(
        session.scalars(
            select(DisposalItem.arc_file_code)
            .join(DisposalList)
            .where(DisposalList.status.in_(("review", "approved")))
            .where(DisposalItem.status == REVIEW_STATUS)
        )
    )


def kept_copy(d: Dossier, others: list[Dossier], excluded: set[str]) -> Dossier | None:
    """An earlier dossier holding all of ``d``'s originals with a retention at least as long."""
    mine = _originals(d)
    if not mine:
        return None
    for other in others:
        if other.id >= d.id or other.arc_file_code in excluded:
            continue
        if mine <= _originals(other) and not dossier_retention(d).longer_than(
            dossier_retention(other)
        ):
            return other
    return None


def _note(d: Dossier) -> str | None:
    if d.paper_file_code:
        return f"Có bản giấy / paper copy: {d.paper_file_code}"
    if d.confidence_level in ("02", "03"):
        return f"Có tài liệu giấy ({label('confidenceLevel', d.confidence_level)})"
    return None


def _active_dossiers(session: Session) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.status == "active")
            .options(selectinload(Dossier.documents), selectinload(Dossier.files))
            .order_by(Dossier.id)
        )
    )


def _choose(
    dossiers: list[Dossier],
    busy: set[str],
    held: set[str],
    year: int | None,
    today: date,
    only: frozenset[str] | None = None,
) -> tuple[list[Chosen], list[str]]:
    """The dossiers to list (by id) and the held ones left out (sorted): expired first, then
    duplicates whose kept copy is not itself leaving; with ``only``, those dossiers alone."""
    chosen: list[Chosen] = []
    skipped: list[str] = []
    candidates = [
        d
        for d in dossiers
        if d.arc_file_code not in busy and (only is None or d.arc_file_code in only)
    ]
    for d in candidates:  # expired first: a duplicate's kept copy must not be on the list
        due = due_date(d.end_year, dossier_retention(d))
        if due is None or not (due.year <= year if year else due < today):
            continue
        if d.arc_file_code in held:
            skipped.append(d.arc_file_code)
        else:
            chosen.append((d, "expired", f"Hết thời hạn lưu trữ ngày {due:%d/%m/%Y}"))
    leaving = busy | {d.arc_file_code for d, _r, _t in chosen}
    for d in candidates:
        if d.arc_file_code in leaving or d.arc_file_code in skipped:
            continue
        kept = kept_copy(d, dossiers, leaving)
        if kept is None:
            continue
        if d.arc_file_code in held:
            skipped.append(d.arc_file_code)
        else:
            chosen.append((d, "duplicate", f"Trùng với hồ sơ {kept.arc_file_code}"))
    chosen.sort(key=lambda c: c[0].id)
    skipped.sort()
    return chosen, skipped


def _new_list(session: Session, list_year: int, agent: AgentRef) -> DisposalList:
    """The year's next list, HUY-<year>-NN, status review."""
    count = session.scalar(
        select(func.count(DisposalList.id)).where(DisposalList.year == list_year)
    )
    code = f"HUY-{list_year}-{(count or 0) + 1:02d}"
    disposal = DisposalList(
        code=code,
        year=list_year,
        status="review",
        object_id=list_object_id(code),
        proposed_by=agent.name,
        created_at=event_time(),
    )
    session.add(disposal)
    session.flush()
    return disposal


def _add_items(
    archive: Services,
    session: Session,
    disposal: DisposalList,
    chosen: list[Chosen],
    result: ReviewResult,
) -> None:
    for d, reason, text in chosen:
        retention = dossier_retention(d)
        item = DisposalItem(
            list_id=disposal.id,
            arc_file_code=d.arc_file_code,
            reason=reason,
            reason_text=text,
            status=REVIEW_STATUS,
            title=d.title,
            maintenance=retention.code,
            maintenance_years=retention.years,
            total_doc=d.total_doc,
            number_of_page=d.number_of_page,
            due_date=dossier_due(d),
            note=_note(d),
        )
        session.add(item)
        result.items.append({**item_dict(item), "documents": _documents(archive, d, text)})
    session.flush()


def _review_event(
    agent: AgentRef, result: ReviewResult, disposal: DisposalList, items: list[DisposalItem]
) -> NewEvent:
    code = result.code
    return NewEvent(
        "disposal review",
        f"Lập danh mục tài liệu hết giá trị {code} ({len(result.items)} hồ sơ, trạng "
        f"thái '{REVIEW_STATUS}') / disposal list {code} with {len(result.items)} dossiers",
        outcome_detail=with_state(
            "",
            disposal,
            *items,
            items=[i["arcFileCode"] for i in result.items],
            held=result.skipped_held,
        ),
        agents=[agent, software_agent()],
        objects=[(code, "outcome")] + [(i["arcFileCode"], "source") for i in result.items],
    )


def review(
    archive: Services,
    agent: AgentRef,
    *,
    year: int | None = None,
    today: date | None = None,
    only: frozenset[str] | None = None,
) -> ReviewResult:
    """Create the year's disposal list: expired (due by 31/12/``year``, default: before today)
    and duplicate dossiers, status "Xem xét hủy"; with ``only``, those dossiers alone (a
    duplicate found at ingest). Raises Conflict when nothing qualifies."""
    today = today or local_today()
    with unit_of_work(archive.sessions) as session:
        dossiers = _active_dossiers(session)
        busy = _on_open_lists(session)
        held = held_codes(session, [d.arc_file_code for d in dossiers])
        chosen, skipped = _choose(dossiers, busy, held, year, today, only)
        if not chosen:
            raise Conflict(
                "không có hồ sơ nào hết hạn hoặc trùng để xét hủy / no expired or duplicate "
                "dossier to review" + (f" (held: {', '.join(skipped)})" if skipped else "")
            )
        disposal = _new_list(session, year or today.year, agent)
        result = ReviewResult(disposal.code, skipped_held=skipped)
        _add_items(archive, session, disposal, chosen, result)
        create_object(
            archive,
            disposal.object_id,
            {"list.json": json_bytes(_list_json(disposal, result.items))},
            f"Danh mục tài liệu hết giá trị {disposal.code} / disposal list {disposal.code}",
            agent,
        )
        items = list(
            session.scalars(
                select(DisposalItem)
                .where(DisposalItem.list_id == disposal.id)
                .order_by(DisposalItem.id)
            )
        )
        append_events(session, [_review_event(agent, result, disposal, items)])
        return result


def _documents(archive: Services, d: Dossier, reason: str) -> list[dict[str, Any]]:
    """The document rows of the law's list (kept in list.json: they outlive the catalog)."""
    return [
        {
            "arcDocCode": arc_doc_code(archive.settings.agency_code, doc.doc_code),
            "typeAndSubject": f"{label('typeName', doc.type_name)}: {doc.subject}",
            "maintenance": doc.maintenance,
            "maintenanceYears": doc.maintenance_years,
            "numberOfPage": doc.number_of_page,
            "reasonText": reason,
            "note": _note(d),
        }
        for doc in d.documents
    ]


def _list_json(disposal: DisposalList, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "code": disposal.code,
        "year": disposal.year,
        "proposedBy": disposal.proposed_by,
        "createdAt": disposal.created_at,
        "items": items,
    }


def yearly_review(
    archive: Services, agent: AgentRef, today: date | None = None
) -> ReviewResult | None:
    """The automatic yearly list (``archive preserve run``): once a year, the expired and
    duplicate dossiers as "Xem xét hủy", proposed by ``agent`` (the archive's software agent);
    None when ``agent`` made this year's list already or nothing qualifies."""
    today = today or local_today()
    with archive.sessions() as session:
        made = session.scalar(
            select(func.count(DisposalList.id)).where(
                DisposalList.year == today.year, DisposalList.proposed_by == agent.name
            )
        )
    if made:
        return None
    try:
        return review(archive, agent, today=today)
    except Conflict:
        return None  # nothing expired or duplicate this year


def review_at_ingest(archive: Services, arc_file_code: str, agent: AgentRef) -> ReviewResult | None:
    """A dossier just ingested whose every original the archive already keeps (the gate's
    DUP002), with a retention at least as long: its own list "Xem xét hủy"; None otherwise."""
    try:
        return review(archive, agent, only=frozenset({arc_file_code}))
    except Conflict:
        return None  # a partial duplicate, or held: nothing to list
