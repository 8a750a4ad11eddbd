"""The head of the agency's decision on a disposal list (number, date, signed file)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.retention.disposal.council import require_member
from archive.retention.disposal.lists import load_list, store_attachment
from archive.retention.models import DisposalList, DisposalOpinion
from archive.services import Services

__all__ = ["decide"]

_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def _check_decision(number: str, decision_date: str) -> str:
    """The stripped decision number; refuses an empty number or a date not DD/MM/YYYY."""
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
    return number


def _council_votes(session: Session, d: DisposalList, approve: bool) -> tuple[int, int]:
    """(agreeing, all) council opinions on a list; approval needs a majority agreeing."""
    code = d.code
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
    return agree, len(votes)


def decide(
    archive: Services,
    code: str,
    agent: AgentRef,
    *,
    number: str,
    decision_date: str,
    file: Path,
    approve: bool = True,
) -> dict[str, Any]:
    """The head's decision: number, date (DD/MM/YYYY) and the signed file."""
    number = _check_decision(number, decision_date)
    with unit_of_work(archive.sessions) as session:
        d = load_list(session, code)
        require_member(session, agent, "head")
        if agent.name == d.proposed_by:
            raise Conflict(
                f"người đề xuất ({d.proposed_by}) không được tự phê duyệt / the proposer "
                f"({d.proposed_by}) cannot approve their own list"
            )
        if d.status != "review":
            raise Conflict(f"danh mục {code} đã {d.status} / list {code} is already {d.status}")
        agree, total = _council_votes(session, d, approve)
        row = store_attachment(archive, session, d, "decision", file, agent)
        d.status = "approved" if approve else "rejected"
        d.decision_number = number
        d.decision_date = decision_date
        d.decision_path = row.path
        d.decision_sha256 = row.sha256
        d.decided_by = agent.name
        d.decided_at = event_time()
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "disposal decision",
                    f"Quyết định số {number} ngày {decision_date}: "
                    f"{'phê duyệt hủy' if approve else 'không hủy'} {code} / decision {number} "
                    f"of {decision_date}: {'approved' if approve else 'rejected'} {code}",
                    outcome_detail=with_state(
                        f"{row.path} sha256:{row.sha256}; council {agree}/{total}", d, row
                    ),
                    agents=[agent, software_agent()],
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
