"""The council's conclusion on a list under review: the composition, quorum and majority rules
of ADR 0022 checked, the vote counted, and the council's minutes (every member's opinion, every
dissent with its reason) kept in the list's OCFL object. The head decides only on a concluded
list (``decision.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.dates import today as local_today
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.minutes.service import minutes_wanted, write_minutes
from archive.retention.disposal.council import council_of, refuse_closed, require_member
from archive.retention.disposal.lists import load_list, refusal
from archive.retention.disposal.minutes import council_spec
from archive.retention.listobject import add_files, json_bytes
from archive.retention.models import CouncilMember, DisposalList, DisposalOpinion
from archive.services import Services

__all__ = ["MINUTES_PATH", "Vote", "conclude", "count_vote"]

MINUTES_PATH = "minutes/council.json"
"""Where the council's minutes are kept in the list's object."""

Reason = tuple[str, dict[str, object]]


@dataclass(frozen=True)
class Vote:
    """The council's vote on a list: its size, the opinions given, how many agree, and what
    the rules need (ADR 0022)."""

    size: int
    votes: int
    agree: int
    minimum: int

    @property
    def quorum(self) -> int:
        """Opinions needed: at least the minimum council, and more than half of the council."""
        return max(self.minimum, self.size // 2 + 1)

    @property
    def majority(self) -> int:
        """Agreeing members needed to propose destruction: more than half of the whole council
        (absent members count against, not for)."""
        return self.size // 2 + 1

    @property
    def result(self) -> str:
        """``destroy`` when a majority of the council agrees, else ``keep``."""
        return "destroy" if self.agree >= self.majority else "keep"


def count_vote(
    session: Session, d: DisposalList, members: list[CouncilMember], minimum: int
) -> Vote:
    """The vote of the council's current members on ``d``."""
    names = {m.name for m in members}
    opinions = [
        o
        for o in session.scalars(select(DisposalOpinion).where(DisposalOpinion.list_id == d.id))
        if o.member in names
    ]
    agree = sum(1 for o in opinions if o.vote == "agree")
    return Vote(size=len(members), votes=len(opinions), agree=agree, minimum=minimum)


def _missing(members: list[CouncilMember], vote: Vote, voted: set[str]) -> list[Reason]:
    """Everything that keeps the council from concluding, each named."""
    reasons: list[Reason] = []
    if vote.size < vote.minimum:
        reasons.append(("council_too_small", {"size": vote.size, "minimum": vote.minimum}))
    roles = {m.role: m.name for m in members}
    if "chair" not in roles:
        reasons.append(("no_chair", {}))
    if "secretary" not in roles:
        reasons.append(("no_secretary", {}))
    if vote.votes < vote.quorum:
        reasons.append(
            ("no_quorum", {"votes": vote.votes, "size": vote.size, "needed": vote.quorum})
        )
    if "chair" in roles and roles["chair"] not in voted:
        reasons.append(("chair_silent", {"name": roles["chair"]}))
    return reasons


def _minutes(
    session: Session, d: DisposalList, members: list[CouncilMember], vote: Vote, by: str
) -> dict[str, Any]:
    opinions = {
        o.member: o
        for o in session.scalars(select(DisposalOpinion).where(DisposalOpinion.list_id == d.id))
    }
    return {
        "disposalList": d.code,
        "closedBy": by,
        "closedAt": d.council_closed_at,
        "result": vote.result,
        "size": vote.size,
        "votes": vote.votes,
        "agree": vote.agree,
        "quorum": vote.quorum,
        "majority": vote.majority,
        "items": [i.arc_file_code for i in d.items],
        "members": [
            {
                "name": m.name,
                "role": m.role,
                "vote": opinions[m.name].vote if m.name in opinions else None,
                "reason": opinions[m.name].comment if m.name in opinions else None,
                "at": opinions[m.name].recorded_at if m.name in opinions else None,
            }
            for m in members
        ],
        "dissents": [
            {"name": o.member, "reason": o.comment}
            for o in opinions.values()
            if o.vote == "disagree"
        ],
    }


def conclude(archive: Services, code: str, agent: AgentRef) -> dict[str, Any]:
    """The chair or the secretary closes the council's review: the rules checked (each missing
    part named), the vote counted, the minutes kept with the list."""
    minimum = archive.settings.disposal_council_min_members
    signed = minutes_wanted(archive.settings)  # refused in production without the key
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        require_member(session, agent, "chair", "secretary")
        refuse_closed(d)
        members = council_of(session)
        vote = count_vote(session, d, members, minimum)
        voted = set(
            session.scalars(select(DisposalOpinion.member).where(DisposalOpinion.list_id == d.id))
        )
        missing = _missing(members, vote, voted)
        if missing:
            raise Conflict(refusal(*missing))
        d.council_closed_at = event_time()
        d.council_closed_by = agent.name
        d.council_result = vote.result
        d.council_agree, d.council_votes, d.council_size = vote.agree, vote.votes, vote.size
        d.council_minutes_path = MINUTES_PATH
        minutes = _minutes(session, d, members, vote, agent.name)
        add_files(
            archive,
            d.object_id,
            {MINUTES_PATH: json_bytes(minutes)},
            f"Council minutes of {code}",
            agent,
        )
        session.flush()
        if signed:  # the signed PDF/A and its JSON, a record object of their own
            spec = council_spec(archive, d, minutes, local_today())
            minutes["signed"] = write_minutes(archive, session, spec, agent=agent).as_dict()
        append_events(
            session,
            [
                NewEvent(
                    "council concluded",
                    f"Hội đồng xét hủy kết luận về {code}: {vote.agree}/{vote.size} đồng ý "
                    f"/ the council concluded on {code}: {vote.agree} of {vote.size} agree "
                    f"({vote.result})",
                    outcome_detail=with_state(f"{code}/{MINUTES_PATH}", d),
                    agents=[agent, software_agent()],
                    objects=[(code, "source"), (f"{code}/{MINUTES_PATH}", "outcome")],
                )
            ],
        )
        return minutes
