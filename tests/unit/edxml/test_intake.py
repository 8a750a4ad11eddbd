"""Intake: an envelope with two signed PDFs goes into the tray (record object, row, events,
reply 01); hostile and broken envelopes are refused into the quarantine with their findings,
the archive otherwise unchanged."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.edxml.intake import import_envelope
from archive.edxml.models import TrayDocument
from archive.edxml.tray import TrayFilter, list_tray, show_tray
from tests.support import edxml
from tests.support.pki import TestPki
from tests.support.signed import LATER_THAT_DAY, open_home, read, stored_paths


@pytest.fixture
def archive(tmp_path: Path, pki: TestPki) -> Iterator[Archive]:
    home = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        yield home
    finally:
        home.close()


def _events(archive: Archive, kind: str) -> list[Event]:
    with unit_of_work(archive.sessions) as session:
        rows = session.scalars(select(Event).where(Event.event_type == kind)).all()
        session.expunge_all()
        return list(rows)


def test_two_signed_pdfs_go_into_the_tray(
    archive: Archive, tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    data = edxml.envelope(
        edxml.Doc(attachments=[("cv-15.pdf", signed_pdfs[0]), ("phu-luc.pdf", signed_pdfs[1])]), pki
    )
    result = edxml.import_file(archive, tmp_path, data)
    assert result.status == "accepted", result.as_dict()
    assert [f.code for f in result.findings] == ["EDX016"]

    assert read(archive, result.object_id, "envelope.xml") == data
    paths = stored_paths(archive, result.object_id)
    assert "attachments/001-cv-15.pdf" in paths and "attachments/002-phu-luc.pdf" in paths
    assert read(archive, result.object_id, "attachments/002-phu-luc.pdf") == signed_pdfs[1]
    assert any(p.startswith("signatures/") for p in paths)
    trace = json.loads(read(archive, result.object_id, "process/trace.json"))
    assert [t["OrganId"] for t in trace] == ["000.00.00.G09", "000.00.00.H00"]

    shown = show_tray(archive, result.code)
    assert shown["state"] == "received" and shown["signed"] == "valid"
    assert shown["metadata"] == {
        "docId": "000.00.00.G09,2026,15",
        "typeName": "22",
        "codeNumber": "15",
        "codeNotation": "BNV-VP",
        "issuedDate": "18/11/2026",
        "organName": "Bộ Nội vụ",
        "subject": "V/v nộp lưu hồ sơ điện tử năm 2026",
        "numberOfPage": "2",
        "signerPosition": "TL. Bộ trưởng Chánh Văn phòng",
        "signerFullName": "Nguyễn Văn An",
        "priority": "1",
        "issuedAmount": "3",
        "dueDate": "30/11/2026",
        "toPlaces": "Văn phòng",
        "recipients": "Sở Nội vụ",
        "description": "Nơi gửi / sender: 000.00.00.G09",
        "process": "1",
        "language": "01",
        "confidenceLevel": "01",
    }
    for item in shown["attachments"]:
        assert item["signatures"]["bottom_line"] == "TOTAL_PASSED"
    assert shown["trace"] == trace
    tray = json.loads(read(archive, result.object_id, "tray.json"))
    assert tray["code"] == result.code and tray["ead_doc"] == shown["metadata"]

    assert len(_events(archive, "edxml received")) == 1
    assert len(_events(archive, "edxml status sent")) == 1
    reply = edxml.read_reply(Path(result.reply), tmp_path)
    assert reply["StatusCode"] == "01"
    assert reply["ResponseFor"] == {  # type: ignore[comparison-overlap]
        "OrganId": "000.00.00.G09",
        "Code": {"CodeNumber": "15", "CodeNotation": "BNV-VP"},
        "PromulgationDate": "18/11/2026",
        "DocumentId": "000.00.00.G09,2026,15",
    }
    assert archive.verify_audit().ok


def test_unsigned_envelope_is_accepted_with_a_warning(
    archive: Archive, tmp_path: Path, signed_pdfs: tuple[bytes, bytes]
) -> None:
    data = edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])], prefixed=False))
    result = edxml.import_file(archive, tmp_path, data)
    assert result.status == "accepted"
    assert [(f.code, f.severity) for f in result.findings] == [("EDX017", "warning")]
    assert show_tray(archive, result.code)["signed"] == "unsigned"


def _store_and_tray(archive: Archive) -> tuple[list[str], int]:
    with unit_of_work(archive.sessions) as session:
        count = session.scalar(select(func.count()).select_from(TrayDocument)) or 0
    return sorted(archive.ocfl.iter_object_ids()), count


def _hostile(signed: bytes) -> dict[str, tuple[bytes, str]]:
    ok = edxml.Doc(attachments=[("cv.pdf", signed)])
    base = edxml.envelope(ok)
    head, _, rest = base.partition(b"?>")
    xxe = head + b'?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest
    laughs = head + b'?><!DOCTYPE e [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + rest
    return {
        "xxe": (xxe, "XML002"),
        "laughs": (laughs, "XML002"),
        "unmatched": (
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed)], attachment_ids=["cid:zz"])),
            "EDX005",
        ),
        "duplicate": (
            edxml.envelope(
                edxml.Doc(
                    attachments=[("a.pdf", signed), ("b.pdf", signed)],
                    attachment_ids=["cid:q", "cid:q"],
                    manifest_ids=["cid:q", "cid:q"],
                )
            ),
            "EDX007",
        ),
        "wrong-id": (
            edxml.envelope(
                edxml.Doc(attachments=[("cv.pdf", signed)], document_id="000.00.00.G09,2026,99")
            ),
            "EDX010",
        ),
    }


@pytest.mark.parametrize("kind", ["xxe", "laughs", "unmatched", "duplicate", "wrong-id"])
def test_hostile_envelopes_are_quarantined_and_change_nothing_else(
    archive: Archive, tmp_path: Path, signed_pdfs: tuple[bytes, bytes], kind: str
) -> None:
    data, code = _hostile(signed_pdfs[0])[kind]
    before = _store_and_tray(archive)
    result = edxml.import_file(archive, tmp_path, data, f"{kind}.xml")
    assert result.status == "refused"
    assert code in [f.code for f in result.findings if f.severity == "error"]
    assert _store_and_tray(archive) == before
    folder = Path(result.quarantine)
    assert (folder / f"{kind}.xml").read_bytes() == data
    report = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert code in [f["code"] for f in report["findings"]]
    assert report["sha256"] == hashlib.sha256(data).hexdigest()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "findings.json").stat().st_mode) == 0o600
    refused = _events(archive, "edxml refused")
    assert len(refused) == 1 and code in refused[0].detail
    if kind in ("xxe", "laughs"):
        assert result.reply == ""  # nothing read, nobody to answer
    else:
        reply = edxml.read_reply(Path(result.reply), tmp_path)
        assert reply["StatusCode"] == "02" and code in str(reply["Description"])
    assert archive.verify_audit().ok


def test_a_one_gigabyte_claim_keeps_only_its_head(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as fh:
        fh.write(edxml.envelope(edxml.Doc())[:300])
        fh.seek(1024**3)
        fh.write(b"</edXML:edXML>")
    step = archive.signatures  # pyHanko loaded before the clock is frozen
    with freeze_time(LATER_THAT_DAY, tick=True):
        result = import_envelope(archive, step, path, person_agent("lan"))
    assert result.status == "refused" and [f.code for f in result.findings] == ["EDX002"]
    kept = Path(result.quarantine) / "huge.xml"
    assert kept.stat().st_size == 1024 * 1024
    assert _store_and_tray(archive) == ([], 0)


def test_a_tampered_signature_is_refused(
    archive: Archive, tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    data = edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])]), pki)
    tampered = data.replace("V/v nộp lưu".encode(), "V/v hủy lưu".encode())
    result = edxml.import_file(archive, tmp_path, tampered)
    assert result.status == "refused"
    assert [f.code for f in result.findings if f.severity == "error"] == ["EDX011"]


def test_a_signature_from_an_untrusted_root_is_refused(
    archive: Archive, tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    data = edxml.envelope(
        edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])]), pki, signer="rogue-signer"
    )
    result = edxml.import_file(archive, tmp_path, data)
    assert [f.code for f in result.findings if f.severity == "error"] == ["EDX011"]


def test_the_same_document_twice_is_refused(
    archive: Archive, tmp_path: Path, signed_pdfs: tuple[bytes, bytes]
) -> None:
    first = edxml.import_file(
        archive, tmp_path, edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])]))
    )
    again = edxml.import_file(
        archive,
        tmp_path,
        edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[1])], prefixed=False)),
        "again.xml",
    )
    assert first.status == "accepted" and again.status == "refused"
    assert [f.code for f in again.findings if f.severity == "error"] == ["EDX012"]
    assert first.code in again.findings[-1].message_en


def test_an_unsigned_pdf_attachment_follows_the_gate_policy(
    archive: Archive, tmp_path: Path, signed_pdfs: tuple[bytes, bytes]
) -> None:
    plain = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    result = edxml.import_file(
        archive, tmp_path, edxml.envelope(edxml.Doc(attachments=[("cv.pdf", plain)]))
    )
    sig_codes = [f.code for f in result.findings if f.code.startswith("SIG")]
    assert sig_codes  # the signature step's own findings, as at ingest


def test_tray_filters(archive: Archive, tmp_path: Path, signed_pdfs: tuple[bytes, bytes]) -> None:
    from datetime import date

    one = edxml.Doc(attachments=[("a.pdf", signed_pdfs[0])])
    two = edxml.Doc(
        attachments=[("b.pdf", signed_pdfs[1])],
        number="7",
        notation="QĐ-UBND",
        type_name="Quyết định",
        sender="000.00.12.H23",
        sender_name="Ủy ban nhân dân tỉnh",
        date="02/11/2026",
    )
    edxml.import_file(archive, tmp_path, edxml.envelope(one), "one.xml")
    edxml.import_file(archive, tmp_path, edxml.envelope(two), "two.xml")
    codes = lambda **kw: [r["code_number"] for r in list_tray(archive, TrayFilter(**kw))]  # noqa: E731
    assert codes() == ["15", "7"]
    assert codes(sender="000.00.12.H23") == ["7"]
    assert codes(sender="nội vụ") == ["15"]
    assert codes(since=date(2026, 11, 10)) == ["15"]
    assert codes(until=date(2026, 11, 10)) == ["7"]
    assert codes(type_name="quyết định") == ["7"]
    assert codes(state="filed") == []
