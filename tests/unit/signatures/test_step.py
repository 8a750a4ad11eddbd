"""The signature step at ingest (archive/signatures/step.py) through the real pipeline.

Packages are ``tests/support/sips.sip_input`` dossiers whose documents are replaced by PDFs
signed with the served test PKI; the first document is the main one (NĐ 30 rule). Ingest runs
"later that day" with the clock frozen (tick=True) and fetches OCSP/CRLs from the served PKI.

Default policy: TOTAL_FAILED refuses the package (SIG001), INDETERMINATE is accepted with its
reason (SIG002 warning), a missing personal/agency signature on the main document warns
(SIG003), an unsigned PDF warns (SIG004).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import crl, ocsp, x509
from freezegun import freeze_time
from lxml import etree
from sqlalchemy import select

from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Document, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.ingest.pipeline import IngestResult
from archive.packages.metsxml import PREMIS
from archive.signatures.models import FileValidation, Signature
from archive.signatures.step import signature_dir
from tests.support import sips
from tests.support.cli import snapshot
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.support.signed import doc_code, package
from tests.unit.signatures.test_validate import flip_header_byte, swap_page_contents

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
NS = {"p": PREMIS}


@dataclasses.dataclass(frozen=True)
class Pdfs:
    nd30_lta: bytes
    revoked_bt: bytes
    rogue_bt: bytes
    personal_only: bytes
    unsigned: bytes


@pytest.fixture(scope="module")
def pdfs(pki: TestPki) -> Pdfs:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(SIGNING_TIME, tick=True):
        return Pdfs(
            nd30_lta=sign_nd30_pdf(pki, "B-LTA"),
            revoked_bt=sign_test_pdf(pki, rendered, "B-T", "signer-revoked"),
            rogue_bt=sign_test_pdf(pki, rendered, "B-T", "rogue-signer"),
            personal_only=sign_test_pdf(pki, rendered, "B-LTA", "signer-person"),
            unsigned=rendered,
        )


@dataclasses.dataclass
class Home:
    """An archive home trusting the test root, with some settings."""

    path: Path
    archive: Archive

    def ingest(self, source: Path) -> IngestResult:
        with freeze_time(LATER_THAT_DAY, tick=True):
            return self.archive.ingest(source, person_agent("lan"))


@pytest.fixture
def make_home(
    tmp_path: Path, pki: TestPki, catalog_on: Callable[[], dict[str, str]]
) -> Iterator[Any]:
    """Homes on both engines: the signature step's catalog rows on PostgreSQL too."""
    opened: list[Archive] = []

    def make(**settings: Any) -> Home:
        home = tmp_path / f"home-{len(opened)}"
        settings = {**catalog_on(), **settings}
        archive = open_archive(
            load_settings(home=home, trust_roots=[pki.root_pem_path], **settings), create=True
        )
        opened.append(archive)
        return Home(home, archive)

    yield make
    for archive in opened:
        archive.close()


def codes(result: IngestResult) -> dict[str, str]:
    """Finding code → severity, for the SIG findings."""
    return {f.code: f.severity for f in result.report.findings if f.code.startswith("SIG")}


def read(archive: Archive, object_id: str, logical: str) -> bytes:
    with archive.ocfl.open_logical(object_id, logical) as fh:
        return fh.read()


def stored_paths(archive: Archive, object_id: str) -> list[str]:
    inventory = archive.ocfl.inventory(object_id)
    state = inventory["versions"][inventory["head"]]["state"]
    return sorted(p for paths in state.values() for p in paths)


# --------------------------------------------------------------------------- a valid NĐ 30 file


@pytest.fixture
def accepted(make_home: Any, pdfs: Pdfs, tmp_path: Path) -> tuple[Home, IngestResult]:
    home = make_home()
    result = home.ingest(package(tmp_path, 1, pdfs.nd30_lta))
    return home, result


def test_valid_nd30_lta_is_accepted_without_signature_findings(
    accepted: tuple[Home, IngestResult],
) -> None:
    _, result = accepted
    assert result.status == "accepted", result.report.as_dict()
    assert codes(result) == {}


def test_aip_keeps_the_report_and_the_validation_data(
    accepted: tuple[Home, IngestResult], pki: TestPki
) -> None:
    home, result = accepted
    assert result.object_id is not None
    base = signature_dir(doc_code(1))
    assert base == f"metadata/preservation/signatures/{doc_code(1)}"
    paths = stored_paths(home.archive, result.object_id)
    report = json.loads(read(home.archive, result.object_id, f"{base}/report.json"))
    assert report["bottom_line"] == "TOTAL_PASSED"
    assert [s["status"] for s in report["signatures"]] == ["TOTAL_PASSED"] * 3
    assert report["nd30"] == {"personal": True, "organisation": True}
    assert report["file"] == f"{sips.file_code(1)}.1.pdf"
    kept = {
        kind: [p for p in paths if p.startswith(f"{base}/{kind}/") and p.endswith(".der")]
        for kind in ("certs", "ocsp", "crl")
    }
    assert all(kept.values()), kept
    certs = [x509.Certificate.load(read(home.archive, result.object_id, p)) for p in kept["certs"]]
    assert pki.cert("signer-person").dump() in [c.dump() for c in certs]
    for p in kept["ocsp"]:
        ocsp.OCSPResponse.load(read(home.archive, result.object_id, p)).native  # noqa: B018
    for p in kept["crl"]:
        crl.CertificateList.load(read(home.archive, result.object_id, p)).native  # noqa: B018


