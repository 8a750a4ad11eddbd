"""The pyHanko test PDFs (tests/fixtures/pyhanko) give the outcomes their authors assert.

Expectations come from tests/fixtures/pyhanko/PROVENANCE.md, each at the frozen date the
pyHanko test uses, with the embedded root the provenance names as the only trust anchor
(``val_untrusted`` cases: an empty trust store, as the authors do). Validation is offline
(``fetch=False``).

What the authors' words mean here:

* *intact / valid / coverage / modification level* are asserted as they are.
* *trusted* (``val_trusted``): pyHanko's tests use a soft-fail context, so "trusted" there means
  "chains to the test root". The archive checks revocation hard-fail and no OCSP/CRL is
  reachable offline, so a file without revocation data in its DSS is
  ``INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE`` (revocation unknown) with its own root,
  and ``INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND`` with an unrelated one: the chain to the
  named root was built, only the revocation check is missing. The two PAdES-LTA files carry
  their revocation data and are ``TOTAL_PASSED``.
* *tampering* (``SuspiciousModification``, non-standard coverage): ``TOTAL_FAILED`` and never
  ``TOTAL_PASSED``; the report's ``detail`` names what the authors' assertion names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from freezegun import freeze_time

from archive.signatures.report import SignatureResult, ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.fixtures import fixture_dir

PYHANKO = fixture_dir("pyhanko")
PDF = PYHANKO / "pdf"
ROOTS = PYHANKO / "crypto" / "embedded-roots"

ROOT_A = "root-a11ed7bf6de01729.cert.pem"  # the test CA of most files
ROOT_E = "root-e42003f6ac276f74.cert.pem"  # same key, pades-with-old-style-*
ROOT_2 = "root-2b6dea78737d478e.cert.pem"  # same key, pdf-sig-with-econtent, signed-encrypted
ROOTS_NO_SIG_TYPE = ("root-42909e8257d5049a.cert.pem", "root-827d534bf80aeb1e.cert.pem")
UNRELATED = "root-5c4cdbe21444ae98.cert.pem"  # a test root with another key

NOV_2020 = "2020-11-01"
JAN_2021 = "2021-01-05"

ALLOWED_AFTER_SIGNING = {"NONE", "LTA_UPDATES", "FORM_FILLING"}


def validate(name: str, roots: tuple[str, ...], date: str) -> ValidationReport:
    trust = TrustStore.from_paths([ROOTS / r for r in roots])
    with freeze_time(date):
        report, _ = validate_pdf(PDF / name, ValidationSettings(trust, fetch=False))
    return report


# --------------------------------------------------------------------------- expectations


def val_trusted(sig: SignatureResult, *, extd: bool = False) -> None:
    """intact, valid, chains to the root; whole file & NONE, or (extd) revision & ≤ FORM_FILLING."""
    assert sig.intact and sig.valid
    if extd:
        assert sig.coverage == "ENTIRE_REVISION"
        assert sig.modification_level in ALLOWED_AFTER_SIGNING
    else:
        assert sig.coverage == "ENTIRE_FILE"
        assert sig.modification_level == "NONE"
        assert not sig.modified_after_signing
    assert sig.indication != "TOTAL_FAILED"


def revocation_unknown(sig: SignatureResult) -> None:
    """Trusted as the authors mean it, but no revocation data offline (see module docstring)."""
    assert (sig.indication, sig.subindication) == (
        "INDETERMINATE",
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    )
    assert not sig.trusted
    assert sig.revocation_status == "unknown"


def val_untrusted(sig: SignatureResult, *, extd: bool = False) -> None:
    assert sig.intact and sig.valid
    assert sig.indication == "INDETERMINATE"  # untrusted, never failed
    if extd:
        assert sig.coverage == "ENTIRE_REVISION"
        assert sig.modification_level == "FORM_FILLING"


def form_filling_first(report: ValidationReport) -> None:
    """Sig1 was followed by an allowed form-filling update (a second signature)."""
    first, second = report.signatures
    assert first.intact and first.valid
    assert (first.coverage, first.modification_level) == ("ENTIRE_REVISION", "FORM_FILLING")
    assert first.modified_after_signing
    assert first.indication != "TOTAL_FAILED"
    assert second.intact and second.valid
    assert report.bottom_line != "TOTAL_FAILED"


def tampered(marker: str) -> Callable[[ValidationReport], None]:
    def check(report: ValidationReport) -> None:
        first = report.signatures[0]
        assert first.intact and first.valid  # the bytes are fine; what was added is not
        assert first.modification_level == "OTHER"
        assert first.modified_after_signing
        assert (first.indication, first.subindication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
        assert first.detail is not None and marker in first.detail
        assert report.bottom_line == "TOTAL_FAILED"

    return check


def anomalous_coverage(coverage: str) -> Callable[[ValidationReport], None]:
    def check(report: ValidationReport) -> None:
        (sig,) = report.signatures
        assert sig.intact and sig.valid and not sig.trusted
        assert sig.coverage == coverage
        assert (sig.indication, sig.subindication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
        assert report.bottom_line == "TOTAL_FAILED"

    return check


def single_trusted(report: ValidationReport) -> None:
    (sig,) = report.signatures
    val_trusted(sig)
    revocation_unknown(sig)


def certified_indirect_refs(report: ValidationReport) -> None:
    single_trusted(report)
    assert report.signatures[0].kind == "personal"


def separate_annots(report: ValidationReport) -> None:
    first, second = report.signatures
    val_trusted(first, extd=True)
    assert first.modification_level == "FORM_FILLING"
    val_trusted(second)
    for sig in (first, second):
        revocation_unknown(sig)


def pades_lta(report: ValidationReport) -> None:
    """Revocation data in the DSS: the one file the archive can pass offline, as asserted."""
    sig, doc_ts = report.signatures
    val_trusted(sig, extd=True)
    assert (sig.pades_level, sig.modification_level) == ("B-LTA", "LTA_UPDATES")
    assert (sig.indication, sig.trusted, sig.revocation_status) == ("TOTAL_PASSED", True, "good")
    assert (doc_ts.kind, doc_ts.indication) == ("timestamp", "TOTAL_PASSED")
    assert report.bottom_line == "TOTAL_PASSED"


def pades_lta_two_signatures(report: ValidationReport) -> None:
    first, second, doc_ts = report.signatures
    for sig in (first, second):
        val_trusted(sig, extd=True)
        assert sig.indication == "TOTAL_PASSED"
    assert first.pades_level == "B-LTA"  # the document timestamp came after it
    assert doc_ts.kind == "timestamp"
    assert report.bottom_line == "TOTAL_PASSED"


def untrusted_single(*, whole_file: bool) -> Callable[[ValidationReport], None]:
    def check(report: ValidationReport) -> None:
        (sig,) = report.signatures
        val_untrusted(sig)
        if whole_file:
            assert sig.coverage == "ENTIRE_FILE"

    return check


def shake256(report: ValidationReport) -> None:
    (sig,) = report.signatures
    val_untrusted(sig)
    assert sig.digest_algorithm == "shake256"


def ed448_disallowed(report: ValidationReport) -> None:
    (sig,) = report.signatures
    assert (sig.indication, sig.subindication) == ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE")


def adobe_double(*, second_whole_file: bool) -> Callable[[ValidationReport], None]:
    def check(report: ValidationReport) -> None:
        first, second = report.signatures
        val_untrusted(first, extd=True)
        val_untrusted(second)
        if second_whole_file:
            assert second.coverage == "ENTIRE_FILE"

    return check


def econtent(report: ValidationReport) -> None:
    """pyHanko's own verdict (a SignatureValidationError with AdES FORMAT_FAILURE), carried by
    the signature's result: the CMS breaks the detached SubFilter it claims."""
    assert report.error is None
    (sig,) = report.signatures
    assert sig.status == "TOTAL_FAILED/FORMAT_FAILURE"
    assert sig.detail is not None and re.search("detached.*encapsulated", sig.detail)
    assert sig.signer_name == "Alice"  # what can be known is still reported
    assert report.bottom_line == "TOTAL_FAILED"


