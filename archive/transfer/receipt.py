"""The historical archive's answer (biên bản giao nhận / trả lại), recorded per dossier, and the
hand-over minutes of each request it answers (docs/minutes.md)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.dates import today as local_today
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.minutes.forms import Form, MinutesSpec, Participant, Procedure
from archive.minutes.service import minutes_wanted, stored_day, write_minutes
from archive.retention.dossiers import dossier_retention, load_dossier
from archive.retention.listobject import add_files
from archive.retention.models import Transfer
from archive.services import Services
from archive.transfer.batch import batch_object_id

__all__ = ["record_receipt"]

Answer = tuple[str, str, str]
"""mã hồ sơ, result (accepted | returned), reason."""


def _receipt_rows(path: Path) -> list[dict[str, str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"không đọc được {path} / cannot read {path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(data)
        except ValueError as exc:
            raise InvalidInput(f"{path.name}: JSON không hợp lệ / invalid JSON: {exc}") from exc
        if not isinstance(loaded, list):
            raise InvalidInput(f"{path.name}: cần một danh sách / expected a JSON list")
        return [{k: str(v) for k, v in item.items()} for item in loaded]
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


_RESULTS: Final = {
    "accepted": "accepted",
    "đồng ý": "accepted",
    "returned": "returned",
    "trả lại": "returned",
}


def _parse(path: Path) -> list[Answer]:
    """Every row of the receipt, checked; refuses the whole file on any problem."""
    rows = _receipt_rows(path)
    problems: list[str] = []
    parsed: list[Answer] = []
    for line, row in enumerate(rows, start=2):
        code = row.get("arcFileCode", "")
        result = _RESULTS.get(row.get("result", "").lower())
        reason = row.get("reason", "")
        if not code or result is None:
            problems.append(f"line {line}: need arcFileCode and result accepted|returned")
        elif result == "returned" and not reason:
            problems.append(f"line {line}: {code} returned without a reason")
        else:
            parsed.append((code, result, reason))
    if not rows:
        problems.append("no rows")
    if problems:
        raise InvalidInput(
            f"{path.name}: không ghi nhận gì / nothing recorded: " + "; ".join(problems)
        )
    return parsed


def _answer(
    session: Session, answer: Answer, agent: AgentRef, software: AgentRef
) -> tuple[str, NewEvent]:
    """Record one dossier's answer on its exported row (an accepted dossier is marked
    ``transferred``); its request code and the event."""
    code, result, reason = answer
    row = session.scalar(select(Transfer).where(Transfer.arc_file_code == code))
    if row is None:
        raise NotFound(f"{code}: không có trong nộp lưu / not in any transfer")
    if row.state != "exported":
        raise Conflict(
            f"{code}: trạng thái {row.state}, cần exported / state {row.state}, expected exported"
        )
    row.state = result
    row.answered_at = event_time()
    row.answer_reason = reason or None
    status: dict[str, list[str]] = {}
    if result == "accepted":
        dossier = load_dossier(session, code)
        dossier.status = "transferred"
        status = {"dossier_status": [code, dossier.status]}
    return row.request_code, NewEvent(
        "transfer receipt",
        f"Lưu trữ lịch sử {'tiếp nhận' if result == 'accepted' else 'trả lại'} "
        f"{code} / historical archive {result} {code}",
        outcome="success" if result == "accepted" else "warning",
        outcome_detail=with_state(reason, row, **status),
        agents=[agent, software],
        objects=[(code, "source"), (row.request_code, "source")],
    )


def _handover_row(session: Session, code: str, result: str, reason: str) -> list[str]:
    dossier = load_dossier(session, code)
    size = sum(f.size for f in dossier.files)
    note = "Đồng ý tiếp nhận / accepted" if result == "accepted" else f"Trả lại: {reason}"
    return [
        code,
        dossier.title,
        dossier_retention(dossier).label,
        str(len(dossier.documents)),
        f"{size} byte",
        note,
    ]


def _handover_spec(
    archive: Services,
    session: Session,
    request: str,
    answers: list[Answer],
    digest: str,
    agent: AgentRef,
) -> MinutesSpec:
    """The hand-over minutes of ``request`` for the answers of one receipt file."""
    procedure = Procedure("transfer", request)
    number = f"{request}/BB-GN-{digest[:8]}"
    mine = [a for a in answers if _request_of(session, a[0]) == request]
    accepted = sum(1 for a in mine if a[1] == "accepted")
    return MinutesSpec(
        form=Form.HANDOVER,
        procedure=procedure,
        number=number,
        place=archive.settings.agency_place,
        day=stored_day(archive, Form.HANDOVER, procedure, number) or local_today(),
        subject=f"Giao nộp tài liệu lưu trữ số vào Lưu trữ lịch sử, yêu cầu {request}",
        facts=(
            ("Bên giao / Handed over by", archive.settings.agency_name),
            ("Mã yêu cầu nộp lưu / Transfer request", request),
            ("Biên nhận / Receipt (SHA-256)", digest),
            ("Số hồ sơ được tiếp nhận / Accepted", str(accepted)),
            ("Số hồ sơ bị trả lại / Returned", str(len(mine) - accepted)),
        ),
        participants=(Participant(agent.name, "Người ghi nhận / Recorded by"),),
        rows=[_handover_row(session, code, result, reason) for code, result, reason in mine],
        paragraphs=(
            "Lưu trữ lịch sử đã trả lời theo biên nhận trên; các hồ sơ được tiếp nhận đã chuyển "
            "trạng thái 'đã nộp lưu'. / The historical archive answered by the receipt above; the "
            "accepted dossiers are now 'transferred'.",
        ),
    )


def _request_of(session: Session, code: str) -> str | None:
    return session.scalar(select(Transfer.request_code).where(Transfer.arc_file_code == code))


def record_receipt(archive: Services, path: Path, agent: AgentRef) -> list[dict[str, str]]:
    """Record the historical archive's answer per dossier (columns arcFileCode, result
    [accepted|returned|đồng ý|trả lại], reason); all rows are checked before any is recorded."""
    parsed = _parse(path)
    data = path.read_bytes()
    handover = minutes_wanted(archive.settings)  # refused in production without the key
    with unit_of_work(archive.sessions) as session:
        answered = [_answer(session, answer, agent, software_agent()) for answer in parsed]
        events = [event for _request, event in answered]
        requests = {request for request, _event in answered}
        digest = hashlib.sha256(data).hexdigest()
        for request in sorted(requests):
            add_files(
                archive,
                batch_object_id(request),
                {f"receipts/{digest[:16]}{path.suffix}": data},
                f"Receipt {path.name}",
                agent,
            )
        append_events(session, events)
        if handover:
            for request in sorted(requests):
                spec = _handover_spec(archive, session, request, parsed, digest, agent)
                write_minutes(archive, session, spec, agent=agent)
        return [
            {"arcFileCode": code, "result": result, "reason": reason}
            for code, result, reason in parsed
        ]
