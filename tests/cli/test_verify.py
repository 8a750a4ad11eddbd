"""``archive verify TARGET [--at] [--json] [--html]``, in-process, on a real archive home.

The home trusts the served test PKI's root (``ARCHIVE_TRUST_ROOTS``) and holds two dossiers,
ingested "later that day" after signing: dossier 1 = an NĐ 30 B-LTA main document and a
personally signed attachment (both TOTAL_PASSED), dossier 2 = one document signed from an
untrusted CA (accepted as INDETERMINATE). Every verification runs with the clock frozen.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from typer.testing import Result

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.demo.pdf import render_pdf
from archive.packages.sipwrite import write_sip
from tests.support import sips
from tests.support.cli import run
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    serve_pki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.unit.signatures.test_validate import swap_page_contents

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
AGENCY = "000.00.00.H99"  # the development default of ARCHIVE_AGENCY_CODE
XSS = "<script>alert(1)</script>"
XSS_FILE = "<img src=x onerror=alert(1)>.pdf"  # no "/" in a file name

SIGNATURE_FIELDS = {
    "field",
    "kind",
    "signer_subject",
    "signer_serial",
    "issuer",
    "claimed_signing_time",
    "timestamp_time",
    "pades_level",
    "intact",
    "coverage",
    "modified_after_signing",
    "modification_level",
    "indication",
    "subindication",
    "trusted",
    "revocation_status",
    "messages_vi",
    "messages_en",
}


@dataclasses.dataclass(frozen=True)
class Setup:
    home: Path
    env: dict[str, str]
    pdfs: dict[str, Path]


def doc_code(n: int, i: int = 1) -> str:
    return f"{sips.file_code(n)}.{i:07d}"


def _package(tmp: Path, n: int, *contents: bytes) -> Path:
    sip = sips.sip_input(n, docs=len(contents))
    documents = [
        dataclasses.replace(doc, content=data)
        for doc, data in zip(sip.documents, contents, strict=True)
    ]
    return write_sip(
        dataclasses.replace(sip, documents=documents),
        tmp / f"sip-{n}",
        objid=f"uuid-00000000-0000-4000-8000-{n:012d}",
        created=sips.CREATED,
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def setup(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    tmp = tmp_path_factory.mktemp("verify")
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(SIGNING_TIME, tick=True):
        lta = sign_nd30_pdf(pki, "B-LTA")
        personal = sign_test_pdf(pki, rendered, "B-LTA", "signer-person")
        rogue = sign_test_pdf(pki, rendered, "B-T", "rogue-signer")
        xss = sign_test_pdf(pki, rendered, "B-T", "signer-person", field_name=XSS)
    pdfs = {"lta": tmp / "lta.pdf", "tampered": tmp / "tampered.pdf", "xss": tmp / XSS_FILE}
    pdfs["lta"].write_bytes(lta)
    pdfs["tampered"].write_bytes(swap_page_contents(lta))
    pdfs["xss"].write_bytes(xss)
    home = tmp / "home"
    settings = load_settings(home=home, trust_roots=[pki.root_pem_path])
    with freeze_time(LATER_THAT_DAY, tick=True), open_archive(settings, create=True) as archive:
        for n, contents in ((1, (lta, personal)), (2, (rogue,))):
            result = archive.ingest(_package(tmp, n, *contents), person_agent("lan"))
            assert result.status == "accepted", result.report.as_dict()
    return Setup(home, {"ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)])}, pdfs)


def verify(setup: Setup, *args: str, home: Path | None = None) -> Result:
    with freeze_time(LATER_THAT_DAY, tick=True):
        return run(home or setup.home, "verify", *args, env=setup.env)


def verify_json(setup: Setup, *args: str) -> tuple[int, Any]:
    result = verify(setup, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def validation_events(setup: Setup, code: str) -> list[dict[str, Any]]:
    result = run(setup.home, "show", code, "--json", env=setup.env)
    assert result.exit_code == 0, result.output
    return [e for e in json.loads(result.stdout)["events"] if e["type"] == "validation"]


# --------------------------------------------------------------------------- stored documents


def test_valid_document_passes_with_every_field(setup: Setup) -> None:
    code, data = verify_json(setup, doc_code(1))
    assert code == 0
    assert data["target"] == doc_code(1)
    assert data["bottom_line"] == "TOTAL_PASSED"
    assert data["file"].startswith(doc_code(1))
    assert len(data["sha256"]) == 64
    assert data["nd30"] == {"personal": True, "organisation": True}
    assert [s["kind"] for s in data["signatures"]] == ["personal", "organisation", "timestamp"]
    for sig in data["signatures"]:
        assert set(sig) >= SIGNATURE_FIELDS, SIGNATURE_FIELDS - set(sig)
        assert (sig["indication"], sig["subindication"], sig["status"]) == (
            "TOTAL_PASSED",
            None,
            "TOTAL_PASSED",
        )
        assert sig["intact"] and sig["trusted"]
        assert sig["revocation_status"] == "good"
        assert sig["messages_vi"] and sig["messages_en"]
    person = data["signatures"][0]
    assert "Nguyễn Văn An" in person["signer_subject"]
    assert person["pades_level"] == "B-LTA"
    assert person["claimed_signing_time"].startswith("2026-11-20")
    assert person["timestamp_time"].startswith("2026-11-20")
    assert (person["modified_after_signing"], person["modification_level"]) == (
        True,
        "FORM_FILLING",
    )


def test_stored_sha256_is_that_of_the_original(setup: Setup) -> None:
    _, data = verify_json(setup, doc_code(1))
    _, direct = verify_json(setup, str(setup.pdfs["lta"]))
    assert data["sha256"] == direct["sha256"]


def test_dossier_code_verifies_every_document(setup: Setup) -> None:
    for target in (sips.file_code(1), f"{AGENCY}.{sips.file_code(1)}"):
        code, data = verify_json(setup, target)
        assert code == 0
        assert data["bottom_line"] == "TOTAL_PASSED"
        files = data["files"]
        assert [f["file"].split(" ")[0] for f in files] == [doc_code(1, 1), doc_code(1, 2)]
        assert [f["nd30"] for f in files] == [
            {"personal": True, "organisation": True},
            {"personal": True, "organisation": False},
        ]


def test_dossier_with_an_indeterminate_document_exits_1(setup: Setup) -> None:
    code, data = verify_json(setup, sips.file_code(2))
    assert code == 1
    assert data["bottom_line"] == "INDETERMINATE"
    (only,) = data["files"]  # a dossier is always a list, even of one
    assert only["signatures"][0]["status"] == "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"


def test_verifying_a_stored_document_is_logged(setup: Setup) -> None:
    before = validation_events(setup, doc_code(1, 2))
    assert verify(setup, doc_code(1, 2)).exit_code == 0
    after = validation_events(setup, doc_code(1, 2))
    assert len(after) == len(before) + 1
    assert "Signature verification on request" in after[-1]["detail"]
    assert "TOTAL_PASSED" in after[-1]["detail"]
    assert after[-1]["outcome"] == "success"


# --------------------------------------------------------------------------- PDF paths


def test_tampered_pdf_path_fails(setup: Setup) -> None:
    code, data = verify_json(setup, str(setup.pdfs["tampered"]))
    assert code == 1
    assert data["bottom_line"] == "TOTAL_FAILED"
    assert {s["status"] for s in data["signatures"]} == {"TOTAL_FAILED/FORMAT_FAILURE"}
    assert all(s["modification_level"] == "OTHER" for s in data["signatures"])


def test_pdf_path_needs_no_archive_home(setup: Setup, tmp_path: Path) -> None:
    result = verify(setup, str(setup.pdfs["lta"]), "--json", home=tmp_path / "none")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bottom_line"] == "TOTAL_PASSED"
    assert not (tmp_path / "none").exists()


def test_table_output_names_the_verdict(setup: Setup) -> None:
    result = verify(setup, str(setup.pdfs["tampered"]))
    assert result.exit_code == 1
    assert "TOTAL_FAILED" in result.stdout
    assert "Kết luận chung" in result.stdout


# --------------------------------------------------------------------------- HTML


def test_html_report_is_readable(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert verify(setup, doc_code(1), "--html", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert 'lang="vi"' in page
    assert "HỢP LỆ" in page  # the verdict in words, not only TOTAL_PASSED
    assert "Nguyễn Văn An" in page
    assert "Ủy ban nhân dân tỉnh Hòa Bình" in page
    assert "Chữ ký cá nhân" in page and "Chữ ký cơ quan" in page
    assert "Dấu thời gian tài liệu" in page


def test_html_report_of_a_failure_says_so(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "failed.html"
    assert verify(setup, str(setup.pdfs["tampered"]), "--html", str(out)).exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert "KHÔNG HỢP LỆ" in page
    assert "SỬA ĐỔI NỘI DUNG" in page  # modification level OTHER, in words


def test_html_escapes_names_from_the_pdf(setup: Setup, tmp_path: Path) -> None:
    """A signature field and a file named ``<script>…``: shown, never executed."""
    out = tmp_path / "xss.html"
    code, data = verify_json(setup, str(setup.pdfs["xss"]))
    assert data["signatures"][0]["field"] == XSS  # pyHanko allows the name
    assert verify(setup, str(setup.pdfs["xss"]), "--html", str(out)).exit_code == code
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page


def test_html_to_an_unwritable_place_is_a_clear_error(setup: Setup, tmp_path: Path) -> None:
    result = verify(setup, doc_code(1), "--html", str(tmp_path / "missing" / "r.html"))
    assert result.exit_code == 1
    assert "r.html" in result.stderr


# --------------------------------------------------------------------------- --at


def test_at_a_moment_covered_by_the_files_revocation_data_passes(setup: Setup) -> None:
    """Five minutes after signing: the OCSP answers (or CRL) in the file's DSS still hold."""
    moment = (SIGNING_TIME + timedelta(minutes=5)).isoformat()
    code, data = verify_json(setup, doc_code(1), "--at", moment)
    assert code == 0
    assert data["validation_time"] == moment
    assert data["bottom_line"] == "TOTAL_PASSED"


