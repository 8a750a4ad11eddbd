"""Formula injection (issue 13 item 5): every CSV and XLSX the archive writes, produced by the
real commands from dossiers whose text starts with a formula, holds no formula anywhere.

Exports covered: the disposal list (dossier and document rows, CSV and XLSX), the transfer
registration's Mục lục (CSV and XLSX), the retention schedule (CSV), the statistics and the
search results export (XLSX)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.exports import DANGEROUS_STARTS, restore
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
HOSTILE = {
    "title": HYPERLINK,
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "subject": "+1-2",
}


def _ingest_hostile(home: Path, tmp: Path, n: int, maintenance: str, end_year: int) -> None:
    sip = sips.sip_input(n, maintenance=maintenance)
    fc = f"{sips.ORGAN}.{end_year}.{n:02d}.VP"
    docs = [
        replace(
            d,
            values={
                **d.values,
                "docCode": f"{fc}.{i:07d}",
                "issuedDate": f"0{i}/03/{end_year}",
                "subject": HOSTILE["subject"],
            },
            filename=f"{fc}.{i}.pdf",
        )
        for i, d in enumerate(sip.documents, start=1)
    ]
    sip = replace(
        sips.with_dossier(
            sip,
            fileCode=fc,
            startDate=f"01/01/{end_year}",
            endDate=f"31/12/{end_year}",
            title=HOSTILE["title"],
            description=HOSTILE["description"],
        ),
        documents=docs,
    )
    folder = write_sip(sip, tmp / f"tree-{n}", objid=f"uuid-hostile-{n}", created=sips.CREATED)
    with open_archive(load_settings(home=home)) as archive:
        result = archive.ingest(zip_tree(folder, tmp / f"sip-{n}.zip"), person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()


def _csv_cells(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _assert_csv_safe(path: Path) -> list[str]:
    cells = _csv_cells(path)
    bad = [c for c in cells if c.startswith(DANGEROUS_STARTS)]
    assert not bad, f"{path.name}: cells a spreadsheet would run: {bad}"
    return cells


def _assert_xlsx_safe(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in sheets)
    texts: list[str] = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(DANGEROUS_STARTS):
                        # A text cell: Excel's quote prefix keeps it text even when edited.
                        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    return texts


def test_no_export_holds_a_formula(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    _ingest_hostile(home, tmp_path, 1, "06", 2010)  # expired: on the disposal list
    _ingest_hostile(home, tmp_path, 2, "01", 2012)  # permanent: on the Mục lục
    review = run(home, "disposal", "review", "--agent", "lan", "--json")
    assert review.exit_code == 0, review.stdout
    listing = review.stdout.split('"code": "', 1)[1].split('"', 1)[0]
    produced: dict[str, Path] = {}
    for level in ("dossiers", "documents"):
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"list-{level}.{fmt}"
            args = ("disposal", "export", listing, "--format", fmt, "-o", str(out))
            assert run(home, *args, "--level", level).exit_code == 0
            produced[out.name] = out
    reg = tmp_path / "reg"
    reg.mkdir()
    code = f"{sips.ORGAN}.2012.02.VP"
    registered = run(home, "transfer", "register", "--dossier", code, "--out", str(reg))
    assert registered.exit_code == 0, registered.stdout + registered.stderr
    produced.update({p.name: p for p in reg.glob("muc-luc-*") if p.suffix in (".csv", ".xlsx")})

    schedule = tmp_path / "schedule.csv"
    schedule.write_text(
        "code,group,title,maintenance,years,source,verified,note\n"
        f'1,G,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",01,,s,1,-chú thích\n',
        encoding="utf-8",
    )
    assert run(home, "retention", "schedule", "import", str(schedule)).exit_code == 0
    exported = tmp_path / "schedule-out.csv"
    assert run(home, "retention", "schedule", "export", "-o", str(exported)).exit_code == 0
    produced[exported.name] = exported

    assert {p.suffix for p in produced.values()} == {".csv", ".xlsx"} and len(produced) == 7
    for path in produced.values():
        cells = _assert_csv_safe(path) if path.suffix == ".csv" else _assert_xlsx_safe(path)
        text = "\n".join(restore(c) for c in cells)
        assert HOSTILE["subject"] in text or HYPERLINK in text, path.name  # the data is there
    # Dossier lists and the Mục lục carry the title, the Mục lục also the description, and the
    # archive's own CSV reader gets the exact text back.
    assert "'" + HYPERLINK in _csv_cells(produced["list-dossiers.csv"])
    muc_luc = _csv_cells(next(p for n, p in produced.items() if n.endswith(".csv") and "muc" in n))
    assert "'" + HOSTILE["description"] in muc_luc
    assert HOSTILE["description"] in _assert_xlsx_safe(
        next(p for n, p in produced.items() if n.endswith(".xlsx") and "muc" in n)
    )
    assert run(home, "retention", "schedule", "import", str(exported)).exit_code == 0
    again = tmp_path / "schedule-again.csv"
    assert run(home, "retention", "schedule", "export", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()


def test_statistics_and_search_exports_hold_no_formula(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    _ingest_hostile(home, tmp_path, 1, "06", 2010)
    dossier, document = f"{sips.ORGAN}.2010.01.VP", f"{sips.ORGAN}.2010.01.VP.0000001"
    with open_archive(load_settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
        # A view, so the document's subject is in the most used records.
        append_events(s, [NewEvent("access", "view", objects=[(document, "source")])])
    stats = tmp_path / "stats.xlsx"
    assert run(home, "stats", "--xlsx", str(stats)).exit_code == 0
    assert HOSTILE["subject"] in _assert_xlsx_safe(stats)
    assert run(home, "search", "reindex").exit_code == 0
    found = tmp_path / "found.xlsx"
    assert run(home, "search", "query", "--xlsx", str(found)).exit_code == 0
    texts = _assert_xlsx_safe(found)
    assert HOSTILE["subject"] in texts and any(HYPERLINK in t for t in texts)
    assert dossier in "".join(texts)
