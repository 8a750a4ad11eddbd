"""Times and dates as Vietnamese users write them, for people to read.

The archive keeps every time in ISO 8601 (UTC, or with an explicit offset; ``archive.clock``)
and the JSON API hands them out unchanged. A person reads them as the agencies write them:
``dd/mm/yyyy HH:MM:SS`` in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), and
dates as ``dd/mm/yyyy`` (NĐ 30/2020, docs/domain.md §2.3). Fractions of a second are cut, not
rounded, so two events never swap places on the page. The zone comes from the system's tz
database (Debian's ``tzdata``) through :mod:`zoneinfo`; on a machine without one, the fixed
offset +07:00 stands in, which is the same for every time the archive holds (Vietnam has kept
UTC+7, without daylight saving, since 1975).

Values that are not a time (an empty field, a dash, free text) are shown as they are: a page
never fails over a malformed value, and the value stays visible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive.clock import utc_now
from archive.errors import InvalidInput

__all__ = [
    "VN_DATE",
    "VN_DATETIME",
    "VN_ZONE",
    "parse_day",
    "parse_moment",
    "today",
    "vn_date",
    "vn_datetime",
]


def _vietnam() -> tzinfo:
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # no tz database on this machine
        return timezone(timedelta(hours=7), "ICT")


VN_ZONE: Final = _vietnam()
VN_DATETIME: Final = "%d/%m/%Y %H:%M:%S"
VN_DATE: Final = "%d/%m/%Y"


def today() -> date:
    """Today's date in Vietnam, from the archive's clock: the day an agency's year, a deadline
    or a request number counts from (a machine kept in UTC is 7 hours behind at 01:00 ICT)."""
    return utc_now().astimezone(VN_ZONE).date()


def parse_moment(value: str | datetime | None) -> datetime | None:
    """An aware datetime from an ISO 8601 text (``Z`` or an offset; no offset means UTC, as
    the archive writes only UTC), or ``None`` if ``value`` is not a time."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if len(text) < 16 or ("T" not in text and " " not in text):
            return None  # a bare date, or not a time at all
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def vn_datetime(value: str | datetime | None) -> str:
    """``value`` as ``dd/mm/yyyy HH:MM:SS`` in Vietnam's time; ``""`` for no value; any other
    text unchanged."""
    moment = parse_moment(value)
    if moment is None:
        return "" if value is None else str(value)
    return moment.astimezone(VN_ZONE).strftime(VN_DATETIME)


def vn_date(value: str | date | None) -> str:
    """A calendar date (``date`` or ISO ``yyyy-mm-dd``) as ``dd/mm/yyyy``; a time is shown as
    its date in Vietnam; ``""`` for no value; any other text (already ``dd/mm/yyyy``, ``mm/yyyy``
    or a year) unchanged."""
    if value is None:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime(VN_DATE)
    moment = parse_moment(value)
    if moment is not None:
        return moment.astimezone(VN_ZONE).strftime(VN_DATE)
    assert isinstance(value, str)
    try:
        return date.fromisoformat(value.strip()).strftime(VN_DATE)
    except ValueError:
        return value


def parse_day(text: str, what: str = "", *, form_field: bool = False) -> date:
    """A day as Vietnamese users write it (``dd/mm/yyyy``), or, from a web form's date field
    (``form_field``), as the browser sends it (``yyyy-mm-dd``); anything else refused, naming
    ``what`` (an option, a field)."""
    value = text.strip()
    try:
        if "/" in value or not form_field:
            return datetime.strptime(value, "%d/%m/%Y").date()
        return date.fromisoformat(value)
    except ValueError:
        where = f"{what} " if what else ""
        raise InvalidInput(
            f"{where}{text!r}: ngày viết dd/mm/yyyy, ví dụ 05/12/2026 / a date is written "
            "dd/mm/yyyy, e.g. 05/12/2026"
        ) from None