def test_at_2035_validates_at_that_moment(setup: Setup) -> None:
    """Point-in-time: nothing can be fetched for 2035 today, so no proof is fresh enough."""
    code, data = verify_json(setup, doc_code(1), "--at", "2035-06-01T00:00:00+00:00")
    assert code == 1
    assert data["validation_time"] == "2035-06-01T00:00:00+00:00"
    assert data["bottom_line"] == "INDETERMINATE"
    assert {s["indication"] for s in data["signatures"]} == {"INDETERMINATE"}


def test_at_without_time_zone_is_utc(setup: Setup) -> None:
    _, data = verify_json(setup, str(setup.pdfs["lta"]), "--at", "2035-06-01T00:00:00")
    assert data["validation_time"] == "2035-06-01T00:00:00+00:00"


def test_malformed_at_is_refused_clearly(setup: Setup) -> None:
    result = verify(setup, doc_code(1), "--at", "01/06/2035")
    assert result.exit_code == 1
    assert "--at" in result.stderr and "ISO 8601" in result.stderr
    assert result.stdout == ""


def test_unknown_target_exits_1(setup: Setup) -> None:
    result = verify(setup, "000.00.00.H49.1999.99.XX")
    assert result.exit_code == 1
    assert "000.00.00.H49.1999.99.XX" in result.stderr
