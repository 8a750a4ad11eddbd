"""Destruction of expired and duplicate records (TT 05/2025 Ch. VII; docs/domain.md §4.11, §5.4).

The procedure, every step an audit event:

1. ``review`` (yearly): lists expired dossiers (longest retention over) and duplicates (every
   original also kept, byte for byte, by an earlier dossier with at least as long a retention)
   with status "Xem xét hủy". Held dossiers are left out and reported.
2. ``export_list``: the list as CSV, XLSX or PDF with the law's columns.
3. ``record_opinion``: each member of the Hội đồng xét hủy records agree/disagree in the system;
   ``attach`` stores the external appraisal (thẩm định) documents.
4. ``decide``: the head of the agency records the decision (number, date, file). The head must
   not be the proposer, at least one council opinion must exist, and approval needs a majority
   of agreeing opinions.
5. ``execute``: re-checks every guard (holds, expiry, the kept copy of a duplicate, storage
   locks — all before deleting anything), writes the permanent destruction record into the
   list's OCFL object, erases the dossier's bytes, removes its catalog rows and index entries.

Links the catalog knows (ADR 0008): a document belongs to its dossier (a dossier keeps the
longest retention of its documents), and a duplicate is linked to the dossier that keeps the same
originals; a duplicate is destroyed only while that dossier stays, with a retention at least as
long.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from archive._faults import checkpoint
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import label
from archive.catalog.identifiers import arc_doc_code
from archive.catalog.models import (
    CouncilMember,
    DestructionRecord,
    DisposalAttachment,
    DisposalItem,
    DisposalList,
    DisposalOpinion,
    Document,
    Dossier,
    File,
    FileValidation,
    ObjectCopy,
    Signature,
    User,
)
from archive.catalog.queries import event_trail
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.retention.context import (
    RetentionContext,
    dossier_due,
    dossier_retention,
    erase_copies,
    now_iso,
    storage_locks,
)
from archive.retention.dates import due_date
from archive.retention.holds import held_codes, refuse_held
from archive.retention.listobject import (
    add_files,
    create_object,
    json_bytes,
    list_object_id,
    read_file,
)
from archive.retention.tables import Table, write_table
from archive.search.service import SearchService

__all__ = [
    "DOCUMENT_COLUMNS",
    "LIST_COLUMNS",
    "REVIEW_STATUS",
    "ExecutionReport",
    "ReviewResult",
    "add_council_member",
    "attach",
    "decide",
    "execute",
    "export_list",
    "list_council",
    "list_table",
    "record_of",
    "record_opinion",
    "remove_rows",
    "review",
    "show_list",
]

REVIEW_STATUS: Final = "Xem xét hủy"
DESTROYED_STATUS: Final = "Đã hủy"
Role = Literal["council", "head"]
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


# ------------------------------------------------------------------------------ council


def add_council_member(
    ctx: RetentionContext, name: str, role: str, agent: AgentRef
) -> dict[str, str]:
    """Register a council member (``council``) or the head of the agency (``head``)."""
    name = name.strip()
    if role not in ("council", "head"):
        raise InvalidInput(
            f"vai trò {role!r} không hợp lệ; dùng council hoặc head / "
            f"invalid role {role!r}; use council or head"
        )
    if not name:
        raise InvalidInput("cần tên thành viên / a member name is required")
    with unit_of_work(ctx.sessions) as session:
        if session.scalar(select(CouncilMember).where(CouncilMember.name == name)) is not None:
            raise Conflict(f"{name} đã có trong hội đồng / {name} is already registered")
        if session.scalar(select(User.id).where(User.name == name, User.active)) is None:
            raise InvalidInput(
                f"{name} chưa có tài khoản: tạo bằng 'archive users add {name} --role officer' "
                f"trước / {name} has no active account: create it first with 'archive users "
                f"add {name} --role officer' (council members act with their own account)"
            )
        member = CouncilMember(name=name, role=role, added_by=agent.name, added_at=now_iso())
        session.add(member)
        append_events(
            session,
            [
                NewEvent(
                    "council member added",
                    f"Thêm {name} ({role}) vào Hội đồng xét hủy / {name} added as {role}",
                    agents=[agent, ctx.software],
                    objects=[(f"person:{name}", "outcome")],
                )
            ],
        )
        return {"name": name, "role": role, "addedBy": agent.name, "addedAt": member.added_at}


def list_council(ctx: RetentionContext) -> list[dict[str, str]]:
    """Council members and heads."""
    with ctx.sessions() as session:
        return [
            {"name": m.name, "role": m.role, "addedBy": m.added_by, "addedAt": m.added_at}
            for m in session.scalars(select(CouncilMember).order_by(CouncilMember.name))
        ]


def _member(session: Session, agent: AgentRef, role: Role) -> CouncilMember:
    member = session.scalar(select(CouncilMember).where(CouncilMember.name == agent.name))
    if member is None or member.role != role:
        who = (
            "thành viên hội đồng / a council member"
            if role == "council"
            else ("thủ trưởng cơ quan / the head of the agency")
        )
        raise Conflict(
            f"{agent.name} không phải {who.split(' / ')[0]} / {agent.name} is not "
            f"{who.split(' / ')[1]} (see 'archive disposal council ls')"
        )
    return member


# ------------------------------------------------------------------------------ review


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


def _kept_copy(d: Dossier, others: list[Dossier], excluded: set[str]) -> Dossier | None:
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


def review(
    ctx: RetentionContext, agent: AgentRef, *, year: int | None = None, today: date | None = None
) -> ReviewResult:
    """Create the year's disposal list: expired (due by 31/12/``year``, default: before today)
    and duplicate dossiers, status "Xem xét hủy". Raises Conflict when nothing qualifies."""
    today = today or date.today()
    with unit_of_work(ctx.sessions) as session:
        dossiers = list(
            session.scalars(
                select(Dossier)
                .where(Dossier.status == "active")
                .options(selectinload(Dossier.documents), selectinload(Dossier.files))
                .order_by(Dossier.id)
            )
        )
        busy = _on_open_lists(session)
        held = held_codes(session, [d.arc_file_code for d in dossiers])
        chosen: list[tuple[Dossier, str, str]] = []
        skipped: list[str] = []
        candidates = [d for d in dossiers if d.arc_file_code not in busy]
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
            kept = _kept_copy(d, dossiers, leaving)
            if kept is None:
                continue
            if d.arc_file_code in held:
                skipped.append(d.arc_file_code)
            else:
                chosen.append((d, "duplicate", f"Trùng với hồ sơ {kept.arc_file_code}"))
        chosen.sort(key=lambda c: c[0].id)
        skipped.sort()
        if not chosen:
            raise Conflict(
                "không có hồ sơ nào hết hạn hoặc trùng để xét hủy / no expired or duplicate "
                "dossier to review" + (f" (held: {', '.join(skipped)})" if skipped else "")
            )
        list_year = year or today.year
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
            created_at=now_iso(),
        )
        session.add(disposal)
        session.flush()
        result = ReviewResult(code, skipped_held=skipped)
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
            result.items.append({**_item_dict(item), "documents": _documents(ctx, d, text)})
        session.flush()
        create_object(
            ctx,
            disposal.object_id,
            {"list.json": json_bytes(_list_json(disposal, result.items))},
            f"Danh mục tài liệu hết giá trị {code} / disposal list {code}",
            agent,
        )
        append_events(
            session,
            [
                NewEvent(
                    "disposal review",
                    f"Lập danh mục tài liệu hết giá trị {code} ({len(chosen)} hồ sơ, trạng "
                    f"thái '{REVIEW_STATUS}') / disposal list {code} with {len(chosen)} dossiers",
                    outcome_detail=json.dumps(
                        {"items": [i["arcFileCode"] for i in result.items], "held": skipped},
                        ensure_ascii=False,
                    ),
                    agents=[agent, ctx.software],
                    objects=[(code, "outcome")]
                    + [(i["arcFileCode"], "source") for i in result.items],
                )
            ],
        )
        return result


def _documents(ctx: RetentionContext, d: Dossier, reason: str) -> list[dict[str, Any]]:
    """The document rows of the law's list (kept in list.json: they outlive the catalog)."""
    return [
        {
            "arcDocCode": arc_doc_code(ctx.settings.agency_code, doc.doc_code),
            "typeAndSubject": f"{label('typeName', doc.type_name)}: {doc.subject}",
            "maintenance": doc.maintenance,
            "maintenanceYears": doc.maintenance_years,
            "numberOfPage": doc.number_of_page,
            "reasonText": reason,
            "note": _note(d),
        }
        for doc in d.documents
    ]


