"""The settings of document exchange over the Trục liên thông (edXML, QCVN 102:2016)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings

__all__ = ["ExchangeSettings"]


class ExchangeSettings(BaseSettings):
    """Where status replies go, how large an envelope may be, who the archive is on the axis."""

    exchange_outbox: Path | None = Field(
        default=None,
        description="Folder where status envelopes (edXML Status) are written for the agency's "
        "exchange system, one file per reply (default: <home>/edxml/outbox).",
    )
    exchange_organ_id: str = Field(
        default="",
        max_length=13,
        description="The archive's organ identifier on the Trục liên thông, written as From in "
        "status replies (default: agency_code).",
    )
    exchange_organ_name: str = Field(
        default="Lưu trữ cơ quan",
        max_length=200,
        description="The archive's name written as From/OrganName in status replies.",
    )
    exchange_max_envelope_bytes: int = Field(
        default=200 * 1024 * 1024,
        ge=1024,
        description="Largest edXML envelope file read (bytes); a larger one is refused unread.",
    )
    exchange_max_attachment_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="Largest decoded attachment (bytes); decoding stops at the limit.",
    )
    exchange_max_attachments: int = Field(
        default=50,
        ge=1,
        description="Most attachments one envelope may carry.",
    )
