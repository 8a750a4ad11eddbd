"""Receipts of the review (archive/review/receipts.py): biên bản giao nhận and phiếu trả lại,
PDF/A and JSON, kept as record objects and shown by ``archive review show``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.holdings.consistency import verify_store
from archive.ingest.review import accept_package, return_package, show_pending
from archive.packages.formatid import identify_files
from archive.packages.pdfa import read_claim
from archive.review.receipts import count_result
from tests.support import sips
from tests.support.cli import run


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url, ingest_review=True)
    with open_archive(settings, create=True) as opened:
        yield opened


def held(archive: Archive, tmp: Path, n: int) -> str:
    result = archive.ingest(sips.write_zip(tmp, n), person_agent("lan"))
    assert result.pending_code is not None
    return result.pending_code


def _stored(archive: Archive, object_id: str, name: str) -> bytes:
    with archive.ocfl.open_logical(object_id, name) as fh:
        return fh.read()


def test_the_count_result() -> None:
    assert count_result(3, 3) == "đủ"
    assert count_result(5, 3) == "chưa đủ, thiếu 2"
    assert count_result(None, 2) == "đủ"


def test_an_accepted_package_gets_a_bien_ban(archive: Archive, tmp_path: Path) -> None:
    code = held(archive, tmp_path, 1)
    manifest = show_pending(archive, code)["manifest"]
    result = accept_package(archive, archive.ingestor, code, person_agent("hoa"))
    receipt = show_pending(archive, code)["receipt"]
    content = receipt["content"]
    assert receipt["object_id"] == f"urn:archive:receipt:{code}" and receipt["kind"] == "accepted"
    assert content["title"] == "BIÊN BẢN GIAO NHẬN TÀI LIỆU LƯU TRỮ SỐ"
    assert content["counts"] == {
        "registered": 2,
        "received": 2,
        "files": len(manifest),
        "result": "đủ",
    }
    assert content["total_size"] == sum(e["size"] for e in manifest.values())
    assert {c["path"]: c["sha256"] for c in content["checksums"]} == {
        rel: e["sha256"] for rel, e in manifest.items()
    }
    assert content["agency"] == "Ủy ban nhân dân tỉnh Hòa Bình"
    assert content["request_code"] == "uuid-00000000-0000-4000-8000-000000000001"  # SIP OBJID
    assert content["decision"]["label"] == "Đồng ý tiếp nhận" and content["decision"]["by"] == "hoa"
    assert content["object_id"] == result.object_id
    pdf = _stored(archive, receipt["object_id"], "receipt.pdf")
    raw = _stored(archive, receipt["object_id"], "receipt.json")
    assert receipt["files"]["receipt.pdf"] == hashlib.sha256(pdf).hexdigest()
    assert json.loads(raw) == content
    out = tmp_path / "receipt.pdf"
    out.write_bytes(pdf)
    assert identify_files({"receipt.pdf": out})["receipt.pdf"].puid == "fmt/477"  # PDF/A-2b
    claim = read_claim(out, "fmt/477")
    assert claim is not None and claim.summary() == "PDF/A-2B; consistent"
    assert verify_store(archive.sessions, archive.ocfl).orphans == []


def test_a_returned_package_gets_a_phieu_tra_lai(archive: Archive, tmp_path: Path) -> None:
    code = held(archive, tmp_path, 2)
    return_package(archive, code, "Thiếu chữ ký cơ quan", person_agent("hoa"))
    receipt = show_pending(archive, code)["receipt"]
    content = receipt["content"]
    assert (receipt["kind"], content["title"]) == ("returned", "PHIẾU TRẢ LẠI GÓI TIN")
    assert content["decision"]["reason"] == "Thiếu chữ ký cơ quan"
    assert content["decision"]["label"] == "Trả lại" and content["object_id"] is None
    assert content["counts"]["result"] == "đủ"
    assert list(archive.ocfl.iter_object_ids()) == [receipt["object_id"]]
    assert archive.verify_audit().ok


def test_review_show_prints_the_receipt(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"ARCHIVE_INGEST_REVIEW": "true"}
    assert run(home, "init").exit_code == 0
    with open_archive(load_settings(home=home, ingest_review=True)) as archive:
        code = held(archive, tmp_path, 3)
    assert run(home, "review", "return", code, "--reason", "Sai mã hồ sơ", env=env).exit_code == 0
    shown = run(home, "review", "show", code, env=env)
    assert shown.exit_code == 0 and "Phiếu trả lại gói tin số" in shown.stdout