def _item_dict(item: DisposalItem) -> dict[str, Any]:
    return {
        "arcFileCode": item.arc_file_code,
        "title": item.title,
        "maintenance": item.maintenance,
        "maintenanceYears": item.maintenance_years,
        "totalDoc": item.total_doc,
        "numberOfPage": item.number_of_page,
        "reason": item.reason,
        "reasonText": item.reason_text,
        "dueDate": item.due_date,
        "status": item.status,
        "note": item.note,
    }


def _list_json(disposal: DisposalList, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "code": disposal.code,
        "year": disposal.year,
        "proposedBy": disposal.proposed_by,
        "createdAt": disposal.created_at,
        "items": items,
    }


def _load_list(session: Session, code: str) -> DisposalList:
    disposal = session.scalar(
        select(DisposalList)
        .where(DisposalList.code == code)
        .options(selectinload(DisposalList.items))
    )
    if disposal is None:
        raise NotFound(
            f"không có danh mục hủy {code} / no disposal list {code} ('archive disposal ls')"
        )
    return disposal


def show_list(ctx: RetentionContext, code: str | None = None) -> list[dict[str, Any]]:
    """Disposal lists (or one), with items, opinions and attachments."""
    with ctx.sessions() as session:
        if code is not None:
            lists = [_load_list(session, code)]
        else:
            lists = list(session.scalars(select(DisposalList).order_by(DisposalList.id)))
        out = []
        for d in lists:
            opinions = session.scalars(
                select(DisposalOpinion)
                .where(DisposalOpinion.list_id == d.id)
                .order_by(DisposalOpinion.id)
            )
            attachments = session.scalars(
                select(DisposalAttachment).where(DisposalAttachment.list_id == d.id)
            )
            out.append(
                {
                    "code": d.code,
                    "year": d.year,
                    "status": d.status,
                    "proposedBy": d.proposed_by,
                    "createdAt": d.created_at,
                    "decision": {
                        "number": d.decision_number,
                        "date": d.decision_date,
                        "file": d.decision_path,
                        "sha256": d.decision_sha256,
                        "by": d.decided_by,
                        "at": d.decided_at,
                    },
                    "executedBy": d.executed_by,
                    "executedAt": d.executed_at,
                    "items": [_item_dict(i) for i in d.items],
                    "opinions": [
                        {
                            "member": o.member,
                            "vote": o.vote,
                            "comment": o.comment,
                            "at": o.recorded_at,
                        }
                        for o in opinions
                    ],
                    "attachments": [
                        {
                            "kind": a.kind,
                            "name": a.name,
                            "path": a.path,
                            "sha256": a.sha256,
                            "size": a.size,
                        }
                        for a in attachments
                    ],
                }
            )
        return out