def test_catalog_holds_signatures_and_the_file_validation(
    accepted: tuple[Home, IngestResult],
) -> None:
    home, _ = accepted
    with unit_of_work(home.archive.sessions) as session:
        doc = session.scalar(select(Document).where(Document.doc_code == doc_code(1)))
        assert doc is not None
        original = session.scalar(
            select(File).where(File.document_id == doc.id, File.role == "original")
        )
        assert original is not None
        rows = session.scalars(
            select(Signature).where(Signature.file_id == original.id).order_by(Signature.id)
        ).all()
        assert [(r.kind, r.indication, r.pades_level) for r in rows] == [
            ("personal", "TOTAL_PASSED", "B-LTA"),
            ("organisation", "TOTAL_PASSED", "B-LTA"),
            ("timestamp", "TOTAL_PASSED", "DocTimeStamp"),
        ]
        assert all(r.document_id == doc.id and r.trusted for r in rows)
        assert rows[0].revocation_status == "good"
        validation = session.scalar(
            select(FileValidation).where(FileValidation.file_id == original.id)
        )
        assert validation is not None
        assert validation.bottom_line == "TOTAL_PASSED"
        assert validation.report_path.endswith(f"{doc_code(1)}/report.json")
        assert validation.horizon == "2035-12-31"  # SHA-256 / P-256 sunset before tsa (2045)
        assert validation.pades_level == "B-LTA"


