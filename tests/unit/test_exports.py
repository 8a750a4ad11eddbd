"""The shared export writer: text that could run as a formula is neutralised, typed values stay
typed (a real negative number is still a number), and the CSV quote can be undone."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from archive.exports import (
    csv_bytes,
    neutralise,
    new_workbook,
    restore,
    workbook_bytes,
    xlsx_append,
)

TEXTS = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=x", "''-x", "'plain", "plain", "", "a=b"]


@pytest.mark.parametrize("text", TEXTS)
def test_neutralise_is_reversible(text: str) -> None:
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_quotes_text_but_not_numbers() -> None:
    data = csv_bytes([["=cmd", -5, Decimal("-1.5"), "-5", None, date(2024, 1, 2), True]])
    (row,) = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert row == ["'=cmd", "-5", "-1.5", "'-5", "", "2024-01-02", "True"]
    assert csv_bytes([["x"]], bom=True).startswith("\ufeff".encode())


def test_xlsx_text_is_never_a_formula_and_numbers_stay_numbers(tmp_path: Path) -> None:
    wb, ws = new_workbook("t")
    xlsx_append(ws, ['=HYPERLINK("http://evil.example","x")', -5, 2.5, date(2024, 1, 2)])
    xlsx_append(ws, ["-chú thích", "bình thường", None])
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(wb))
    assert workbook_bytes(wb) == path.read_bytes()  # deterministic
    sheet = load_workbook(path).active
    assert sheet is not None
    a1, b1, c1, d1 = sheet[1]
    assert (a1.data_type, a1.quotePrefix) == ("s", True)
    assert a1.value == '=HYPERLINK("http://evil.example","x")'  # the text itself, kept
    assert (b1.value, b1.data_type, c1.value) == (-5, "n", 2.5)
    assert d1.is_date
    a2, b2 = sheet[2][:2]
    assert (a2.value, a2.quotePrefix, b2.quotePrefix) == ("-chú thích", True, False)


def test_xlsx_bytes_do_not_depend_on_when_they_were_written() -> None:
    """openpyxl dates the zip members and the "modified" property at saving time: the same
    rows exported a month apart are still the same bytes (a report's digest means its content)."""

    def export() -> bytes:
        wb, ws = new_workbook("t")
        xlsx_append(ws, ["Hồ sơ", 1, date(2024, 1, 2)])
        return workbook_bytes(wb)

    with freeze_time("2026-01-05 08:00:00"):
        first = export()
    with freeze_time("2026-02-06 17:30:13"):
        second = export()
    assert first == second
    assert load_workbook(io.BytesIO(first)).properties.modified == datetime(2000, 1, 1)