# ------------------------------------------------------------------------------ export

LIST_COLUMNS: Final = (
    "STT",
    "Mã lưu trữ hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời hạn lưu trữ",
    "Tổng số tài liệu",
    "Tổng số trang",
    "Lý do hủy",
    "Ghi chú",
)


DOCUMENT_COLUMNS: Final = (
    "STT",
    "Mã lưu trữ tài liệu",
    "Tên loại và trích yếu nội dung",
    "Thời hạn lưu trữ",
    "Tổng số trang",
    "Lý do hủy",
    "Ghi chú",
)


def _kept(code: str, years: int | None) -> str:
    return label("maintenance", code) if years is None else f"{years} năm"


def list_table(ctx: RetentionContext, code: str, level: str = "dossiers") -> Table:
    """The disposal list with the columns of TT 05/2025 Ch. VII: one row per dossier
    (``dossiers``) or per document (``documents``, read from the stored ``list.json``)."""
    if level not in ("dossiers", "documents"):
        raise InvalidInput(
            f"mức {level!r}: dùng dossiers hoặc documents / level must be dossiers or documents"
        )
    with ctx.sessions() as session:
        d = _load_list(session, code)
        subtitle = f"Năm {d.year}; lập bởi {d.proposed_by}; trạng thái {d.status}"
        title = f"DANH MỤC TÀI LIỆU LƯU TRỮ SỐ HẾT GIÁ TRỊ — {d.code}"
        if level == "documents":
            stored = json.loads(read_file(ctx, d.object_id, "list.json"))
            docs = [doc for item in stored["items"] for doc in item.get("documents", [])]
            rows: list[list[object]] = [
                [
                    n,
                    doc["arcDocCode"],
                    doc["typeAndSubject"],
                    _kept(doc["maintenance"], doc["maintenanceYears"]),
                    doc["numberOfPage"],
                    doc["reasonText"],
                    doc["note"] or "",
                ]
                for n, doc in enumerate(docs, start=1)
            ]
            return Table(
                title, DOCUMENT_COLUMNS, rows, subtitle=subtitle, widths=(5, 32, 50, 10, 8, 25, 20)
            )
        rows = [
            [
                n,
                i.arc_file_code,
                i.title,
                _kept(i.maintenance, i.maintenance_years),
                i.total_doc,
                i.number_of_page,
                i.reason_text,
                "; ".join(x for x in (i.note, i.status) if x),
            ]
            for n, i in enumerate(d.items, start=1)
        ]
        return Table(
            title, LIST_COLUMNS, rows, subtitle=subtitle, widths=(5, 28, 40, 10, 8, 8, 25, 20)
        )


