"""A status reply written into the outbox and logged: every reply the archive sends (01, 02,
03, 15, 16) is an ``edxml status sent`` event naming the reply file (docs/edxml.md)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.db.engine import unit_of_work
from archive.edxml.models import TrayDocument
from archive.edxml.status import About, Sender, write_status
from archive.services import Services

__all__ = ["about_row", "reply_event", "row_abouts", "send_reply", "sender_of"]


def sender_of(archive: Services) -> Sender:
    """The archive as it signs its replies."""
    s = archive.settings
    return Sender(s.exchange_own_id, s.exchange_organ_name)


def about_row(row: TrayDocument) -> About:
    """The document of a tray row, as a reply names it."""
    meta = json.loads(row.metadata_json)
    return About(
        row.sender_id,
        row.code_number,
        row.code_notation,
        meta.get("issuedDate", ""),
        row.document_identifier,
    )


def row_abouts(archive: Services, codes: list[str]) -> list[tuple[str, About]]:
    """(object id, About) of the tray rows ``codes``, in that order."""
    with unit_of_work(archive.sessions) as session:
        rows = {
            r.code: r
            for r in session.scalars(select(TrayDocument).where(TrayDocument.code.in_(codes)))
        }
        return [(rows[c].object_id, about_row(rows[c])) for c in codes if c in rows]


def reply_event(archive: Services, reply: Path, code: str, target: str, agent: AgentRef) -> None:
    """The ``edxml status sent`` event of reply ``code`` written at ``reply``."""
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    event_type="edxml status sent",
                    detail=f"{code}: {reply.name}",
                    agents=[agent, software_agent()],
                    objects=[(target, "source")],
                )
            ],
        )


def send_reply(
    archive: Services, about: About, code: str, description: str, target: str, agent: AgentRef
) -> Path:
    """Write reply ``code`` about ``about`` into the outbox, then its event; returns its path."""
    reply = write_status(
        archive.settings.resolved_exchange_outbox, about, code, description, sender_of(archive)
    )
    reply_event(archive, reply, code, target, agent)
    return reply
