"""The Hội đồng xét hủy: its members (a chair, a secretary, members) and the head of the
agency, and the council's work on a list under review: each member's opinion, the appraisal
documents, and the conclusion (the council's minutes) under the composition, quorum and
majority rules of ADR 0022."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.messages.catalogue import text
from archive.retention.disposal.lists import Both, load_list, refusal, store_attachment
from archive.retention.models import CouncilMember, DisposalList, DisposalOpinion
from archive.services import Services
from archive.users.models import User

__all__ = [
    "COUNCIL_ROLES",
    "ROLES",
    "add_council_member",
    "attach",
    "list_council",
    "record_opinion",
    "require_member",
    "seat_of",
]

ROLES: Final = ("chair", "secretary", "council", "head")
"""The chair (chủ tịch), the secretary (thư ký), the members, and the head of the agency."""
COUNCIL_ROLES: Final = ("chair", "secretary", "council")
"""The roles that sit on the council and vote; the head decides and does not vote."""
_SINGLE: Final = ("chair", "secretary", "head")


def role_name(*roles: str) -> Both:
    """The roles' names in each language ("chủ tịch … hoặc thư ký …"), for a refusal."""
    return Both(
        " hoặc ".join(text(f"terms.council_role.{r}", "vi") for r in roles),
        " or the ".join(text(f"terms.council_role.{r}", "en") for r in roles),
    )


def add_council_member(archive: Services, name: str, role: str, agent: AgentRef) -> dict[str, str]:
    """Register a council member (``chair``, ``secretary``, ``council``) or the head
    (``head``); the council has one chair and one secretary, the agency one head."""
    name = name.strip()
    if role not in ROLES:
        raise InvalidInput(refusal(("bad_role", {"role": role})))
    if not name:
        raise InvalidInput("cần tên thành viên / a member name is required")
    with unit_of_work(archive.sessions) as session:
        if session.scalar(select(CouncilMember).where(CouncilMember.name == name)) is not None:
            raise Conflict(f"{name} đã có trong hội đồng / {name} is already registered")
        holder = session.scalar(select(CouncilMember.name).where(CouncilMember.role == role))
        if role in _SINGLE and holder is not None:
            raise Conflict(refusal(("role_taken", {"role_name": role_name(role), "name": holder})))
        if session.scalar(select(User.id).where(User.name == name, User.active)) is None:
            raise InvalidInput(
                f"{name} chưa có tài khoản: tạo bằng 'archive users add {name} --role officer' "
                f"trước / {name} has no active account: create it first with 'archive users "
                f"add {name} --role officer' (council members act with their own account)"
            )
        member = CouncilMember(name=name, role=role, added_by=agent.name, added_at=event_time())
        session.add(member)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "council member added",
                    f"Thêm {name} ({role}) vào Hội đồng xét hủy / {name} added as {role}",
                    outcome_detail=with_state("", member),
                    agents=[agent, software_agent()],
                    objects=[(f"person:{name}", "outcome")],
                )
            ],
        )
        return {"name": name, "role": role, "addedBy": agent.name, "addedAt": member.added_at}


def list_council(archive: Services) -> list[dict[str, str]]:
    """Council members and heads."""
    with archive.sessions() as session:
        return [
            {"name": m.name, "role": m.role, "addedBy": m.added_by, "addedAt": m.added_at}
            for m in session.scalars(select(CouncilMember).order_by(CouncilMember.name))
        ]


def seat_of(session: Session, name: str) -> str | None:
    """``name``'s role in the procedure (chair, secretary, council, head), or None."""
    return session.scalar(select(CouncilMember.role).where(CouncilMember.name == name))


def council_of(session: Session) -> list[CouncilMember]:
    """The members who sit on the council (chair, secretary, members), by name."""
    return list(
        session.scalars(
            select(CouncilMember)
            .where(CouncilMember.role.in_(COUNCIL_ROLES))
            .order_by(CouncilMember.name)
        )
    )


def require_member(session: Session, agent: AgentRef, *roles: str) -> CouncilMember:
    """``agent``'s council row when its role is one of ``roles``; a refusal otherwise."""
    member = session.scalar(select(CouncilMember).where(CouncilMember.name == agent.name))
    if member is None or member.role not in roles:
        if set(roles) == set(COUNCIL_ROLES):
            raise Conflict(refusal(("not_council", {"name": agent.name})))
        raise Conflict(refusal(("not_role", {"name": agent.name, "role_name": role_name(*roles)})))
    return member


def refuse_closed(d: DisposalList) -> None:
    """Opinions and the conclusion are refused once the council has concluded."""
    if d.council_closed_at is not None:
        at = d.council_closed_at
        raise Conflict(refusal(("concluded_already", {"code": d.code, "at": at})))
    if d.status != "review":
        raise Conflict(
            f"danh mục {d.code} đã {d.status}, không nhận thêm ý kiến / list "
            f"{d.code} is {d.status}; opinions are closed"
        )


def record_opinion(
    archive: Services, code: str, agent: AgentRef, vote: str, comment: str = ""
) -> dict[str, Any]:
    """A council member's opinion on a list under review (one per member, never edited); a
    dissent (``disagree``) states its reason, which the minutes keep."""
    if vote not in ("agree", "disagree"):
        raise InvalidInput(
            f"ý kiến {vote!r}: dùng agree hoặc disagree / vote must be agree or "
            f"disagree, not {vote!r}"
        )
    comment = comment.strip()
    if vote == "disagree" and not comment:
        raise InvalidInput(refusal(("dissent_reason", {})))
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        member = require_member(session, agent, *COUNCIL_ROLES)
        refuse_closed(d)
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
            recorded_at=event_time(),
        )
        session.add(opinion)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "appraisal",
                    f"Ý kiến thành viên hội đồng {agent.name} ({member.role}) về {code}: {vote} "
                    f"/ council opinion of {agent.name} ({member.role}) on {code}: {vote}",
                    outcome_detail=with_state(comment, opinion),
                    agents=[agent, software_agent()],
                    objects=[(code, "source")],
                )
            ],
        )
        return {"member": agent.name, "vote": vote, "comment": comment, "at": opinion.recorded_at}


def attach(archive: Services, code: str, path: Path, agent: AgentRef) -> dict[str, Any]:
    """Store the appraisal of the state archives authority (văn bản thẩm định) with the list."""
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        if d.status != "review":
            raise Conflict(f"danh mục {code} đã {d.status} / list {code} is {d.status}")
        row = store_attachment(archive, session, d, "appraisal", path, agent)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "appraisal",
                    f"Đính kèm văn bản thẩm định {row.name} vào {code} / appraisal document "
                    f"{row.name} attached to {code}",
                    outcome_detail=with_state(f"{row.path} sha256:{row.sha256}", row),
                    agents=[agent, software_agent()],
                    objects=[(code, "source"), (f"{code}/{row.path}", "outcome")],
                )
            ],
        )
        return {"path": row.path, "sha256": row.sha256, "size": row.size}