def export_list(
    ctx: RetentionContext,
    code: str,
    fmt: str,
    out: Path,
    agent: AgentRef,
    *,
    level: str = "dossiers",
) -> Path:
    """Write the list (``dossiers`` or ``documents`` rows) as ``fmt`` (csv, xlsx, pdf); logged."""
    write_table(list_table(ctx, code, level), fmt, out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    with unit_of_work(ctx.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "disposal list exported",
                    f"Xuất danh mục hủy {code} ({fmt}, {level}) / disposal list {code} "
                    f"exported as {fmt} ({level})",
                    outcome_detail=f"{out.name} sha256:{digest}",
                    agents=[agent, ctx.software],
                    objects=[(code, "source")],
                )
            ],
        )
    return out


# ------------------------------------------------------------------------------ council work


def record_opinion(
    ctx: RetentionContext, code: str, agent: AgentRef, vote: str, comment: str = ""
) -> dict[str, Any]:
    """A council member's opinion on a list under review (one per member, never edited)."""
    if vote not in ("agree", "disagree"):
        raise InvalidInput(
            f"ý kiến {vote!r}: dùng agree hoặc disagree / vote must be agree or "
            f"disagree, not {vote!r}"
        )
    with unit_of_work(ctx.sessions) as session:
        d = _load_list(session, code)
        _member(session, agent, "council")
        if d.status != "review":
            raise Conflict(
                f"danh mục {code} đã {d.status}, không nhận thêm ý kiến / list "
                f"{code} is {d.status}; opinions are closed"
            )
        earlier = session.scalar(
            select(DisposalOpinion).where(
                DisposalOpinion.list_id == d.id, DisposalOpinion.member == agent.name
            )
        )
        if earlier is not None:
            raise Conflict(
                f"{agent.name} đã cho ý kiến về {code} / {agent.name} already gave "
                f"an opinion on {code} ({earlier.vote})"
            )
        opinion = DisposalOpinion(
            list_id=d.id,
            member=agent.name,
            vote=vote,
            comment=comment or None,
            recorded_at=now_iso(),
        )
        session.add(opinion)
        append_events(
            session,
            [
                NewEvent(
                    "appraisal",
                    f"Ý kiến thành viên hội đồng {agent.name} về {code}: {vote} / council "
                    f"opinion of {agent.name} on {code}: {vote}",
                    outcome_detail=comment,
                    agents=[agent, ctx.software],
                    objects=[(code, "source")],
                )
            ],
        )
        return {"member": agent.name, "vote": vote, "comment": comment, "at": opinion.recorded_at}