def test_premis_describes_the_signatures_of_the_original(
    accepted: tuple[Home, IngestResult],
) -> None:
    home, result = accepted
    assert result.object_id is not None
    rep = etree.fromstring(
        read(
            home.archive,
            result.object_id,
            "representations/rep1/metadata/preservation/PREMIS_rep1.xml",
        )
    )
    (original,) = [
        obj
        for obj in rep.iterfind("p:object", NS)
        if obj.findtext("p:originalName", namespaces=NS) == f"{sips.file_code(1)}.1.pdf"
    ]
    signatures = original.findall("p:signatureInformation/p:signature", NS)
    assert len(signatures) == 3
    signers = [s.findtext("p:signer", namespaces=NS) or "" for s in signatures]
    assert "Nguyễn Văn An" in signers[0] and "Ủy ban nhân dân tỉnh Hòa Bình" in signers[1]
    methods = [s.findtext("p:signatureMethod", namespaces=NS) for s in signatures]
    assert methods[0] == "PAdES B-LTA (personal)"
    assert methods[1] == "PAdES B-LTA (organisation)"
    rules = [s.findtext("p:signatureValidationRules", namespaces=NS) or "" for s in signatures]
    assert all(r.endswith("TOTAL_PASSED") for r in rules)
    assert all(s.findtext("p:signatureValue", namespaces=NS) for s in signatures)
    events = etree.fromstring(
        read(home.archive, result.object_id, "metadata/preservation/PREMIS.xml")
    )
    validations = [
        e
        for e in events.iterfind("p:event", NS)
        if e.findtext("p:eventType", namespaces=NS) == "validation"
        and "Signature validation"
        in (e.findtext("p:eventDetailInformation/p:eventDetail", namespaces=NS) or "")
    ]
    assert len(validations) == 1
    assert "TOTAL_PASSED" in (
        validations[0].findtext("p:eventDetailInformation/p:eventDetail", namespaces=NS) or ""
    )


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("tamper", [swap_page_contents, flip_header_byte])
def test_tampered_pdf_is_refused_and_nothing_is_stored(
    tamper: Any, make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home()
    before = snapshot(home.path)
    result = home.ingest(package(tmp_path, 2, tamper(pdfs.nd30_lta)))
    assert result.status == "refused"
    assert codes(result)["SIG001"] == "error"
    assert any("TOTAL_FAILED" in f.message_en for f in result.report.findings)
    assert snapshot(home.path) == before
    assert list(home.archive.ocfl.iter_object_ids()) == []


def test_tampered_pdf_is_accepted_with_failed_policy_warn(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home(signature_policy_failed="warn")
    result = home.ingest(package(tmp_path, 3, swap_page_contents(pdfs.nd30_lta)))
    assert result.status == "accepted"
    assert codes(result)["SIG001"] == "warning"


def test_revoked_signer_is_refused_by_default(make_home: Any, pdfs: Pdfs, tmp_path: Path) -> None:
    result = make_home().ingest(package(tmp_path, 4, pdfs.revoked_bt))
    assert result.status == "refused"
    assert codes(result)["SIG001"] == "error"
    (finding,) = [f for f in result.report.findings if f.code == "SIG001"]
    assert "TOTAL_FAILED/REVOKED" in finding.message_en
    assert "thu hồi" in finding.message_vi


def test_revoked_signer_is_accepted_with_failed_policy_warn(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home(signature_policy_failed="warn")
    result = home.ingest(package(tmp_path, 5, pdfs.revoked_bt))
    assert result.status == "accepted"
    assert codes(result)["SIG001"] == "warning"
    with unit_of_work(home.archive.sessions) as session:
        (row,) = session.scalars(select(Signature)).all()
        assert (row.indication, row.subindication, row.revocation_status) == (
            "TOTAL_FAILED",
            "REVOKED",
            "revoked",
        )


# --------------------------------------------------------------------------- indeterminate


def test_untrusted_signature_is_accepted_with_its_reason(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home()
    result = home.ingest(package(tmp_path, 6, pdfs.rogue_bt))
    assert result.status == "accepted"
    assert codes(result)["SIG002"] == "warning"
    (finding,) = [f for f in result.report.findings if f.code == "SIG002"]
    assert "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND" in finding.message_en
    with unit_of_work(home.archive.sessions) as session:
        (validation,) = session.scalars(select(FileValidation)).all()
        assert validation.bottom_line == "INDETERMINATE"


def test_untrusted_signature_is_refused_with_indeterminate_policy_refuse(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home(signature_policy_indeterminate="refuse")
    before = snapshot(home.path)
    result = home.ingest(package(tmp_path, 7, pdfs.rogue_bt))
    assert result.status == "refused"
    assert codes(result)["SIG002"] == "error"
    assert snapshot(home.path) == before


# --------------------------------------------------------------------------- NĐ 30


def test_main_document_with_only_the_personal_signature_warns(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    result = make_home().ingest(package(tmp_path, 8, pdfs.personal_only))
    assert result.status == "accepted"
    assert codes(result) == {"SIG003": "warning"}
    (finding,) = [f for f in result.report.findings if f.code == "SIG003"]
    assert "agency signature" in finding.message_en
    assert "personal signature" not in finding.message_en


def test_main_document_with_only_the_personal_signature_is_refused_with_nd30_refuse(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    result = make_home(nd30_policy="refuse").ingest(package(tmp_path, 9, pdfs.personal_only))
    assert result.status == "refused"
    assert codes(result) == {"SIG003": "error"}


def test_nd30_rule_applies_to_the_main_document_only(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    """A map, drawing or 'other' document (typeName 30–32) with one personal signature is fine;
    an administrative document (typeName 02) with one is not."""
    home = make_home(nd30_policy="refuse")
    attachment = package(tmp_path, 10, pdfs.nd30_lta, pdfs.personal_only, types=("02", "32"))
    result = home.ingest(attachment)
    assert result.status == "accepted", result.report.as_dict()
    assert codes(result) == {}
    second_decision = package(tmp_path, 11, pdfs.nd30_lta, pdfs.personal_only)
    refused = home.ingest(second_decision)
    assert refused.status == "refused"
    assert codes(refused) == {"SIG003": "error"}


# --------------------------------------------------------------------------- unsigned


@pytest.mark.parametrize(
    ("policy", "status", "severity"),
    [
        ("accept", "accepted", "info"),
        ("warn", "accepted", "warning"),
        ("refuse", "refused", "error"),
    ],
)
def test_unsigned_pdf_follows_the_unsigned_policy(
    policy: str, status: str, severity: str, make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = make_home(signature_policy_unsigned=policy)
    result = home.ingest(package(tmp_path, 11, pdfs.unsigned))
    assert result.status == status
    assert codes(result) == {"SIG004": severity}  # and no SIG003 for an unsigned file


def test_unsigned_is_the_default_warning(make_home: Any, pdfs: Pdfs, tmp_path: Path) -> None:
    result = make_home().ingest(package(tmp_path, 12, pdfs.unsigned))
    assert (result.status, codes(result)) == ("accepted", {"SIG004": "warning"})


def test_a_byte_before_the_header_does_not_skip_validation(
    make_home: Any, pdfs: Pdfs, tmp_path: Path
) -> None:
    """A reader finds %PDF- anywhere in the first 1024 bytes; so must the step, or a tampered
    file could dodge validation by starting with one stray byte."""
    home = make_home()
    result = home.ingest(package(tmp_path, 13, b"\n" + swap_page_contents(pdfs.nd30_lta)))
    assert result.status == "refused"
    assert "SIG001" in codes(result)
