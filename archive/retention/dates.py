"""Retention counting (docs/domain.md §5.2, §5.3, §9).

Retention counts from the year the work ended: a record kept N years is due for review on
31/12 of (end year + N). A dossier keeps the longest retention of its documents. Permanent
records (code 01) are never due; they go to the historical archive five years after the year
they were deposited, and registration for that is due twelve months earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from archive.catalog.codes import MAINTENANCE, MAINTENANCE_YEARS
from archive.errors import InvalidInput

__all__ = [
    "PERMANENT",
    "TRANSFER_AFTER_YEARS",
    "Retention",
    "due_date",
    "longest",
    "registration_due",
    "retention_of",
    "transfer_due",
]

PERMANENT = "01"
TRANSFER_AFTER_YEARS = 5  # LLT 2024: at most 5 years from the year deposited


@dataclass(frozen=True, order=True)
class Retention:
    """A TT05 maintenance code with its number of years (None = permanent)."""

    years: int | None
    code: str

    @property
    def permanent(self) -> bool:
        """Kept forever (code 01)."""
        return self.years is None

    @property
    def label(self) -> str:
        """Vietnamese label: "Vĩnh viễn" or "N năm"."""
        return MAINTENANCE[PERMANENT] if self.years is None else f"{self.years} năm"

    def longer_than(self, other: Retention) -> bool:
        """Whether this retention outlasts ``other``."""
        if self.years is None:
            return other.years is not None
        return other.years is not None and self.years > other.years


def retention_of(code: str, years: int | None) -> Retention:
    """Validate a maintenance code and its year count; codes 02–06 carry their own years."""
    if code not in MAINTENANCE:
        raise InvalidInput(
            f"mã thời hạn lưu trữ {code!r} không hợp lệ (01–07) / "
            f"invalid maintenance code {code!r}: use 01–07"
        )
    if code == PERMANENT:
        if years is not None:
            raise InvalidInput(
                f"mã 01 (Vĩnh viễn) không có số năm (đã cho {years}) / "
                f"code 01 (permanent) takes no year count (got {years})"
            )
        return Retention(None, code)
    fixed = MAINTENANCE_YEARS.get(code)
    if fixed is not None:
        if years is not None and years != fixed:
            raise InvalidInput(
                f"mã {code} là {fixed} năm, không phải {years} / code {code} means {fixed} "
                f"years, not {years}"
            )
        return Retention(fixed, code)
    if years is None or years <= 0:
        raise InvalidInput(
            "mã 07 (Khác) cần số năm lưu trữ > 0 / code 07 (other) needs a year count > 0"
        )
    return Retention(years, code)


def longest(retentions: Iterable[Retention]) -> Retention:
    """The longest of several retentions (a dossier keeps its longest document's)."""
    best: Retention | None = None
    for r in retentions:
        if best is None or r.longer_than(best):
            best = r
    if best is None:
        raise ValueError("no retention given")
    return best


def due_date(end_year: int, retention: Retention) -> date | None:
    """31/12 of (end year + N); None for permanent records."""
    if retention.years is None:
        return None
    return date(end_year + retention.years, 12, 31)


def transfer_due(deposit_year: int) -> date:
    """Last day to hand a permanent record to the historical archive (deposit year + 5)."""
    return date(deposit_year + TRANSFER_AFTER_YEARS, 12, 31)


def registration_due(deposit_year: int) -> date:
    """Registration with the historical archive: at least 12 months before the transfer."""
    due = transfer_due(deposit_year)
    return due.replace(year=due.year - 1)
