"""Audit models: the hash-chained PREMIS event log, its object index and head, and the agents.

The chain itself (appending, verifying) is ``archive.audit.chain``; database triggers refuse
UPDATE and DELETE on ``events`` (docs/architecture.md).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["Agent", "AuditHead", "Event", "EventLink"]


class Agent(Base):
    """PREMIS agent: a person, an organisation or a piece of software."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    agent_type: Mapped[str] = mapped_column(String(30))  # person | organization | software
    note: Mapped[str | None] = mapped_column(String(500))


class Event(Base):
    """PREMIS event, one link of the append-only hash-chained audit log.

    ``entry_hash`` = SHA-256 over the canonical JSON of every other column and ``prev_hash``;
    agents and linked objects are part of the hashed JSON. Database triggers refuse UPDATE and
    DELETE on this table.
    """

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(60), unique=True)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    occurred_at: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    outcome_detail: Mapped[str] = mapped_column(Text)
    agents_json: Mapped[str] = mapped_column(Text)
    objects_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class EventLink(Base):
    """Index from an object identifier (dossier, document, file) to the events naming it.

    Derived from ``Event.objects_json``; kept for fast audit-trail queries.
    """

    __tablename__ = "event_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_seq: Mapped[int] = mapped_column(ForeignKey("events.seq"), index=True)
    identifier: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(30))


class AuditHead(Base):
    """The single row naming the last link of the chain; locked to append (FOR UPDATE)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
