"""Retention counting: codes, the longest of several, 31/12 of end year + N, transfer dates."""

from __future__ import annotations

from datetime import date

import pytest

from archive.errors import InvalidInput
from archive.retention.dates import (
    due_date,
    longest,
    registration_due,
    retention_of,
    transfer_due,
)


def test_codes_carry_their_years_and_07_needs_a_count() -> None:
    assert retention_of("01", None).permanent
    assert retention_of("02", None).years == 70
    assert retention_of("06", 10).years == 10
    assert retention_of("07", 5).years == 5
    for code, years in (("07", None), ("07", 0), ("06", 5), ("01", 5), ("08", None), ("", 3)):
        with pytest.raises(InvalidInput):
            retention_of(code, years)


def test_due_is_31_december_of_end_year_plus_n() -> None:
    assert due_date(2010, retention_of("06", None)) == date(2020, 12, 31)
    assert due_date(2019, retention_of("07", 5)) == date(2024, 12, 31)
    assert due_date(2019, retention_of("01", None)) is None


def test_longest_prefers_permanent_then_more_years() -> None:
    five, ten, forever = retention_of("07", 5), retention_of("06", None), retention_of("01", None)
    assert longest([five, ten]) == ten
    assert longest([ten, forever, five]) == forever
    assert longest([retention_of("07", 15), ten]).years == 15


def test_transfer_five_years_after_deposit_and_registration_a_year_earlier() -> None:
    assert transfer_due(2026) == date(2031, 12, 31)
    assert registration_due(2026) == date(2030, 12, 31)
