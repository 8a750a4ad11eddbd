"""The settings of the audit log in storage: when its events are sealed."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

__all__ = ["AuditSettings"]


class AuditSettings(BaseSettings):
    """The settings of the audit log in storage: when its events are sealed."""

    audit_seal_events: int = Field(
        default=1000,
        ge=1,
        le=1_000_000,
        description="Seal the audit log into storage once this many events wait, whatever "
        "appended them (reading and signing in included).",
    )
    audit_seal_minutes: int = Field(
        default=60,
        ge=1,
        le=7 * 24 * 60,
        description="Seal the audit log into storage once the oldest waiting event is this old "
        "(checked at the end of every command and every minute while 'archive serve' runs).",
    )
