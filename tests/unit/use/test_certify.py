"""Certified copies as an E-ARK DIP (TT 05/2025 Đ41–42; docs/use.md, ADR 0017), checked with
outside tools only: ``sha256sum`` on the original, pyHanko's command line on the authentication
page (and on the page with one byte changed), the METS/PREMIS/TT05 XSDs, eark-validator on the
zip. Refusals leave nothing in the folder and no event."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Document
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from archive.faults import InjectedFault
from archive.safexml import parser
from archive.use.certify import EVENT_TYPE, certify
from archive.use.service import approve, request_use
from archive.users.service import add_user
from tests.support import certify as support
from tests.support import eark, signed
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf

LAN = person_agent("lan")
AT = signed.LATER_THAT_DAY
PREMIS_NS = {"p": "http://www.loc.gov/premis/v3"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def nd30(pki: TestPki) -> bytes:
    with freeze_time(SIGNING_TIME, tick=True):  # the signer certificates end in 2027
        return sign_nd30_pdf(pki, "B-LT")


@pytest.fixture
def home(pki: TestPki, tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    """A home on SQLite or PostgreSQL, with an archivist, an officer and an auditor."""
    settings = {"secret_records": "isolated", "database_url": catalog_url}
    with support.home(tmp_path / "home", pki, **settings) as archive:
        with unit_of_work(archive.sessions) as s:
            add_user(s, "lan", "archivist", "mat-khau-lan-12", LAN)
            add_user(s, "minh", "officer", "mat-khau-minh-12", LAN)
            add_user(s, "hoa", "auditor", "mat-khau-hoa-123", LAN)
        yield archive


def _ingest(archive: Archive, tmp: Path, n: int, data: bytes, mode: str = "01") -> str:
    pkg = signed.package(tmp, n, data)
    result = signed.ingest(archive, pkg)
    code = signed.doc_code(n)
    if mode != "01":
        with unit_of_work(archive.sessions) as s:
            doc = s.scalars(select(Document).where(Document.doc_code.like(f"%{code}"))).one()
            doc.mode = mode
    assert result.arc_file_code is not None
    return _full_code(archive, code)


def _full_code(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        return str(
            s.scalars(select(Document.doc_code).where(Document.doc_code.like(f"%{code}"))).one()
        )


def _events(archive: Archive) -> int:
    with unit_of_work(archive.sessions) as s:
        return int(s.scalar(select(func.count()).where(Event.event_type == EVENT_TYPE)) or 0)


def _catalog_sha256(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        doc = s.scalars(select(Document).where(Document.doc_code == code)).one()
        return next(f.sha256 for f in doc.files if f.role == "original")


def test_certified_copy_verifies_offline_with_standard_tools(
    home: Archive, pki: TestPki, nd30: bytes, tmp_path: Path
) -> None:
    code = _ingest(home, tmp_path, 1, nd30)
    out = tmp_path / "out"
    out.mkdir()
    with freeze_time(AT, tick=True):
        copy = certify(home, code, "Giải quyết khiếu nại", out, LAN, user="lan")
        assert [p.name for p in out.iterdir()] == [copy.path.name]
        pkg = support.extract(copy.path, tmp_path / "dip")

        # The original, bit for bit: coreutils' sha256sum agrees with the catalog.
        (original,) = (pkg / "representations/rep1/data").iterdir()
        assert support.sha256sum(original) == _catalog_sha256(home, code) == copy.original_sha256
        assert original.read_bytes() == nd30

        # The authentication page: PDF/A-2B claimed, its text, and pyHanko's CLI says the
        # archive's signature is intact, valid, trusted and timestamped.
        (page,) = (pkg / "documentation").iterdir()
        assert support.pdfa_problems(page) == []
        words = PdfReader(page).pages[0].extract_text()
        for expected in (
            "BẢN SAO", code, copy.original_sha256, "Hợp lệ / Valid", "Giải quyết khiếu nại",
            "20/11/2026", home.settings.agency_name,
        ):  # fmt: skip
            assert expected in words, expected
        done = support.pyhanko_validate(AT, page, pki.root_pem_path)
        # FIELD:DIGEST:INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,…; exit 0 only if valid
        assert done.returncode == 0, done.stdout + done.stderr
        (line,) = done.stdout.split()
        field, _, status = line.split(":", 2)
        assert field == "BanSaoCoXacThuc"
        assert status.startswith("INTACT:TRUSTED,"), status
        assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in status, status
        # The AdES check from what the page's DSS holds agrees.
        ades = support.pyhanko_validate(AT, page, pki.root_pem_path, "adesverify")
        assert ades.returncode == 0 and ":INTACT:TRUSTED," in ades.stdout, ades.stdout

        # One byte changed: pyHanko's CLI refuses it.
        data = bytearray(page.read_bytes())
        data[len(data) // 3] ^= 0x01
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(bytes(data))
        bad = support.pyhanko_validate(AT, broken, pki.root_pem_path)
        assert bad.returncode != 0
        assert "INTACT:TRUSTED" not in bad.stdout

    # METS, PREMIS and EAD_doc against their XSDs; every checksum right.
    assert support.xsd_problems(pkg) == []
    premis = etree.parse(str(pkg / "metadata/preservation/PREMIS.xml"), parser())
    digests = [e.text for e in premis.iterfind(".//p:messageDigest", PREMIS_NS)]
    assert copy.original_sha256 in digests
    assert [e.text for e in premis.iterfind(".//p:eventType", PREMIS_NS)] == [EVENT_TYPE]
    request = etree.parse(str(pkg / "metadata/descriptive/EAD.xml"), parser())
    assert request.findtext("purposeContent") == "Giải quyết khiếu nại"
    assert request.findtext("docCode") == code

    # The outside E-ARK oracle: eark-validator (CSIP and DIP 2.0.4) finds no error at all.
    (report,) = eark.validate(copy.path)
    assert eark.errors(report) == {"structure": [], "schema": [], "schematron": []}

    # The register: one event with code, purpose, user and the DIP's SHA-256.
    with unit_of_work(home.sessions) as s:
        (event,) = s.scalars(select(Event).where(Event.event_type == EVENT_TYPE)).all()
        for part in (code, "Giải quyết khiếu nại", "lan", copy.sha256):
            assert part in event.detail
    assert support.sha256sum(copy.path) == copy.sha256


def _refused(
    archive: Archive,
    out: Path,
    error: type[Exception],
    match: str,
    code: str,
    purpose: str = "Nghiên cứu",
    at: datetime = AT,
    **who: str,
) -> None:
    """``certify`` refuses with a bilingual message, and leaves nothing anywhere."""
    before = _events(archive)
    with freeze_time(at, tick=True), pytest.raises(error, match=match) as info:
        certify(archive, code, purpose, out, LAN, **who)
    message = str(info.value)
    assert " / " in message  # Vietnamese, then English
    assert list(out.iterdir()) == []
    assert _events(archive) == before
    assert list(archive.settings.staging_dir.glob("certify-*")) == []


def test_refusals_leave_nothing(home: Archive, nd30: bytes, tmp_path: Path) -> None:
    public = _ingest(home, tmp_path, 1, nd30)
    secret = _ingest(home, tmp_path, 2, nd30, mode="03")
    out = tmp_path / "out"
    out.mkdir()
    _refused(home, out, NotFound, "no document with docCode", code="000.00.00.H99.1.2026.99")
    _refused(home, out, NotFound, "no document with docCode", code=secret)
    _refused(home, out, Conflict, "certify_roles", code=public, user="minh")
    _refused(home, out, InvalidInput, "purpose", code=public, purpose="  ")
    _refused(home, out, InvalidInput, "purpose", code=public, purpose="x" * 501)
    _refused(home, out, InvalidInput, "whom the copy is for", code=public, recipient="x" * 101)
    with pytest.raises(InvalidInput, match="not an existing folder"):
        certify(home, public, "Nghiên cứu", tmp_path / "missing", LAN)
    assert not (tmp_path / "missing").exists()
    # Mật (03) stays out even for a role that may see it.
    _refused(home, out, NotFound, "no document with docCode", code=secret, user="lan")


def test_conditional_needs_a_live_grant(home: Archive, nd30: bytes, tmp_path: Path) -> None:
    code = _ingest(home, tmp_path, 1, nd30, mode="02")
    out = tmp_path / "out"
    out.mkdir()
    _refused(home, out, Conflict, "approved use", code, user="lan", recipient="minh")
    with freeze_time(AT, tick=True):
        with unit_of_work(home.sessions) as s:
            row = request_use(s, home.settings, "minh", code, "Nghiên cứu", LAN)
            approve(s, home.settings, row.id, "lan", LAN, days=2)
        copy = certify(home, code, "Nghiên cứu", out, LAN, user="lan", recipient="minh")
    assert copy.recipient == "minh" and copy.path.is_file()
    copy.path.unlink()
    later = AT + timedelta(days=3)  # the grant has ended
    _refused(home, out, Conflict, "approved use", code, at=later, user="lan", recipient="minh")


def test_no_signing_key_names_the_setting(pki: TestPki, nd30: bytes, tmp_path: Path) -> None:
    with signed.open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url()) as archive:
        code = _ingest(archive, tmp_path, 1, nd30)
        out = tmp_path / "out"
        out.mkdir()
        _refused(archive, out, ConfigurationError, "archive_signing_key", code=code)


def test_zip_holds_exactly_the_listed_files(home: Archive, nd30: bytes, tmp_path: Path) -> None:
    code = _ingest(home, tmp_path, 1, nd30)
    out = tmp_path / "out"
    out.mkdir()
    with freeze_time(AT, tick=True):
        copy = certify(home, code, "Công vụ", out, LAN)
    with zipfile.ZipFile(copy.path) as zf:
        names = sorted(n.split("/", 1)[1] for n in zf.namelist())
    assert names == sorted(
        [
            "METS.xml",
            "metadata/descriptive/EAD.xml",
            "metadata/preservation/PREMIS.xml",
            f"documentation/XacThuc_{code}.pdf",
            "representations/rep1/METS.xml",
            "representations/rep1/data/"
            + next(n for n in names if n.startswith("representations/rep1/data/")).rsplit("/", 1)[
                1
            ],
            *[n for n in names if n.startswith("representations/rep1/metadata/")],
            "schemas/EAD_doc.xsd",
            "schemas/archive-ext.xsd",
            "schemas/mets.xsd",
            "schemas/premis.xsd",
            "schemas/xlink.xsd",
        ]
    )
    assert copy.path.stat().st_mode & 0o007 == 0  # not readable by others


@pytest.mark.parametrize("point", ["certify.signed", "certify.zipped"])
def test_a_crash_before_the_rename_leaves_nothing(
    home: Archive, nd30: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    code = _ingest(home, tmp_path, 1, nd30)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("ARCHIVE_FAULT", f"{point}:raise")
    with freeze_time(AT, tick=True), pytest.raises(InjectedFault):
        certify(home, code, "Công vụ", out, LAN)
    assert list(out.iterdir()) == []
    assert _events(home) == 0
    assert list(home.settings.staging_dir.glob("certify-*")) == []


def test_a_crash_after_the_rename_leaves_a_whole_zip_and_no_event(
    home: Archive, nd30: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one window ADR 0017 names: the zip is whole (it verifies), the register lacks it."""
    code = _ingest(home, tmp_path, 1, nd30)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("ARCHIVE_FAULT", "certify.published:raise")
    with freeze_time(AT, tick=True), pytest.raises(InjectedFault):
        certify(home, code, "Công vụ", out, LAN)
    (zip_path,) = out.iterdir()
    with zipfile.ZipFile(zip_path) as zf:
        assert zf.testzip() is None
    assert _events(home) == 0