def _safe_name(path: Path) -> str:
    name = re.sub(r"[^\w.\-]+", "_", path.name, flags=re.UNICODE).strip("._")
    if not name:
        raise InvalidInput(f"tên tệp {path.name!r} không dùng được / unusable file name")
    return name


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise InvalidInput(f"không có tệp {path} / no file {path}")
    data = path.read_bytes()
    if not data:
        raise InvalidInput(f"tệp {path} rỗng / {path} is empty")
    return data


def _store_attachment(
    ctx: RetentionContext,
    session: Session,
    d: DisposalList,
    kind: str,
    path: Path,
    agent: AgentRef,
) -> DisposalAttachment:
    data = _read(path)
    logical = f"{kind}/{_safe_name(path)}"
    taken = session.scalar(
        select(DisposalAttachment).where(
            DisposalAttachment.list_id == d.id, DisposalAttachment.path == logical
        )
    )
    if taken is not None:
        raise Conflict(f"{logical} đã có trong {d.code} / already attached to {d.code}")
    add_files(ctx, d.object_id, {logical: data}, f"{kind} {path.name} for {d.code}", agent)
    row = DisposalAttachment(
        list_id=d.id,
        kind=kind,
        name=path.name,
        path=logical,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        added_by=agent.name,
        added_at=now_iso(),
    )
    session.add(row)
    return row


def attach(ctx: RetentionContext, code: str, path: Path, agent: AgentRef) -> dict[str, Any]:
    """Store an external appraisal document (văn bản thẩm định) with the list."""
    with unit_of_work(ctx.sessions) as session:
        d = _load_list(session, code)
        if d.status != "review":
            raise Conflict(f"danh mục {code} đã {d.status} / list {code} is {d.status}")
        row = _store_attachment(ctx, session, d, "appraisal", path, agent)
        append_events(
            session,
            [
                NewEvent(
                    "appraisal",
                    f"Đính kèm văn bản thẩm định {row.name} vào {code} / appraisal document "
                    f"{row.name} attached to {code}",
                    outcome_detail=f"{row.path} sha256:{row.sha256}",
                    agents=[agent, ctx.software],
                    objects=[(code, "source"), (f"{code}/{row.path}", "outcome")],
                )
            ],
        )
        return {"path": row.path, "sha256": row.sha256, "size": row.size}


