"""``archive due`` on a home made to hold one item of each kind the report knows that needs no
PKI (the signature and evidence kinds are the preservation run's own plans, tested there): a
package awaiting review, an expired dossier, a permanent one due for registration, a decided
destruction not carried out, a list awaiting the council, a use request, a failed OCR job, a
damaged copy, fixity behind the 3-year pace, dossiers past their 3 years since their last
inspection and the inspection failure of the damaged copy, and media near their end. The day
asked is chosen so that each one is due."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import select

from archive.backup.check import check_backups
from archive.backup.run import run_backup
from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import Document, Dossier
from archive.clock import catalog_time, utc_now
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.due import due_report
from archive.holdings import fixity
from archive.inspection.plan import make_plan
from archive.inspection.run import run_plan
from archive.ocr.models import OcrJob
from archive.retention.dates import registration_due
from archive.retention.disposal.execution import execute
from archive.retention.disposal.review import review
from archive.use.service import request_use
from archive.users.service import add_user
from archive.web import create_app
from cli.output import console
from tests.support import sips
from tests.support.cli import run
from tests.support.retention import decided_list, ingest_dossier
from tests.unit.holdings.conftest import content_key, damage_local

LAN, AN = person_agent("lan"), person_agent("an")
MEDIA = {"local": {"media": "HDD RAID 6", "in_service": "2026-03-01", "rated_years": 6}}


def _failed_ocr_and_use_request(archive: Archive, conditional: str) -> None:
    with unit_of_work(archive.sessions) as s:
        add_user(s, "minh", "officer", "mat-khau-minh-2026", LAN)
        doc = s.scalar(select(Document).join(Dossier).where(Dossier.arc_file_code == conditional))
        assert doc is not None
        request_use(s, archive.settings, "minh", doc.doc_code, "Nghiên cứu", LAN)
        s.add(
            OcrJob(
                document_id=doc.id,
                state="failed",
                message="tesseract",
                attempts=3,
                updated_at=catalog_time(),
            )
        )


def _inspected_on_1_june_2027(archive: Archive) -> None:
    """Every dossier inspected on 01/06/2027 (its 3 years run out on 31/05/2030); the damaged
    copy is an inspection failure left open."""
    with unit_of_work(archive.sessions) as s:
        last = max(s.scalars(select(Dossier.ingested_at)))
    year = (datetime.fromisoformat(last) + timedelta(days=3 * 365)).year  # every one pressing
    make_plan(archive, year, LAN)
    with freeze_time(datetime(2027, 6, 1, 3, tzinfo=UTC), tick=True):
        assert len(run_plan(archive, LAN, year=year).failures) == 1


def build_home(tmp: Path) -> tuple[Path, dict[str, str]]:
    """The home of the module docstring; returns it and the codes made."""
    home = tmp / "home"
    with open_archive(load_settings(home=home, store_media=MEDIA), create=True) as archive:
        ingest_dossier(archive, tmp, 1, maintenance="06", end_year=2010)  # on the list below
        destruction = decided_list(archive, tmp)
        ingest_dossier(archive, tmp, 5, maintenance="06", end_year=2010)
        awaiting = review(archive, LAN, today=date(2026, 6, 1)).code  # the council's turn
        expired = ingest_dossier(archive, tmp, 2, maintenance="06", end_year=2012)
        permanent = ingest_dossier(archive, tmp, 3, maintenance="01", end_year=2020)
        conditional = ingest_dossier(archive, tmp, 4, maintenance="01", end_year=2021, mode="02")
        _failed_ocr_and_use_request(archive, conditional)
        with unit_of_work(archive.sessions) as s:
            oid = s.scalar(select(Dossier.object_id).where(Dossier.arc_file_code == permanent))
        original = f"representations/rep1/data/{permanent.split('.', 4)[-1]}.1.pdf"
        damage_local(archive.ocfl, content_key(archive.ocfl, str(oid), original))
        agents = [software_agent()]
        fixity.run(archive.settings, archive.sessions, archive.ocfl, archive.ocfl, agents)
        _inspected_on_1_june_2027(archive)
    with open_archive(load_settings(home=home, ingest_review=True, store_media=MEDIA)) as archive:
        held = archive.ingest(sips.write_zip(tmp / "review", 50), LAN)
        assert held.status == "pending", held.report.as_dict()
    codes = {"destruction": destruction, "awaiting": awaiting}
    return home, {**codes, "expired": expired, "permanent": permanent}


TODAY = date(2031, 1, 1)  # the day after the permanent dossiers' registration fell due
NOW = datetime.combine(TODAY, time(5), UTC)
EXPECTED = {
    "review": ("red", 1),
    "retention": ("amber", 1),
    "transfer": ("red", 2),
    "destruction": ("red", 1),
    "council": ("amber", 1),
    "use_request": ("amber", 1),
    "ocr_failed": ("red", 1),
    "copy_damaged": ("red", 1),
    "fixity": ("red", None),
    "inspection": ("red", 5),
    "inspection_failed": ("red", 1),
    "media": ("amber", 1),
    "backup": ("red", 1),  # a target with no set and no check: each of the three is missed
}


def test_one_of_each_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, codes = build_home(tmp_path)
    backups = {"backup_backend": "local", "backup_root": tmp_path / "backups"}
    with open_archive(load_settings(home=home, store_media=MEDIA, **backups)) as archive:
        items = due_report(archive, TODAY, NOW)
    got = {i.kind: (i.level, i.count) for i in items}
    assert set(got) == set(EXPECTED)
    for kind, (level, count) in EXPECTED.items():
        assert got[kind][0] == level, kind
        assert count is None or got[kind][1] == count, (kind, got[kind])
    by_kind = {i.kind: i for i in items}
    assert by_kind["destruction"].subject == codes["destruction"]
    assert by_kind["destruction"].due == date(2026, 7, 16)  # 15 days after the decision
    assert by_kind["council"].subject == codes["awaiting"]
    assert f"archive disposal conclude {codes['awaiting']}" in by_kind["council"].action
    assert by_kind["transfer"].due == registration_due(2026)
    assert by_kind["media"].due == date(2031, 3, 1)  # a year before the rated end
    assert by_kind["copy_damaged"].subject == "local"
    missed = {i.subject: i.action for i in items if i.kind == "backup"}
    assert missed == {
        "daily": "archive backup run",
        "monthly": "archive backup run --full",
        "quarterly": "archive backup check",
    }
    assert by_kind["inspection"].due == date(2030, 5, 31)  # 3 years after 01/06/2027
    assert [i.level for i in items] == sorted((i.level for i in items), key=lambda v: v != "red")
    # The CLI says the same, in the law's date format, and exits 1 while anything is red.
    result = run(home, "due", "--on", "01/01/2031", "--json", env=_env(home))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["date"] == "01/01/2031"
    assert {i["kind"]: i["level"] for i in out["items"]} == {k: v[0] for k, v in EXPECTED.items()}
    assert next(i for i in out["items"] if i["kind"] == "destruction")["due"] == "16/07/2026"
    monkeypatch.setattr(console, "width", 200)  # one line per item, whatever the terminal
    table = run(home, "due", "--on", "01/01/2031", env=_env(home))
    assert "Quyết định hủy chờ thi hành" in table.stdout
    assert "archive disposal execute" in table.stdout


def test_nothing_due_on_a_new_home_and_a_bad_date(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    quiet = run(home, "due")
    assert quiet.exit_code == 0 and "Không có việc nào đến hạn" in quiet.stdout
    bad = run(home, "due", "--on", "2031-01-01")
    assert bad.exit_code != 0 and "dd/mm/yyyy" in bad.output and "ngày viết" in bad.output
    assert "Traceback" not in bad.output


def _env(home: Path) -> dict[str, str]:
    return {
        "ARCHIVE_STORE_MEDIA": json.dumps(MEDIA),
        "ARCHIVE_BACKUP_BACKEND": "local",
        "ARCHIVE_BACKUP_ROOT": str(home.parent / "backups"),
    }


def test_backups_missed_until_each_is_made(tmp_path: Path) -> None:
    """A backup set every day, a full one within 31 days, a passed check within 92 days (TT
    05/2025 Chương V), read from the target: red, with the command that makes it."""
    settings = load_settings(
        home=tmp_path / "home", backup_backend="local", backup_root=tmp_path / "backups"
    )
    agents = [LAN, software_agent()]
    with open_archive(settings, create=True) as archive:
        ingest_dossier(archive, tmp_path, 1)

        def late(now: datetime) -> dict[str, tuple[str, str]]:
            items = due_report(archive, now.date(), now)
            return {i.subject: (i.level, i.action) for i in items if i.kind == "backup"}

        start = utc_now()
        assert set(late(start)) == {"daily", "monthly", "quarterly"}
        run_backup(archive, agents)
        assert set(late(start)) == {"quarterly"}
        assert check_backups(archive, agents).ok
        assert late(utc_now()) == {}
        assert late(start + timedelta(days=2)) == {"daily": ("red", "archive backup run")}
        assert set(late(start + timedelta(days=32))) == {"daily", "monthly"}
        assert set(late(start + timedelta(days=93))) == {"daily", "monthly", "quarterly"}
        # A target that cannot be read is red too (a file where the folder should be).
        (tmp_path / "backups").rename(tmp_path / "moved")
        (tmp_path / "backups").write_text("")
        assert set(late(utc_now())) == {"daily", "monthly", "quarterly"}


def test_the_page_is_for_archivists_and_admins(tmp_path: Path) -> None:
    home, codes = build_home(tmp_path)
    with open_archive(load_settings(home=home, store_media=MEDIA)) as archive:
        with unit_of_work(archive.sessions) as s:
            add_user(s, "kho", "archivist", "mat-khau-kho-2026", LAN)
        for name, status in (("minh", 403), ("kho", 200)):  # an officer, then an archivist
            with (
                freeze_time(NOW, tick=True),
                TestClient(create_app(archive), follow_redirects=False) as client,
            ):
                page = client.get("/login")
                csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
                assert csrf is not None
                form = {"name": name, "password": f"mat-khau-{name}-2026", "csrf": csrf[1]}
                assert client.post("/login", data=form).status_code == 303
                got = client.get("/due")
                assert got.status_code == status
                assert ('href="/due"' in client.get("/use-requests").text) == (status == 200)
        assert 'data-kind="media"' in got.text and "HDD RAID 6" in got.text  # on 01/01/2031
        assert 'data-kind="destruction"' in got.text and codes["destruction"] in got.text
        assert "Quyết định hủy chờ thi hành" in got.text and "archive disposal execute" in got.text
        assert 'class="due-red"' in got.text


def test_a_recall_of_a_filed_document_is_due_until_decided(tmp_path: Path) -> None:
    """The kind ``edxml_recall``: a recall froze a filed document's dossier; it is red until
    the archivist decides (docs/edxml.md, "Recall of an archived document")."""
    from archive.demo.pdf import render_pdf
    from archive.edxml.intake import import_envelope
    from archive.edxml.recall import decide_recall
    from archive.ingest.filing import assemble
    from tests.support import edxml
    from tests.support.pki import ND30_DOCUMENT
    from tests.support.signed import LATER_THAT_DAY

    home = tmp_path / "home"
    with open_archive(load_settings(home=home, ingest_workers=1), create=True) as archive:
        step = archive.signatures  # pyHanko loaded before the clock is frozen
        with freeze_time(LATER_THAT_DAY, tick=True):
            doc = edxml.Doc(attachments=[("cv.pdf", render_pdf(ND30_DOCUMENT))])
            sent = edxml.write(tmp_path / "a.xml", edxml.envelope(doc))
            code = import_envelope(archive, step, sent, LAN).code
            sheet = edxml.dossier_sheet(tmp_path / "ho-so.csv")
            filed = assemble(archive, archive.ingestor, [code], sheet, LAN)
            assert filed.status == "filed", [f.message_en for f in filed.report.findings]
            recall = edxml.write(tmp_path / "r.xml", edxml.recall_of("000.00.00.G09,2026,15"))
            assert import_envelope(archive, step, recall, LAN).status == "recall pending"
        items = {i.kind: i for i in due_report(archive, TODAY, NOW)}
        assert items["edxml_recall"].level == "red" and items["edxml_recall"].count == 1
        assert code in items["edxml_recall"].subject
        assert "archive tray recall-decide" in items["edxml_recall"].action
    result = run(home, "due", "--on", "01/01/2031", "--json")
    assert result.exit_code == 1
    shown = {i["kind"]: i for i in json.loads(result.stdout)["items"]}
    assert shown["edxml_recall"]["level"] == "red" and code in shown["edxml_recall"]["subject"]
    with open_archive(load_settings(home=home)) as archive:
        decide_recall(archive, code, False, "Văn bản đúng", LAN)
        assert "edxml_recall" not in {i.kind for i in due_report(archive, TODAY, NOW)}


def test_a_destruction_turns_red_the_day_after_its_15_days(tmp_path: Path) -> None:
    """Decided on 01/07/2026, the execution is due by 16/07/2026: amber until then, red from
    17/07; carried out, it leaves the report."""
    with open_archive(load_settings(home=tmp_path / "home"), create=True) as archive:
        ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
        code = decided_list(archive, tmp_path)

        def destruction(day: date) -> list[tuple[str, date | None, str]]:
            now = datetime.combine(day, time(5), UTC)
            items = due_report(archive, day, now)
            return [(i.level, i.due, i.action) for i in items if i.kind == "destruction"]

        action = f"archive disposal execute {code}"
        assert destruction(date(2026, 7, 16)) == [("amber", date(2026, 7, 16), action)]
        assert destruction(date(2026, 7, 17)) == [("red", date(2026, 7, 16), action)]
        execute(archive, code, LAN, today=date(2026, 7, 17))
        assert destruction(date(2026, 7, 17)) == []
