"""The statistics page (``/stats``, docs/statistics.md): for the archivist, the auditor and the
admin only; its SVG charts well-formed and named; the numbers in its tables the core's; the
records a role may not see never named; the same figures as a workbook."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive
from archive.db.engine import unit_of_work
from archive.safexml import parser
from archive.statistics.periods import Period
from archive.statistics.report import Report, build_report
from archive.web import create_app
from tests.support.homes import archive  # noqa: F401  (the home on SQLite and PostgreSQL)
from tests.support.statshome import DOC, USERS, build_stats_home
from tests.web.conftest import login

PERIOD = "from=2026-11-01&to=31/12/2026"
NOV_DEC = Period(date(2026, 11, 1), date(2026, 12, 31))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def home(archive: Archive, tmp_path: Path) -> Archive:  # noqa: F811
    build_stats_home(archive, tmp_path)
    return archive


@pytest.fixture
def clients(home: Archive) -> Iterator[dict[str, TestClient]]:
    app = create_app(home)
    out = {}
    for name, role in USERS.items():
        client = TestClient(app, follow_redirects=False)
        client.__enter__()
        login(client, name)
        out[role] = client
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


def _core(home: Archive, role: str, by: str = "year") -> Report:
    with unit_of_work(home.sessions) as s:
        return build_report(s, home.settings, role, by, NOV_DEC)  # type: ignore[arg-type]


def _svg(text: str) -> etree._Element:
    """The chart parsed as XML (well-formed, or lxml raises)."""
    return etree.fromstring(text.encode(), parser())


def _table(html: str, ident: str) -> dict[str, list[str]]:
    """The rows of table ``ident``: data-key → the numbers (bytes where a size is shown)."""
    body = html.split(f'id="{ident}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for key, row in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', body, re.S):
        cells = re.findall(r'<td class="num"(?: data-bytes="(\d+)")?>([^<]*)</td>', row)
        rows[key] = [b or v for b, v in cells]
    return rows


def test_only_archivist_auditor_and_admin(clients: dict[str, TestClient], home: Archive) -> None:
    for role in ("archivist", "auditor", "admin"):
        page = clients[role].get(f"/stats?{PERIOD}")
        assert page.status_code == 200, page.text
        assert 'href="/stats"' in page.text  # in the navigation
    officer = clients["officer"]
    assert officer.get("/stats").status_code == 403
    assert officer.get("/stats.xlsx").status_code == 403
    assert 'href="/stats"' not in officer.get("/search").text
    anonymous = TestClient(create_app(home), follow_redirects=False)
    assert anonymous.get("/stats").status_code in (303, 401)


def test_charts_are_well_formed_and_the_tables_hold_the_core_figures(
    clients: dict[str, TestClient], home: Archive
) -> None:
    html = clients["archivist"].get(f"/stats?by=retention&{PERIOD}").text
    charts = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(charts) == 3
    for chart in charts:
        root = _svg(chart)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.findtext(f"{SVG}title") and root.findtext(f"{SVG}desc")
    bars = _svg(charts[0]).findall(f"{SVG}rect")
    assert [b.findtext(f"{SVG}title") for b in bars] == ["Vĩnh viễn: 2", "10 năm: 3"]
    core = _core(home, "archivist", "retention")
    holdings = _table(html, "table-holdings")
    assert holdings == {
        **{
            g.key: [str(g.dossiers), str(g.documents), str(g.files), str(g.bytes)]
            for g in core.groups
        },
        "": [
            str(core.total.dossiers),
            str(core.total.documents),
            str(core.total.files),
            str(core.total.bytes),
        ],
    }
    activity = _table(html, "table-activity")
    assert activity == {m: [str(v) for v in values.values()] for m, values in core.activity.items()}
    assert activity["2026-12"][-1] == "2"  # certified copies
    growth = _table(html, "table-growth")
    assert growth["2026-11"][:2] == ["2", "4"]
    assert ">11/2026<" in html  # months as Vietnamese users write them


def test_records_the_role_may_not_see_are_not_named(
    clients: dict[str, TestClient], home: Archive
) -> None:
    auditor = clients["auditor"].get(f"/stats?{PERIOD}").text
    records = _table(auditor, "table-records")
    assert DOC(1) in records
    for hidden in (DOC(2), DOC(3, 1, 2012)):  # Mật; conditional, which the auditor may not see
        assert hidden not in auditor
    restricted = auditor.split('id="restricted"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="num">(\d+)<', restricted) == ["2", "1"]
    archivist = clients["archivist"].get(f"/stats?{PERIOD}").text
    assert DOC(3, 1, 2012) in archivist and DOC(2) not in archivist


def test_workbook_and_bad_input(clients: dict[str, TestClient], home: Archive) -> None:
    answer = clients["auditor"].get(f"/stats.xlsx?by=mode&{PERIOD}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "thong-ke-mode-2026-11-01-2026-12-31.xlsx" in answer.headers["content-disposition"]
    assert answer.content == _core(home, "auditor", "mode").workbook("vi")
    book = load_workbook(io.BytesIO(answer.content))
    assert list(book.worksheets[0].iter_rows(values_only=True))[-1][1:4] == (3, 5, 5)
    bad = clients["admin"].get("/stats?by=colour")
    assert bad.status_code == 400 and "cannot group by" in bad.text
    assert clients["admin"].get("/stats?from=31/02/2026").status_code == 400


def test_search_results_export_holds_what_the_role_may_find(
    clients: dict[str, TestClient], home: Archive
) -> None:
    officer = clients["officer"]
    page = officer.get("/search?per_page=1")
    assert 'href="/search/export.xlsx?per_page=1"' in page.text
    answer = officer.get("/search/export.xlsx?per_page=1")  # every hit, not the page's one
    assert answer.status_code == 200, answer.text
    assert "ket-qua-tim-kiem.xlsx" in answer.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].iter_rows(values_only=True))
    assert {r[0] for r in rows[3:]} == {DOC(1, 1), DOC(1, 2), DOC(2, 2)}  # mode 01 only
    archivist = clients["archivist"].get("/search/export.pdf")
    assert archivist.status_code == 200 and archivist.content.startswith(b"%PDF")
    assert clients["archivist"].head("/search/export.pdf").status_code == 200
    assert officer.get("/search/export.csv").status_code == 404
    with unit_of_work(home.sessions) as s:
        details = list(s.scalars(select(Event.detail).where(Event.event_type == "search export")))
    assert len(details) == 2  # the HEAD delivered nothing: not logged
    assert "3 documents, xlsx, role officer" in details[0]
    assert "4 documents, pdf, role archivist" in details[1]  # the 02 too; never the 03
