"""How values look on the pages: codes with their labels, yes/no, times and dates.

The labels of the TT 05/2025 code lists, Vietnamese (the law's own) and English, and of the
urgency (``priority``) are the code lists' (``archive.catalog.codes``). A code is shown with
its label first and the code itself after it, smaller (``Vĩnh viễn 01``): people read the
label, and the code stays visible for whoever checks it against a package or the law. A
retention of code 07 (Khác) shows its years (``5 năm 07``), as everywhere.

Times are shown as Vietnamese users write them (``archive.dates``), inside ``<time>`` carrying
the stored ISO 8601 value, so nothing of the recorded precision is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Final

from markupsafe import Markup, escape

from archive.catalog.codes import CODE_LISTS, FIELD_CODE_LISTS, label, maintenance_label
from archive.dates import parse_moment, vn_date, vn_datetime
from archive.messages import values
from archive.messages.catalogue import text

__all__ = [
    "code_label",
    "field_value",
    "file_size",
    "time_html",
    "yes_no",
]


_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def code_label(list_name: str, code: str | None, lang: str) -> str:
    """The label of ``code`` in ``list_name`` (a TT05 list, or ``priority``) in ``lang``; the
    code itself when the list does not know it."""
    return label(list_name, code, lang)


def yes_no(value: object, lang: str) -> str:
    """Có / Không (Yes / No)."""
    return values.yes_no(value, lang)


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
    years = field.get("years")
    if field.get("name") == "maintenance" and raw == "07" and isinstance(years, int) and years:
        shown = maintenance_label(raw, years, lang)
        return Markup('{} <span class="code">{}</span>').format(shown, raw)
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
    if lang == "en" and size == 1:
        exact = "1 byte"
    else:
        exact = text("common.bytes", lang, size=_number(size, lang))
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
