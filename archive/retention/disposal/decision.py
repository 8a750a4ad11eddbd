"""The head of the agency's decision on a disposal list (number, date, signed file)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.catalog.models import Dossier, Fonds
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.messages.catalogue import text
from archive.retention.disposal.council import require_member
from archive.retention.disposal.lists import load_list, said, store_attachment
from archive.retention.models import DisposalAttachment, DisposalList
from archive.services import Services

__all__ = ["decide", "deposit_sources", "missing_for_decision"]

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


def deposit_sources(archive: Services, session: Session, d: DisposalList) -> list[str]:
    """The agency and fonds codes of ``d`` in the deposit source list (``disposal_deposit_
    sources``): their destruction needs the state archives authority's appraisal."""
    sources = set(archive.settings.disposal_deposit_sources)
    if not sources:
        return []
    codes = {archive.settings.agency_code}
    arcs = [i.arc_file_code for i in d.items]
    for organ, fonds in session.execute(
        select(Dossier.organ_id, Fonds.code)
        .outerjoin(Fonds, Dossier.fonds_id == Fonds.id)
        .where(Dossier.arc_file_code.in_(arcs))
    ):
        codes |= {organ, *([fonds] if fonds else [])}
    return sorted(codes & sources)


def missing_for_decision(
    archive: Services, session: Session, d: DisposalList, approve: bool
) -> list[tuple[str, dict[str, object]]]:
    """What the head's decision still needs, each named: the council's minutes; to approve, a
    council majority and, for a deposit source, the appraisal document."""
    missing: list[tuple[str, dict[str, object]]] = []
    if d.council_closed_at is None:
        missing.append(("missing_minutes", {"code": d.code}))
    elif approve and d.council_result != "destroy":
        size = d.council_size or 0
        agree = d.council_agree or 0
        missing.append(("no_majority", {"agree": agree, "size": size, "needed": size // 2 + 1}))
    sources = deposit_sources(archive, session, d) if approve else []
    appraisals = session.scalar(
        select(func.count(DisposalAttachment.id)).where(
            DisposalAttachment.list_id == d.id, DisposalAttachment.kind == "appraisal"
        )
    )
    if sources and not appraisals:
        missing.append(("missing_appraisal", {"code": d.code, "sources": ", ".join(sources)}))
    return missing


def _cannot_decide(code: str, missing: list[tuple[str, dict[str, object]]]) -> Conflict:
    """One refusal naming everything missing, Vietnamese then English."""
    parts = [
        text("retention.cannot_decide", lang, code=code, missing=said(lang, *missing))
        for lang in ("vi", "en")
    ]
    return Conflict(" / ".join(parts))


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
        missing = missing_for_decision(archive, session, d, approve)
        if missing:
            raise _cannot_decide(code, missing)
        agree, total = d.council_agree or 0, d.council_size or 0
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
