"""archive/signatures/augment.py: B-T/B-LT → B-LTA, B-LTA renewal, and the plain refusals.

Every file is signed at ``SIGNING_TIME`` with the served test PKI and augmented "later that
day"; validation runs in the same frozen (ticking) clock, after the new document timestamp.
"""

from __future__ import annotations

import dataclasses
from io import BytesIO
from pathlib import Path

import pytest
from freezegun import freeze_time
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper

from archive.demo.pdf import render_pdf
from archive.errors import Conflict, NotSupported, Unavailable
from archive.signatures.augment import B_B_REFUSAL, AugmentResult, augment, timestamper_for
from archive.signatures.report import ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.support.signed import LATER_THAT_DAY


@dataclasses.dataclass(frozen=True)
class Signed:
    bt: bytes
    blt: bytes
    lta: bytes
    bb: bytes
    bb_with_doc_ts: bytes
    revoked_bt: bytes
    unsigned: bytes


@pytest.fixture(scope="module")
def signed(pki: TestPki) -> Signed:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(SIGNING_TIME, tick=True):
        bb = sign_nd30_pdf(pki, "B-B")
        out = BytesIO(bb)
        PdfTimeStamper(HTTPTimeStamper(pki.tsa_url())).timestamp_pdf(
            IncrementalPdfFileWriter(out), "sha256", in_place=True
        )
        return Signed(
            bt=sign_nd30_pdf(pki, "B-T"),
            blt=sign_nd30_pdf(pki, "B-LT"),
            lta=sign_nd30_pdf(pki, "B-LTA"),
            bb=bb,
            bb_with_doc_ts=out.getvalue(),
            revoked_bt=sign_test_pdf(pki, rendered, "B-T", "signer-revoked"),  # after revocation
            unsigned=rendered,
        )


@pytest.fixture(scope="module")
def cfg(pki: TestPki) -> ValidationSettings:
    return ValidationSettings(trust=TrustStore.from_paths([pki.root_pem_path], []))


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


@dataclasses.dataclass(frozen=True)
class Augmented:
    source: bytes
    output: bytes
    result: AugmentResult
    report: ValidationReport


def _augment_and_validate(
    pki: TestPki, cfg: ValidationSettings, tmp: Path, data: bytes
) -> Augmented:
    src, dst = write(tmp, "in.pdf", data), tmp / "out.pdf"
    with freeze_time(LATER_THAT_DAY, tick=True):
        result = augment(src, dst, cfg, timestamper_for(pki.tsa_url("tsa")))
        report, _ = validate_pdf(dst, cfg)
    assert src.read_bytes() == data  # the source is never modified
    return Augmented(data, dst.read_bytes(), result, report)