def unsigned(report: ValidationReport) -> None:
    assert report.signatures == []
    assert report.error is None
    assert report.bottom_line == "NO_SIGNATURE"  # said plainly, never TOTAL_PASSED
    assert report.nd30 == {"personal": False, "organisation": False}


@dataclass(frozen=True)
class Case:
    name: str
    date: str
    roots: tuple[str, ...]
    check: Callable[[ValidationReport], None]


CASES = [
    Case("certified-with-indirect-refs-in-dir.pdf", NOV_2020, (ROOT_A,), certified_indirect_refs),
    Case(
        "coverage-anomalies/one-byterange.pdf", NOV_2020, (ROOT_A,), anomalous_coverage("UNCLEAR")
    ),
    Case(
        "coverage-anomalies/signature-gap-too-big.pdf",
        NOV_2020,
        (ROOT_A,),
        anomalous_coverage("UNCLEAR"),
    ),
    Case(
        "coverage-anomalies/tail-uncovered.pdf",
        NOV_2020,
        (ROOT_A,),
        anomalous_coverage("CONTIGUOUS_BLOCK_FROM_START"),
    ),
    Case(
        "coverage-anomalies/weird-byterange.pdf",
        NOV_2020,
        (ROOT_A,),
        anomalous_coverage("UNCLEAR"),
    ),
    Case("ed448-disallowed-hash.pdf", NOV_2020, (ROOT_A,), ed448_disallowed),
    Case("ed448-shake256-nolen.pdf", NOV_2020, (), shake256),
    *(
        Case(f"extensions-{kind}.pdf", NOV_2020, (ROOT_A,), form_filling_first)
        for kind in ("direct", "indirect", "update-direct", "update-indirect")
    ),
    Case("extensions-indirect-not-all-paths.pdf", NOV_2020, (ROOT_A,), tampered("DontOverrideMe")),
    *(
        Case(f"form-update-{kind}.pdf", NOV_2020, (ROOT_A,), tampered(".FooBar"))
        for kind in (
            "ap-indirect-sneaky-trailer",
            "no-override-appearance-stream-ap-indirect-sneaky",
            "override-appearance-stream-ap-indirect-sneaky",
            "override-appearance-stream-sneaky",
        )
    ),
    *(
        Case(f"form-update-{kind}.pdf", NOV_2020, (ROOT_A,), form_filling_first)
        for kind in (
            "no-override-appearance-stream-ap-indirect",
            "original-ap-type-wrong",
            "override-appearance-stream-ap-indirect",
            "override-appearance-stream",
        )
    ),
    Case(
        "minimal-signed-twice-both-created.pdf",
        JAN_2021,
        (),
        adobe_double(second_whole_file=False),
    ),
    Case("minimal-signed-twice-no-sig-type.pdf", NOV_2020, ROOTS_NO_SIG_TYPE, form_filling_first),
    Case(
        "minimal-signed-twice-second-created.pdf",
        JAN_2021,
        (),
        adobe_double(second_whole_file=False),
    ),
    Case(
        "minimal-two-fields-signed-twice.pdf",
        JAN_2021,
        (),
        adobe_double(second_whole_file=True),
    ),
    Case("minimal-unsigned.pdf", NOV_2020, (ROOT_A,), unsigned),
    Case("pades-lta-dss-indirect-arrs-test-2.pdf", NOV_2020, (ROOT_A,), pades_lta_two_signatures),
    Case("pades-lta-dss-indirect-arrs-test.pdf", NOV_2020, (ROOT_A,), pades_lta),
    Case("pades-with-old-style-signing-cert-attr-issser.pdf", NOV_2020, (ROOT_E,), single_trusted),
    Case("pades-with-old-style-signing-cert-attr.pdf", NOV_2020, (ROOT_E,), single_trusted),
    Case("pdf-sig-with-econtent.pdf", NOV_2020, (ROOT_2,), econtent),
    Case("separate-annots-kids-indir.pdf", NOV_2020, (ROOT_A,), separate_annots),
    Case("sig-no-signed-attrs.pdf", NOV_2020, (), untrusted_single(whole_file=True)),
    Case("sig-with-ski-sid.pdf", NOV_2020, (), untrusted_single(whole_file=False)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_outcome_as_asserted_by_the_authors(case: Case) -> None:
    report = validate(case.name, case.roots, case.date)
    case.check(report)
    assert report.sha256 and report.size == (PDF / case.name).stat().st_size


def test_every_pdf_with_an_asserted_outcome_is_covered() -> None:
    """Every PDF of the fixtures is here, except the two without an assertion (next tests)."""
    on_disk = {p.relative_to(PDF).as_posix() for p in PDF.rglob("*.pdf")}
    without_assertion = {
        "coverage-anomalies/base.pdf",
        "signed-encrypted-pubkey-with-catalog-ref.pdf",
    }
    assert on_disk - without_assertion == {c.name for c in CASES}


TAMPERED = [c.name for c in CASES if c.check.__qualname__.startswith(("tampered", "anomalous"))]


@pytest.mark.parametrize("name", TAMPERED)
def test_tampering_is_never_passed_even_when_everything_is_trusted(name: str) -> None:
    """With every test root trusted the verdict on tampered files does not improve."""
    every_root = tuple(p.name for p in sorted(ROOTS.glob("*.pem")))
    report = validate(name, every_root, NOV_2020)
    assert report.signatures[0].indication == "TOTAL_FAILED"
    assert report.bottom_line == "TOTAL_FAILED"


@pytest.mark.parametrize(
    "name",
    [
        "certified-with-indirect-refs-in-dir.pdf",
        "pades-with-old-style-signing-cert-attr.pdf",
        "pades-lta-dss-indirect-arrs-test.pdf",
    ],
)
def test_an_unrelated_root_finds_no_chain(name: str) -> None:
    """The named root is what makes these trusted: another test root does not."""
    report = validate(name, (UNRELATED,), NOV_2020)
    sig = report.signatures[0]
    assert (sig.indication, sig.subindication) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")
    assert not sig.trusted


def test_lta_file_is_not_passed_after_its_revocation_data_went_stale() -> None:
    """The outcomes hold at the frozen dates (tests/fixtures/pyhanko/PROVENANCE.md, "How to read
    the outcomes"): the same file validated later without fresh revocation data (no POE for the
    newest timestamp's TSA) must not give the 2020 result."""
    report = validate("pades-lta-dss-indirect-arrs-test.pdf", (ROOT_A,), JAN_2021)
    assert report.bottom_line == "INDETERMINATE"
    assert {s.indication for s in report.signatures} == {"INDETERMINATE"}
    assert {s.subindication for s in report.signatures} <= {
        "NO_POE",
        "TRY_LATER",
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    }


def test_encrypted_signed_pdf_is_reported_not_crashed() -> None:
    """Public-key encrypted, and the decryption key is not in the fixtures: the signatures cannot
    be read, which the report says (bottom line TOTAL_FAILED: the ingest refuses it by
    default, as an archive cannot keep a file it cannot open)."""
    report = validate("signed-encrypted-pubkey-with-catalog-ref.pdf", (ROOT_2,), NOV_2020)
    assert report.error is not None and report.error.startswith("EncryptedPdf:")
    assert "mã hóa" in report.error and "encrypted" in report.error
    assert report.signatures == []
    assert report.bottom_line == "TOTAL_FAILED"


def test_base_of_the_coverage_series_is_an_unfinished_signature() -> None:
    """No assertion by the authors: its /Contents is all zeros (a signature field prepared but
    never signed), which the signature's result says; nothing proves a signature false, so it
    is INDETERMINATE, not TOTAL_FAILED (issue #16)."""
    report = validate("coverage-anomalies/base.pdf", (ROOT_A,), NOV_2020)
    assert report.error is None
    (sig,) = report.signatures
    assert sig.status == "INDETERMINATE/FORMAT_FAILURE"
    assert "never completed" in sig.messages_en[0] and "chưa hoàn tất" in sig.messages_vi[0]
    assert {"integrity", "trust", "modifications"} <= set(sig.not_checked)
    assert report.bottom_line == "INDETERMINATE"
