"""Requests to use a conditional record (Sử dụng có điều kiện, mode 02; TT 05/2025 Chương VI,
docs/domain.md §4.10, docs/use.md).

A person asks for one document, saying why (the purpose); a person whose role the settings
name (``use_approver_roles``: the competent person) approves it for a period, or refuses it
with a reason. The approval is a grant: until ``valid_until`` it opens exactly that document to
exactly that person (its page, the API, the download and the reading of its original), and no
other. A grant past its end opens nothing, whatever its state says; ``close_expired`` then
marks it expired, with its event. Every step is a PREMIS event on the document.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.codes import effective_mode
from archive.catalog.queries import find_document
from archive.clock import catalog_time, utc_now
from archive.config import Settings
from archive.errors import Conflict, InvalidInput, NotFound
from archive.use.models import UseRequest
from archive.users.access import allowed_modes
from archive.users.models import User

__all__ = [
    "approve",
    "as_dict",
    "close_expired",
    "granted",
    "list_requests",
    "refuse",
    "request_use",
]


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"không có người dùng {name} / no user {name}")
    return user


def _event(kind: str, row: UseRequest, detail: str, agent: AgentRef) -> NewEvent:
    return NewEvent(
        kind,
        f"Yêu cầu sử dụng #{row.id} {row.record} của {row.requester} / use request #{row.id} "
        f"for {row.record} by {row.requester}: {detail}",
        outcome_detail=with_state("", row),
        agents=[agent],
        objects=[(row.record, "source")],
    )


def request_use(
    session: Session, settings: Settings, requester: str, code: str, purpose: str, agent: AgentRef
) -> UseRequest:
    """A new pending request of ``requester`` for the conditional document ``code``.

    A missing document and one that is not conditional (mode 03) are answered alike, so a
    request tells nothing of what the person may not see."""
    if not purpose.strip():
        raise InvalidInput("cần nêu mục đích sử dụng / give the purpose of the use")
    user = _user(session, requester)
    doc = find_document(session, code)
    mode = effective_mode(doc.mode, doc.dossier.mode) if doc is not None else "03"
    if mode == "01" or (mode == "02" and "02" in allowed_modes(settings, user.role)):
        raise Conflict(
            f"{code}: {requester} đã được xem tài liệu này, không cần yêu cầu / {requester} may "
            "already see this document: no request is needed"
        )
    if doc is None or mode != "02":
        raise NotFound(
            f"không có tài liệu sử dụng có điều kiện {code} / no conditional-use document {code}"
        )
    close_expired(session, agent)
    open_ = session.scalar(
        select(UseRequest).where(
            UseRequest.requester == requester,
            UseRequest.record == code,
            UseRequest.state.in_(("pending", "approved")),
        )
    )
    if open_ is not None:
        raise Conflict(
            f"{code}: đã có yêu cầu #{open_.id} ({open_.state}) / request #{open_.id} is "
            f"already {open_.state}"
        )
    row = UseRequest(
        record=code,
        requester=requester,
        purpose=purpose.strip(),
        state="pending",
        requested_at=catalog_time(),
    )
    session.add(row)
    session.flush()
    append_events(
        session, [_event("use request", row, f"mục đích / purpose: {row.purpose}", agent)]
    )
    return row


def _pending(session: Session, settings: Settings, request_id: int, approver: str) -> UseRequest:
    """The pending request, and a check that ``approver`` may decide it."""
    user = _user(session, approver)
    if user.role not in settings.use_approver_roles:
        raise Conflict(
            f"{approver} ({user.role}) không có quyền duyệt yêu cầu sử dụng "
            f"(use_approver_roles) / may not decide use requests (use_approver_roles: "
            f"{', '.join(settings.use_approver_roles)})"
        )
    row = session.get(UseRequest, request_id)
    if row is None:
        raise NotFound(f"không có yêu cầu #{request_id} / no request #{request_id}")
    if row.requester == approver:
        raise Conflict("không tự duyệt yêu cầu của mình / no one decides their own request")
    if row.state != "pending":
        raise Conflict(
            f"yêu cầu #{request_id} đã {row.state} / request #{request_id} is already {row.state}"
        )
    return row


def approve(
    session: Session,
    settings: Settings,
    request_id: int,
    approver: str,
    agent: AgentRef,
    days: int | None = None,
) -> UseRequest:
    """Approve a pending request: a grant for ``days`` (default ``use_grant_default_days``)."""
    days = settings.use_grant_default_days if days is None else days
    if not 1 <= days <= settings.use_grant_max_days:
        raise InvalidInput(
            f"thời hạn {days} ngày ngoài 1–{settings.use_grant_max_days} / a period of {days} "
            f"days is outside 1–{settings.use_grant_max_days} (use_grant_max_days)"
        )
    row = _pending(session, settings, request_id, approver)
    now = utc_now()
    row.state, row.decided_at, row.decided_by = "approved", catalog_time(now), approver
    row.valid_until = catalog_time(now + timedelta(days=days))
    detail = f"duyệt đến / approved until {row.valid_until} ({days} ngày / days)"
    append_events(session, [_event("use request approved", row, detail, agent)])
    return row


def refuse(
    session: Session,
    settings: Settings,
    request_id: int,
    approver: str,
    reason: str,
    agent: AgentRef,
) -> UseRequest:
    """Refuse a pending request; the reason is required and kept."""
    if not reason.strip():
        raise InvalidInput("từ chối cần lý do (--reason) / a refusal needs its reason (--reason)")
    row = _pending(session, settings, request_id, approver)
    row.state, row.decided_at, row.decided_by = "refused", catalog_time(), approver
    row.reason = reason.strip()
    detail = f"từ chối / refused: {row.reason}"
    append_events(session, [_event("use request refused", row, detail, agent)])
    return row


def close_expired(session: Session, agent: AgentRef) -> int:
    """Mark every approved grant past its end expired, with its event; how many."""
    now = catalog_time()
    rows = session.scalars(
        select(UseRequest).where(UseRequest.state == "approved", UseRequest.valid_until <= now)
    ).all()
    for row in rows:
        row.state = "expired"
        detail = f"hết hạn / expired at {row.valid_until}"
        append_events(session, [_event("use grant expired", row, detail, agent)])
    return len(rows)


def granted(session: Session, user: str, doc_code: str) -> bool:
    """Whether ``user`` holds a grant on ``doc_code`` that has not ended."""
    row = session.scalar(
        select(UseRequest.id).where(
            UseRequest.requester == user,
            UseRequest.record == doc_code,
            UseRequest.state == "approved",
            UseRequest.valid_until > catalog_time(),
        )
    )
    return row is not None


def list_requests(
    session: Session, settings: Settings, who: str | None, *, everything: bool = False
) -> list[dict[str, Any]]:
    """Requests as ``who`` may see them: an approver every request, anyone else their own
    (None: the operator at the archive's own command line, every request); open ones only
    (pending, approved) unless ``everything``."""
    query = select(UseRequest).order_by(UseRequest.id)
    if who is not None and _user(session, who).role not in settings.use_approver_roles:
        query = query.where(UseRequest.requester == who)
    if not everything:
        query = query.where(UseRequest.state.in_(("pending", "approved")))
    return [as_dict(r) for r in session.scalars(query)]


def as_dict(row: UseRequest) -> dict[str, Any]:
    """JSON form of a request."""
    return {
        "id": row.id,
        "record": row.record,
        "requester": row.requester,
        "purpose": row.purpose,
        "state": row.state,
        "requestedAt": row.requested_at,
        "decidedAt": row.decided_at,
        "decidedBy": row.decided_by,
        "reason": row.reason,
        "validUntil": row.valid_until,
    }
