"""Status replies (edXML ``Status``) written into the outbox for the agency's exchange system.

One file per reply, written whole or not at all, named so that replies sort by time and never
overwrite each other: ``<time>-<status code>-<document>.xml``. The reply has the structure the
archive itself reads (:func:`archive.edxml.header.interpret` reads it back as a status).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path
from typing import Final

from lxml import etree

from archive.atomic import atomic_write
from archive.clock import utc_now
from archive.edxml.envelope import EDXML_NS

__all__ = ["STATUS_CODES", "About", "Sender", "status_bytes", "write_status"]

STATUS_CODES: Final = {
    "01": ("Đã đến", "Arrived"),
    "02": ("Từ chối tiếp nhận", "Refused"),
    "03": ("Đã tiếp nhận", "Accepted"),
    "04": ("Phân công", "Assigned"),
    "05": ("Đang xử lý", "In process"),
    "06": ("Hoàn thành", "Completed"),
    "13": ("Lấy lại", "Recall requested"),
    "15": ("Đồng ý cập nhật lấy lại/thu hồi", "Recall accepted"),
    "16": ("Từ chối cập nhật lấy lại/thu hồi", "Recall refused"),
}
_VIETNAM: Final = timezone(timedelta(hours=7), "ICT")  # no daylight saving
_UNSAFE: Final = re.compile(r"[^0-9A-Za-z.\-]+")


@dataclass(frozen=True)
class About:
    """The document a reply answers (its envelope's header)."""

    sender_id: str
    code_number: str
    code_notation: str
    issued_date: str  # dd/MM/yyyy
    document_id: str


@dataclass(frozen=True)
class Sender:
    """The archive on the axis."""

    organ_id: str
    organ_name: str


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{EDXML_NS}}}{name}")
    if text is not None:
        el.text = text
    return el


def status_bytes(about: About, code: str, description: str, me: Sender) -> bytes:
    """The reply as bytes (UTF-8, XML declaration)."""
    if code not in STATUS_CODES:
        raise ValueError(f"unknown status code {code}")
    root = etree.Element(f"{{{EDXML_NS}}}edXML", nsmap={"edXML": EDXML_NS})
    head = _add(_add(root, "edXMLEnvelope"), "edXMLHeader")
    status = _add(head, "Status")
    resp = _add(status, "ResponseFor")
    _add(resp, "OrganId", about.sender_id)
    number = _add(resp, "Code")
    _add(number, "CodeNumber", about.code_number)
    _add(number, "CodeNotation", about.code_notation)
    _add(resp, "PromulgationDate", about.issued_date)
    _add(resp, "DocumentId", about.document_id)
    sender = _add(status, "From")
    _add(sender, "OrganId", me.organ_id)
    _add(sender, "OrganName", me.organ_name)
    _add(status, "StatusCode", code)
    _add(status, "Description", description or STATUS_CODES[code][0])
    _add(status, "Timestamp", utc_now().astimezone(_VIETNAM).isoformat(timespec="seconds"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def write_status(outbox: Path, about: About, code: str, description: str, me: Sender) -> Path:
    """Write one reply into ``outbox``; returns its path."""
    outbox.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    ident = _UNSAFE.sub("_", about.document_id or about.code_number)[:60]
    path = outbox / f"{stamp}-{code}-{ident}-{uuid.uuid4().hex[:8]}.xml"
    atomic_write(path, status_bytes(about, code, description, me), mode=0o640)
    return path