@pytest.fixture(scope="module", params=["bt", "blt"])
def augmented(
    request: pytest.FixtureRequest,
    pki: TestPki,
    signed: Signed,
    cfg: ValidationSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Augmented:
    data: bytes = getattr(signed, request.param)
    return _augment_and_validate(pki, cfg, tmp_path_factory.mktemp("aug"), data)


# --------------------------------------------------------------------------- B-T / B-LT → B-LTA


def test_augmented_file_starts_with_the_original_bytes(augmented: Augmented) -> None:
    assert augmented.output.startswith(augmented.source)
    assert len(augmented.output) > len(augmented.source)
    assert augmented.result == AugmentResult(
        "augmented", len(augmented.source), len(augmented.output)
    )


def test_augmented_file_is_b_lta_and_passes(augmented: Augmented) -> None:
    report = augmented.report
    assert report.bottom_line == "TOTAL_PASSED", report.as_dict()
    kinds = [(s.kind, s.pades_level, s.status) for s in report.signatures]
    assert kinds == [
        ("personal", "B-LTA", "TOTAL_PASSED"),
        ("organisation", "B-LTA", "TOTAL_PASSED"),
        ("timestamp", "DocTimeStamp", "TOTAL_PASSED"),
    ]
    assert report.nd30 == {"personal": True, "organisation": True}


def test_augmented_file_has_a_dss(augmented: Augmented) -> None:
    reader = PdfFileReader(BytesIO(augmented.output))
    assert "/DSS" in reader.root
    assert len(reader.embedded_timestamp_signatures) == 1


# --------------------------------------------------------------------------- renewal


def test_b_lta_is_renewed_with_a_second_document_timestamp(
    pki: TestPki, signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    renewed = _augment_and_validate(pki, cfg, tmp_path, signed.lta)
    assert renewed.result.action == "renewed"
    assert renewed.output.startswith(signed.lta)
    assert renewed.report.bottom_line == "TOTAL_PASSED", renewed.report.as_dict()
    stamps = [s for s in renewed.report.signatures if s.kind == "timestamp"]
    assert len(stamps) == 2
    assert all(s.status == "TOTAL_PASSED" for s in renewed.report.signatures)


def test_an_augmented_file_is_renewed_later(
    pki: TestPki, augmented: Augmented, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """In 2044, before ``tsa`` expires (2045), with its successor ``tsa2``: the prefix holds."""
    src, dst = write(tmp_path, "lta.pdf", augmented.output), tmp_path / "renewed.pdf"
    with freeze_time("2044-06-01T00:00:00+00:00", tick=True):
        result = augment(src, dst, cfg, timestamper_for(pki.tsa_url("tsa2")))
        report, _ = validate_pdf(dst, cfg)
    assert result.action == "renewed"
    assert dst.read_bytes().startswith(augmented.output)
    assert report.bottom_line == "TOTAL_PASSED", report.as_dict()
    assert [s.not_after[:4] for s in report.signatures if s.kind == "timestamp"] == [
        "2045",
        "2070",
    ]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", ["bb", "bb_with_doc_ts"])
def test_b_b_is_refused_plainly(
    name: str, pki: TestPki, signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """A later document timestamp does not make a B-B signature validatable in the long term,
    even when one is already there."""
    src, dst = write(tmp_path, "bb.pdf", getattr(signed, name)), tmp_path / "out.pdf"
    with pytest.raises(NotSupported) as caught:
        augment(src, dst, cfg, timestamper_for(pki.tsa_url()))
    assert str(caught.value) == B_B_REFUSAL
    assert "B-B signatures (no signature timestamp) cannot be brought to a validatable B-LTA" in (
        B_B_REFUSAL
    )
    assert "evidence record" in B_B_REFUSAL
    assert not dst.exists()


def test_unsigned_is_refused(
    pki: TestPki, signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    src, dst = write(tmp_path, "u.pdf", signed.unsigned), tmp_path / "out.pdf"
    with pytest.raises(NotSupported, match="carries no signature"):
        augment(src, dst, cfg, timestamper_for(pki.tsa_url()))
    assert not dst.exists()


@pytest.mark.parametrize("url", [None, ""])
def test_no_tsa_configured_names_the_setting(url: str | None) -> None:
    with pytest.raises(NotSupported, match="ARCHIVE_TSA_URL") as caught:
        timestamper_for(url)
    assert "no time-stamping authority configured" in str(caught.value)


def test_unreachable_tsa_is_unavailable_and_writes_nothing(
    signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    src, dst = write(tmp_path, "bt.pdf", signed.bt), tmp_path / "out.pdf"
    with freeze_time(LATER_THAT_DAY, tick=True), pytest.raises(Unavailable, match="cannot be "):
        augment(src, dst, cfg, timestamper_for("http://127.0.0.1:9/tsa"))
    assert not dst.exists()


def test_a_signature_that_no_longer_validates_is_a_conflict(
    pki: TestPki, signed: Signed, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Revoked signer: its validation data cannot be gathered (hard-fail), said plainly."""
    src, dst = write(tmp_path, "rev.pdf", signed.revoked_bt), tmp_path / "out.pdf"
    with freeze_time(LATER_THAT_DAY, tick=True), pytest.raises(Conflict) as caught:
        augment(src, dst, cfg, timestamper_for(pki.tsa_url()))
    assert "does not validate now" in str(caught.value)
    assert "revoked" in str(caught.value)
    assert not dst.exists()
