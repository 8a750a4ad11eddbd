"""The restore drill (issue #22, ADR 0019): an archive that went through every procedure
available today loses its catalog; ``archive rebuild`` gives back every table row for row up
to the last seal, except the catalog-only ones, and the audit log verifies with the sealed
head. Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from archive import preserve
from archive.audit.seal import Seal, seal
from archive.audit.stored import verify_stored
from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import Document, Dossier
from archive.config import Settings
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.demo.pdf import render_pdf
from archive.ingest.review import accept_package, return_package
from archive.metadata.changes import Decision
from archive.metadata.service import set_metadata
from archive.rebuild import rebuild
from archive.rebuild.check import check
from archive.rebuild.compare import Comparison, compare
from archive.retention.disposal.council import add_council_member, record_opinion
from archive.retention.disposal.review import review
from archive.retention.holds import place_hold, release_hold
from archive.retention.models import Hold
from archive.schema import metadata
from archive.transfer.registration import register
from archive.use.service import approve, request_use
from archive.users.service import add_user
from archive.web import create_app
from tests.support import sips
from tests.support.pki import ND30_DOCUMENT, TestPki, sign_test_pdf
from tests.support.retention import add_accounts, ingest_dossier
from tests.support.signed import LATER_THAT_DAY, ingest, open_home, package
from tests.web.conftest import csrf_of

LAN = person_agent("lan")
BEFORE_REVOCATION = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)  # signer-revoked: 2026-10-01
COUNTED = {  # table → rows the live catalog holds after the procedures
    "holds": 2,
    "use_requests": 1,
    "transfers": 1,
    "disposal_lists": 1,
    "disposal_items": 1,
    "disposal_opinions": 1,
    "council_members": 2,
    "pending_packages": 3,
    "receipts": 2,
}


@dataclass(frozen=True)
class Codes:
    expired: str
    public: str
    conditional: str


def _first_doc(archive: Archive, arc: str) -> str:
    with archive.sessions() as s:
        doc = s.scalar(
            select(Document.doc_code)
            .join(Dossier)
            .where(Dossier.arc_file_code == arc)
            .order_by(Document.doc_ordinal)
        )
    assert doc is not None
    return doc


def _ingest(archive: Archive, pki: TestPki, tmp: Path) -> Codes:
    """A signed dossier whose signer is revoked later, and plain dossiers for the procedures."""
    with freeze_time(BEFORE_REVOCATION, tick=True):
        revoked = sign_test_pdf(pki, render_pdf(ND30_DOCUMENT), "B-B", "signer-revoked")
    ingest(archive, package(tmp, 5, revoked), BEFORE_REVOCATION + timedelta(hours=1))
    with freeze_time(LATER_THAT_DAY, tick=True):
        return Codes(
            ingest_dossier(archive, tmp, 1, maintenance="06", end_year=2010),
            ingest_dossier(archive, tmp, 2, maintenance="01", docs=1),
            ingest_dossier(archive, tmp, 3, maintenance="01", doc_mode="02", docs=1),
        )


def _review(archive: Archive, tmp: Path) -> None:
    """Packages held for review: one accepted, one returned, one still waiting."""
    plain = archive.settings
    archive.settings = plain.model_copy(update={"ingest_review": True})
    try:
        codes = []
        for n in (7, 8, 9):
            result = archive.ingest(sips.write_zip(tmp / f"r{n}", n), LAN)
            assert result.status == "pending" and result.pending_code
            codes.append(result.pending_code)
        assert accept_package(archive, archive.ingestor, codes[0], person_agent("hoa")).ok
        return_package(archive, codes[1], "Thiếu văn bản", person_agent("hoa"))
    finally:
        archive.settings = plain


def _web(archive: Archive, code: str) -> None:
    """A view and a download through the web page."""
    with TestClient(create_app(archive), follow_redirects=False) as client:
        token = csrf_of(client.get("/login").text)
        data = {"name": "minh", "password": "mat-khau-minh-2026", "csrf": token, "next": "/"}
        assert client.post("/login", data=data).status_code == 303
        assert client.get(f"/documents/{code}").status_code == 200
        assert client.get(f"/documents/{code}/original").status_code == 200


def _procedures(archive: Archive, pki: TestPki, tmp: Path) -> None:
    """Every procedure whose state the catalog keeps, as an archive goes through them."""
    codes = _ingest(archive, pki, tmp)
    with freeze_time(LATER_THAT_DAY + timedelta(hours=2), tick=True):
        add_accounts(archive.sessions, "hoa", "an", "minh")
        with unit_of_work(archive.sessions) as s:
            add_user(s, "thu", "archivist", "mat-khau-thu-2026", person_agent("admin"))
        report = preserve.run(archive, agent=LAN)  # the revoked signer: a loud revalidation
        assert [r.done for r in report.results if r.item.action == "revalidate"] == ["revalidated"]
        _review(archive, tmp)
        first = place_hold(archive, codes.public, "Thanh tra", LAN)
        release_hold(archive, first.id, "Xong thanh tra", LAN)
        place_hold(archive, codes.conditional, "Khiếu nại", LAN)
        (tmp / "out").mkdir()
        register(archive, [codes.public], LAN, tmp / "out", contact="Lan")
        wanted = _first_doc(archive, codes.conditional)
        with unit_of_work(archive.sessions) as s:
            row = request_use(s, archive.settings, "minh", wanted, "Nghiên cứu", LAN)
            approve(s, archive.settings, row.id, "thu", person_agent("thu"), days=30)
        set_metadata(
            archive,
            codes.public,
            {"keyword": "đất đai"},
            reason="Bổ sung từ khóa",
            decision=Decision("12/QĐ-UBND", "01/11/2026"),
            agent=LAN,
        )
        _web(archive, _first_doc(archive, codes.public))
        add_council_member(archive, "hoa", "council", person_agent("admin"))
        add_council_member(archive, "an", "head", person_agent("admin"))
        listed = review(archive, LAN, today=date(2026, 6, 1))
        assert [i["arcFileCode"] for i in listed.items] == [codes.expired]
        record_opinion(archive, listed.code, person_agent("hoa"), "agree", "Đồng ý")


def _counted(session: Session) -> dict[str, int]:
    return {
        name: int(session.scalar(text(f"SELECT count(*) FROM {name}")) or 0) for name in COUNTED
    }


def _assert_same(comparison: Comparison) -> None:
    assert comparison.differences == [], [d.as_dict() for d in comparison.differences[:20]]
    for name, count in COUNTED.items():
        assert comparison.rows[name] == count, name
    assert comparison.rows["file_validations"] >= 4 and comparison.rows["events"] > 50


@contextmanager
def _dropped(
    settings: Settings, tmp: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Settings, sessionmaker[Session]]]:
    """The catalog dropped: the settings of a new, empty one, and the old one kept aside only
    to compare with (SQLite: the file moved away; PostgreSQL: a second database)."""
    url = settings.resolved_database_url
    fresh = settings
    if url.startswith("sqlite:///"):
        aside = tmp / "dropped.sqlite3"
        Path(url.removeprefix("sqlite:///")).rename(aside)
        url = f"sqlite:///{aside}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        name = f"test_{uuid.uuid4().hex[:16]}"
        fresh = settings.model_copy(update={"database_url": cluster.create_database(name)})
    engine = make_engine(url)
    try:
        yield fresh, make_session_factory(engine)
    finally:
        engine.dispose()
        if fresh is not settings:
            cluster.drop_database(name)


def test_a_dropped_catalog_comes_back_row_for_row(
    pki: TestPki, tmp_path: Path, catalog_url: str, request: pytest.FixtureRequest
) -> None:
    home = tmp_path / "home"
    with open_home(home, pki, revalidate_after_days=30, database_url=catalog_url) as archive:
        _procedures(archive, pki, tmp_path)
        done: Seal | None = seal(archive, [software_agent()])
        assert done is not None
        with archive.sessions() as s:
            assert _counted(s) == COUNTED
        # the operators' drill, on the live archive: rebuilt aside, nothing changed
        _report, comparison = check(archive, metadata, [software_agent()])
        _assert_same(comparison)
        settings = archive.settings
    with (
        _dropped(settings, tmp_path, request) as (empty, live),
        open_archive(empty, create=True) as fresh,
        live() as old,
    ):
        report = rebuild(empty, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        assert report.problems == [] and report.revalidations == 1
        assert report.rows_from_events["holds"] == 3  # placed, released, placed
        with fresh.sessions() as rebuilt:
            _assert_same(compare(old, rebuilt, metadata, done.last_seq))
            stored = verify_stored(fresh.ocfl, rebuilt)
        assert fresh.verify_audit().ok
        assert stored.ok and stored.catalog_agrees is True
        assert (stored.head_seq, stored.head_hash) == (done.last_seq, done.entry_hash)
        # a difference is named by table, key and column
        with unit_of_work(fresh.sessions) as s:
            s.execute(update(Hold).where(Hold.reason == "Khiếu nại").values(reason="Sửa"))
        with fresh.sessions() as rebuilt:
            (diff,) = compare(old, rebuilt, metadata, done.last_seq).differences
        assert (diff.table, diff.column, diff.live, diff.rebuilt) == (
            "holds",
            "reason",
            "Khiếu nại",
            "Sửa",
        )
        # the next hold gets a new id, on PostgreSQL too (its sequence moved past the restored)
        assert place_hold(fresh, _first_doc_dossier(fresh), "Mới", LAN).id == 3


def _first_doc_dossier(archive: Archive) -> str:
    with archive.sessions() as s:
        code = s.scalar(select(Dossier.arc_file_code).order_by(Dossier.arc_file_code))
    assert code is not None
    return code