def decide(
    ctx: RetentionContext,
    code: str,
    agent: AgentRef,
    *,
    number: str,
    decision_date: str,
    file: Path,
    approve: bool = True,
) -> dict[str, Any]:
    """The head's decision: number, date (DD/MM/YYYY) and the signed file."""
    number = number.strip()
    if not number:
        raise InvalidInput("cần số quyết định / the decision number is required")
    m = _DATE.match(decision_date)
    try:
        date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        m = None
    if m is None:
        raise InvalidInput(
            f"ngày quyết định {decision_date!r} phải là DD/MM/YYYY / the decision "
            f"date must be DD/MM/YYYY"
        )
    with unit_of_work(ctx.sessions) as session:
        d = _load_list(session, code)
        _member(session, agent, "head")
        if agent.name == d.proposed_by:
            raise Conflict(
                f"người đề xuất ({d.proposed_by}) không được tự phê duyệt / the proposer "
                f"({d.proposed_by}) cannot approve their own list"
            )
        if d.status != "review":
            raise Conflict(f"danh mục {code} đã {d.status} / list {code} is already {d.status}")
        votes = list(
            session.scalars(select(DisposalOpinion.vote).where(DisposalOpinion.list_id == d.id))
        )
        if not votes:
            raise Conflict(
                f"hội đồng chưa cho ý kiến về {code} / the council has given no opinion on "
                f"{code} yet ('archive disposal opinion')"
            )
        agree = votes.count("agree")
        if approve and agree * 2 <= len(votes):
            raise Conflict(
                f"hội đồng không tán thành đa số ({agree}/{len(votes)}) / no council majority "
                f"for destruction ({agree} of {len(votes)} agree)"
            )
        row = _store_attachment(ctx, session, d, "decision", file, agent)
        d.status = "approved" if approve else "rejected"
        d.decision_number = number
        d.decision_date = decision_date
        d.decision_path = row.path
        d.decision_sha256 = row.sha256
        d.decided_by = agent.name
        d.decided_at = now_iso()
        append_events(
            session,
            [
                NewEvent(
                    "disposal decision",
                    f"Quyết định số {number} ngày {decision_date}: "
                    f"{'phê duyệt hủy' if approve else 'không hủy'} {code} / decision {number} "
                    f"of {decision_date}: {'approved' if approve else 'rejected'} {code}",
                    outcome_detail=f"{row.path} sha256:{row.sha256}; council {agree}/{len(votes)}",
                    agents=[agent, ctx.software],
                    objects=[(code, "source"), (f"{code}/{row.path}", "outcome")],
                )
            ],
        )
        return {
            "code": code,
            "status": d.status,
            "number": number,
            "date": decision_date,
            "file": row.path,
            "sha256": row.sha256,
        }


# ------------------------------------------------------------------------------ execution


@dataclass
class ExecutionReport:
    """What an execution destroyed."""

    code: str
    destroyed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"code": self.code, "destroyed": self.destroyed}


def _check_item(
    session: Session, item: DisposalItem, dossier: Dossier, on_list: set[str], today: date
) -> None:
    retention = dossier_retention(dossier)
    if item.reason == "expired":
        due = due_date(dossier.end_year, retention)
        if due is None or due >= today:
            raise Conflict(
                f"{item.arc_file_code}: chưa hết thời hạn lưu trữ (hồ sơ hoặc tài liệu trong hồ "
                f"sơ có thời hạn dài hơn: {retention.label}) / not expired: the dossier or one of "
                f"its documents is kept longer ({retention.label}, "
                f"{'permanent' if due is None else f'until {due:%d/%m/%Y}'})"
            )
        return
    others = list(
        session.scalars(
            select(Dossier)
            .where(Dossier.status == "active", Dossier.id != dossier.id)
            .options(selectinload(Dossier.documents), selectinload(Dossier.files))
        )
    )
    if _kept_copy(dossier, others, on_list) is None:
        raise Conflict(
            f"{item.arc_file_code}: không còn hồ sơ giữ bản trùng với thời hạn bằng hoặc dài hơn "
            f"/ no remaining dossier keeps its originals with an equal or longer retention"
        )


def _decision(d: DisposalList) -> dict[str, Any]:
    return {
        "disposalList": d.code,
        "decision": {
            "number": d.decision_number,
            "date": d.decision_date,
            "file": d.decision_path,
            "sha256": d.decision_sha256,
            "by": d.decided_by,
        },
    }


