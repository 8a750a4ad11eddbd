"""How values look on the pages: codes with their labels, yes/no, times and dates.

The Vietnamese labels of the TT 05/2025 code lists are the law's own (``archive.catalog.codes``);
this module adds what the pages need besides: the English labels shown on the language switch,
and the labels of the one coded field the TT05 tables type as a plain number, the urgency
(``priority``) that documents bring from the document-management system (edXML ``Priority``,
QCVN 102:2016: 0 thường … 4 hỏa tốc hẹn giờ; docs/domain.md §7.2). A code is shown with its
label first and the code itself after it, smaller (``Vĩnh viễn 01``): people read the label,
and the code stays visible for whoever checks it against a package or the law.

Times are shown as Vietnamese users write them (``archive.dates``), inside ``<time>`` carrying
the stored ISO 8601 value, so nothing of the recorded precision is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Final

from markupsafe import Markup, escape

from archive.catalog.codes import CODE_LISTS, label
from archive.dates import parse_moment, vn_date, vn_datetime

__all__ = [
    "CODE_LABELS_EN",
    "FIELD_CODE_LISTS",
    "PRIORITY",
    "code_label",
    "field_value",
    "file_size",
    "time_html",
    "yes_no",
]

PRIORITY: Final[dict[str, tuple[str, str]]] = {
    "0": ("Thường", "Normal"),
    "1": ("Khẩn", "Urgent"),
    "2": ("Thượng khẩn", "Very urgent"),
    "3": ("Hỏa tốc", "Immediate"),
    "4": ("Hỏa tốc hẹn giờ", "Immediate, at the set time"),
}
"""Urgency of a document (edXML ``Priority``), Vietnamese and English."""

FIELD_CODE_LISTS: Final[dict[str, str]] = {"priority": "priority"}
"""Fields the TT05 tables type as numbers whose values are codes, and the list of each."""

CODE_LABELS_EN: Final[dict[str, dict[str, str]]] = {
    "maintenance": {
        "01": "Permanent",
        "02": "70 years",
        "03": "50 years",
        "04": "30 years",
        "05": "20 years",
        "06": "10 years",
        "07": "Other",
    },
    "mode": {"01": "Public", "02": "Conditional use", "03": "Secret"},
    "language": {
        "01": "Vietnamese",
        "02": "English",
        "03": "French",
        "04": "Russian",
        "05": "Chinese",
        "06": "Vietnamese–English",
        "07": "Vietnamese–Russian",
        "08": "Vietnamese–French",
        "09": "Hán Nôm",
        "10": "Vietnamese–Chinese",
        "11": "Other",
    },
    "typeName": {
        "01": "Resolution",
        "02": "Decision",
        "03": "Directive",
        "04": "Regulations",
        "05": "Rules",
        "06": "Communiqué",
        "07": "Notice",
        "08": "Guidance",
        "09": "Programme",
        "10": "Plan",
        "11": "Scheme",
        "12": "Proposal",
        "13": "Project",
        "14": "Report",
        "15": "Submission",
        "16": "Power of attorney",
        "17": "Dispatch slip",
        "18": "Transfer slip",
        "19": "Notification slip",
        "20": "Minutes",
        "21": "Contract",
        "22": "Official letter",
        "23": "Official telegram",
        "24": "Memorandum",
        "25": "Agreement",
        "26": "Invitation",
        "27": "Letter of introduction",
        "28": "Leave permit",
        "29": "Public letter",
        "30": "Map",
        "31": "Technical drawing",
        "32": "Other",
    },
    "confidenceLevel": {"01": "Born digital", "02": "Digitised", "03": "Hybrid"},
    "format": {"01": "Good", "02": "Fair", "03": "Damaged"},
    "riskRecoveryStatus": {"01": "Backup copy made", "02": "No backup copy yet"},
}
"""English labels of every TT05 code list (``archive.catalog.codes.CODE_LISTS``)."""

_TRUE = frozenset({"true", "1", "yes", "có"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def code_label(list_name: str, code: str | None, lang: str) -> str:
    """The label of ``code`` in ``list_name`` (a TT05 list, or ``priority``) in ``lang``; the
    code itself when the list does not know it."""
    if code is None:
        return ""
    if list_name == "priority":
        pair = PRIORITY.get(code)
        return code if pair is None else pair[1 if lang == "en" else 0]
    if lang == "en":
        return CODE_LABELS_EN.get(list_name, {}).get(code, code)
    return label(list_name, code)


def yes_no(value: object, lang: str) -> str:
    """Có / Không (Yes / No)."""
    if isinstance(value, str):
        value = value.strip().lower() in _TRUE
    if lang == "en":
        return "Yes" if value else "No"
    return "Có" if value else "Không"


def _coded(list_name: str, code: str, lang: str) -> Markup:
    shown = code_label(list_name, code, lang)
    if shown == code:
        return Markup("{}").format(code)
    return Markup('{} <span class="code">{}</span>').format(shown, code)


def field_value(field: Mapping[str, object], lang: str) -> Markup:
    """One metadata field of a record view (``archive.web.records``) as HTML: a code with its
    label, a yes/no, or the value as stored (escaped)."""
    raw = str(field.get("raw") or field.get("value") or "")
    kind = field.get("kind")
    list_name = field.get("codeList") or FIELD_CODE_LISTS.get(str(field.get("name")))
    if kind == "boolean":
        return Markup("{}").format(yes_no(raw, lang))
    if isinstance(list_name, str) and (list_name in CODE_LISTS or list_name == "priority"):
        codes = [c for c in re.split(r"[\s,;]+", raw) if c] if kind == "codes" else [raw]
        return Markup(", ").join(_coded(list_name, c, lang) for c in codes)
    return escape(str(field.get("value") or raw))


def _number(value: float, lang: str, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")  # 76.655 · 74,9


def file_size(size: int, lang: str) -> str:
    """``74,9 KB (76.655 byte)`` (English: ``74.9 KB (76,655 bytes)``); whole bytes alone
    below 1 KB. Vietnamese writes a dot between thousands and a comma before decimals."""
    unit = "byte" if lang == "vi" or size == 1 else "bytes"
    exact = f"{_number(size, lang)} {unit}"
    for limit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if size >= limit:
            return f"{_number(size / limit, lang, 1)} {name} ({exact})"
    return exact


def time_html(value: object, *, with_time: bool = True) -> Markup:
    """``<time>`` showing ``value`` as Vietnamese users write it, in Vietnam's time, its
    ``datetime`` attribute the moment in UTC (to the millisecond, the most HTML allows; the
    JSON API has the full stored value). An ISO date is shown as ``dd/mm/yyyy``; any other
    value, as it is."""
    if value is None or value == "":
        return Markup("")
    moment = parse_moment(value) if isinstance(value, str | datetime) else None
    if moment is not None:
        utc = moment.astimezone(UTC)
        spec = "milliseconds" if utc.microsecond else "seconds"
        stamp = utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
        shown = vn_datetime(moment) if with_time else vn_date(moment)
        return Markup('<time datetime="{}">{}</time>').format(stamp, shown)
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:  # 2023-02-30
            day = None
    if day is None:
        return escape(str(value))
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), vn_date(day))
