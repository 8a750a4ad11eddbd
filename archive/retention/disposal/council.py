"""The Hội đồng xét hủy: its members and the head of the agency, and the council's work on a
list under review (opinions, appraisal documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.retention.disposal.lists import load_list, store_attachment
from archive.retention.models import CouncilMember, DisposalOpinion
from archive.services import Services
from archive.users.models import User

__all__ = ["add_council_member", "attach", "list_council", "record_opinion"]

Role = Literal["council", "head"]


def add_council_member(archive: Services, name: str, role: str, agent: AgentRef) -> dict[str, str]:
    """Register a council member (``council``) or the head of the agency (``head``)."""
    name = name.strip()
    if role not in ("council", "head"):
        raise InvalidInput(
            f"vai trò {role!r} không hợp lệ; dùng council hoặc head / "
            f"invalid role {role!r}; use council or head"
        )
    if not name:
        raise InvalidInput("cần tên thành viên / a member name is required")
    with unit_of_work(archive.sessions) as session:
        if session.scalar(select(CouncilMember).where(CouncilMember.name == name)) is not None:
            raise Conflict(f"{name} đã có trong hội đồng / {name} is already registered")
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


def require_member(session: Session, agent: AgentRef, role: Role) -> CouncilMember:
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


def record_opinion(
    archive: Services, code: str, agent: AgentRef, vote: str, comment: str = ""
) -> dict[str, Any]:
    """A council member's opinion on a list under review (one per member, never edited)."""
    if vote not in ("agree", "disagree"):
        raise InvalidInput(
            f"ý kiến {vote!r}: dùng agree hoặc disagree / vote must be agree or "
            f"disagree, not {vote!r}"
        )
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        require_member(session, agent, "council")
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
            recorded_at=event_time(),
        )
        session.add(opinion)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "appraisal",
                    f"Ý kiến thành viên hội đồng {agent.name} về {code}: {vote} / council "
                    f"opinion of {agent.name} on {code}: {vote}",
                    outcome_detail=with_state(comment, opinion),
                    agents=[agent, software_agent()],
                    objects=[(code, "source")],
                )
            ],
        )
        return {"member": agent.name, "vote": vote, "comment": comment, "at": opinion.recorded_at}


def attach(archive: Services, code: str, path: Path, agent: AgentRef) -> dict[str, Any]:
    """Store an external appraisal document (văn bản thẩm định) with the list."""
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