def _evidence(session: Session, dossier: Dossier) -> dict[str, Any]:
    file_ids = [f.id for f in dossier.files]
    validations = session.scalars(
        select(FileValidation).where(FileValidation.file_id.in_(file_ids))
    ).all()
    signatures = session.scalars(select(Signature).where(Signature.file_id.in_(file_ids))).all()
    ids = [dossier.arc_file_code, *(d.doc_code for d in dossier.documents)]
    return {
        "validations": [
            {
                "file": v.file_id,
                "validatedAt": v.validated_at,
                "bottomLine": v.bottom_line,
                "report": v.report_path,
                "horizon": v.horizon,
            }
            for v in validations
        ],
        "signatures": [
            {
                "file": s.file_id,
                "kind": s.kind,
                "signer": s.signer_subject,
                "serial": s.signer_serial,
                "indication": s.indication,
                "level": s.pades_level,
            }
            for s in signatures
        ],
        "events": [
            {
                "seq": e.seq,
                "eventId": e.event_id,
                "type": e.event_type,
                "at": e.occurred_at,
                "outcome": e.outcome,
                "entryHash": e.entry_hash,
            }
            for e in event_trail(session, ids)
        ],
    }


def record_of(session: Session, dossier: Dossier, context: dict[str, Any]) -> dict[str, Any]:
    """What is kept of a dossier whose bytes go: metadata, digests, evidence."""

    def row(obj: object, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        table = obj.__table__  # type: ignore[attr-defined]
        return {c.name: getattr(obj, c.key) for c in table.columns if c.name not in skip}

    return {
        **context,
        "dossier": row(dossier, ("id", "fonds_id")),
        "documents": [row(doc, ("id", "dossier_id")) for doc in dossier.documents],
        "files": [
            {
                "path": f.path,
                "role": f.role,
                "size": f.size,
                "sha256": f.sha256,
                "sha512": f.sha512,
                "version": f.version,
                "contentPath": f.content_path,
            }
            for f in dossier.files
        ],
        "evidence": _evidence(session, dossier),
    }


def remove_rows(session: Session, dossier: Dossier) -> None:
    """Remove a dossier's catalog rows (files, signatures, validations, documents)."""
    file_ids = [f.id for f in dossier.files]
    if file_ids:
        session.execute(delete(Signature).where(Signature.file_id.in_(file_ids)))
        session.execute(delete(FileValidation).where(FileValidation.file_id.in_(file_ids)))
        session.execute(delete(File).where(File.id.in_(file_ids)))
    session.execute(delete(ObjectCopy).where(ObjectCopy.object_id == dossier.object_id))
    session.execute(delete(Document).where(Document.dossier_id == dossier.id))
    session.execute(delete(Dossier).where(Dossier.id == dossier.id))


def execute(
    ctx: RetentionContext, code: str, agent: AgentRef, *, today: date | None = None
) -> ExecutionReport:
    """Destroy every dossier of an approved list; all guards are checked before any deletion."""
    today = today or date.today()
    with unit_of_work(ctx.sessions) as session:
        d = _load_list(session, code)
        if d.status != "approved":
            raise Conflict(
                f"danh mục {code} chưa được phê duyệt hủy (trạng thái {d.status}) / list {code} "
                f"is not approved for destruction (status {d.status})"
            )
        pending = [i for i in d.items if i.status == REVIEW_STATUS]
        codes = [i.arc_file_code for i in pending]
        refuse_held(session, codes, "hủy", "destroyed")
        dossiers: dict[str, Dossier] = {}
        for item in pending:
            dossier = session.scalar(
                select(Dossier)
                .where(Dossier.arc_file_code == item.arc_file_code)
                .options(selectinload(Dossier.documents), selectinload(Dossier.files))
            )
            if dossier is None:
                raise Conflict(
                    f"{item.arc_file_code}: không còn trong danh mục / no longer in the catalog"
                )
            _check_item(session, item, dossier, set(codes), today)
            dossiers[item.arc_file_code] = dossier
        locked = [
            lock for dossier in dossiers.values() for lock in storage_locks(ctx, dossier.object_id)
        ]
        if locked:
            raise Conflict(
                f"còn {len(locked)} khóa lưu trữ chưa hết hạn, không hủy gì / {len(locked)} "
                f"storage lock(s) not expired yet, nothing destroyed: " + "; ".join(locked[:20])
            )
        report = ExecutionReport(code)
        records = {
            arc: json_bytes(record_of(session, dossier, _decision(d)))
            for arc, dossier in dossiers.items()
        }
        kept: dict[str, bytes | Path] = {
            f"destroyed/{arc}/record.json": data for arc, data in records.items()
        }
        for arc, dossier in dossiers.items():
            if not ctx.ocfl.exists(dossier.object_id):
                continue  # erased by an earlier run that died before the catalog step
            for f in dossier.files:
                if f.role != "original":
                    with ctx.ocfl.open_logical(dossier.object_id, f.path) as fh:
                        kept[f"destroyed/{arc}/aip/{f.path}"] = fh.read()
        add_files(ctx, d.object_id, kept, f"Destruction records of {code}", agent)
    checkpoint("disposal_recorded")
    # Storage first (the records above are safe), then the catalog in one transaction.
    search = SearchService(ctx.settings, ctx.sessions, ctx.ocfl)
    try:
        for arc, dossier in dossiers.items():
            erase_copies(ctx, dossier.object_id)
            search.remove_dossier(arc)
    finally:
        search.close()
    checkpoint("disposal_erased")
    stamp = now_iso()
    with unit_of_work(ctx.sessions) as session:
        d = _load_list(session, code)
        events: list[NewEvent] = []
        for item in d.items:
            if item.arc_file_code not in dossiers:
                continue
            dossier = session.scalar(
                select(Dossier)
                .where(Dossier.arc_file_code == item.arc_file_code)
                .options(selectinload(Dossier.documents), selectinload(Dossier.files))
            )
            assert dossier is not None
            files = [
                {"path": f.path, "size": f.size, "sha256": f.sha256, "sha512": f.sha512}
                for f in dossier.files
            ]
            record_path = f"destroyed/{item.arc_file_code}/record.json"
            session.add(
                DestructionRecord(
                    list_id=d.id,
                    arc_file_code=item.arc_file_code,
                    object_id=dossier.object_id,
                    title=dossier.title,
                    decision_number=d.decision_number or "",
                    destroyed_by=agent.name,
                    destroyed_at=stamp,
                    record_path=record_path,
                    record_sha256=hashlib.sha256(records[item.arc_file_code]).hexdigest(),
                    files_json=json.dumps(files, ensure_ascii=False),
                )
            )
            docs = [doc.doc_code for doc in dossier.documents]
            remove_rows(session, dossier)
            item.status = DESTROYED_STATUS
            events.append(
                NewEvent(
                    "deaccession",
                    f"Hủy hồ sơ {item.arc_file_code} theo quyết định số {d.decision_number} / "
                    f"{item.arc_file_code} destroyed under decision {d.decision_number}",
                    outcome_detail=f"{len(files)} file(s) erased; record {code}/{record_path}",
                    agents=[agent, ctx.software],
                    objects=[
                        (item.arc_file_code, "source"),
                        *((c, "source") for c in docs),
                        (f"{code}/{record_path}", "outcome"),
                    ],
                )
            )
            report.destroyed.append(
                {
                    "arcFileCode": item.arc_file_code,
                    "files": len(files),
                    "record": f"{code}/{record_path}",
                }
            )
        d.status = "executed"
        d.executed_by = agent.name
        d.executed_at = stamp
        events.append(
            NewEvent(
                "disposal executed",
                f"Thực hiện hủy danh mục {code}: {len(report.destroyed)} hồ sơ / list {code} "
                f"executed: {len(report.destroyed)} dossier(s) destroyed",
                agents=[agent, ctx.software],
                objects=[(code, "source")],
            )
        )
        append_events(session, events)
    return report
