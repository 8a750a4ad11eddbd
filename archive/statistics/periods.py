"""The period a report covers and its months, in Vietnam's time (archive/dates.py).

The catalog and the audit log keep UTC times as ISO 8601 text (archive/clock.py), whose order
as text is their order in time. A month of Vietnam starts at 17:00 UTC on the day before the
1st, so its bounds are written as UTC text and compared as text: a month is one ``CASE`` of the
SQL, on both engines, and an event at 00:30 on the 1st in Hà Nội counts in the new month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import pairwise
from typing import Final

from sqlalchemy import ColumnElement, SQLColumnExpression, case, literal

from archive.dates import VN_ZONE, today
from archive.errors import InvalidInput, LimitExceeded

__all__ = ["MAX_MONTHS", "Period", "month_of", "period"]

MAX_MONTHS: Final = 240
"""Most months in one report (20 years): each month is one branch of the SQL ``CASE``."""


@dataclass(frozen=True)
class Period:
    """The days ``start`` to ``end`` (both included, Vietnam's calendar) and their months."""

    start: date
    end: date

    @property
    def months(self) -> list[str]:
        """Every month of the period as ``yyyy-mm``, in order."""
        out: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    @property
    def lower(self) -> str:
        """The first moment of the period as UTC text."""
        return utc_text(self.start)

    @property
    def upper(self) -> str:
        """The first moment after the period as UTC text."""
        return utc_text(date.fromordinal(self.end.toordinal() + 1))


def utc_text(day: date) -> str:
    """Midnight of ``day`` in Vietnam as the archive writes times (ISO 8601 UTC, seconds).

    Compared as text with times of more precision (microseconds), it still sorts right: after
    the seconds, ``+`` comes before ``.``."""
    moment = datetime.combine(day, time(0), tzinfo=VN_ZONE).astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def month_of(column: SQLColumnExpression[str], months: list[str]) -> ColumnElement[str]:
    """The SQL for the month (``yyyy-mm``, Vietnam's time) of a UTC time ``column``; times
    outside the months give the last month, so the caller filters the period first."""
    if len(months) == 1:
        return literal(months[0])
    whens = []
    for this, following in pairwise(months):
        whens.append((column < utc_text(_first(following)), literal(this)))
    return case(*whens, else_=literal(months[-1]))


def _first(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def period(start: date | None = None, end: date | None = None) -> Period:
    """The period asked for: by default the twelve months up to today (Vietnam's calendar)."""
    last = end or today()
    eleven_before = last.year * 12 + last.month - 1 - 11
    first = start or date(eleven_before // 12, eleven_before % 12 + 1, 1)
    if first > last:
        raise InvalidInput(
            f"ngày bắt đầu {first:%d/%m/%Y} sau ngày kết thúc {last:%d/%m/%Y} / the start "
            f"{first:%d/%m/%Y} is after the end {last:%d/%m/%Y}"
        )
    chosen = Period(first, last)
    if len(chosen.months) > MAX_MONTHS:
        raise LimitExceeded(
            "stats_months",
            MAX_MONTHS,
            f"tối đa {MAX_MONTHS} tháng trong một báo cáo",
            f"at most {MAX_MONTHS} months in one report",
        )
    return chosen
