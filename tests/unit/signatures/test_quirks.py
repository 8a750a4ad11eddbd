"""The quirks corpus (tests/support/quirks.py, docs/signatures.md "Quirks"): every file gets the
verdict the table gives it, with its reason in Vietnamese and English, and never a traceback;
tampered, every one of them is never TOTAL_PASSED.

Each quirk reproduces one failure class of issue #16 (the exception pyHanko raised is named in
the ``detail``). Files are signed at ``SIGNING_TIME`` and validated "later that day" against the
served test PKI. A seeded fuzz adds what no list foresees: bytes flipped anywhere in a signed
file, files cut anywhere.
"""

from __future__ import annotations

import json
import random
import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import parser as asn1_parser
from freezegun import freeze_time
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from archive.demo.pdf import render_pdf
from archive.signatures.report import ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.pki import ND30_DOCUMENT, SIGNING_TIME, TestPki, sign_test_pdf
from tests.support.quirks import QUIRKS, SHA256_WITH_RSA, Quirk, build, flip_signed_byte
from tests.unit.signatures.test_validate import swap_page_contents

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
DOCS = Path(__file__).resolve().parents[3] / "docs" / "signatures.md"
BY_NAME = {q.name: q for q in QUIRKS}


@pytest.fixture(scope="module")
def corpus(pki: TestPki) -> dict[str, bytes]:
    return {q.name: build(pki, q) for q in QUIRKS}


@pytest.fixture(scope="module")
def cfg(pki: TestPki) -> ValidationSettings:
    return ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)


def check(data: bytes, cfg: ValidationSettings, tmp: Path, name: str = "q.pdf") -> ValidationReport:
    path = tmp / name
    path.write_bytes(data)
    with freeze_time(LATER_THAT_DAY, tick=True):
        report, _ = validate_pdf(path, cfg)
    json.dumps(report.as_dict(), ensure_ascii=False)  # the report is JSON, whatever happened
    return report


def bilingual(report: ValidationReport) -> None:
    for sig in report.signatures:
        assert sig.messages_vi and sig.messages_en
        assert len(sig.messages_vi) == len(sig.messages_en)
        for vi, en in zip(sig.messages_vi, sig.messages_en, strict=True):
            assert vi and en and vi != en


@pytest.mark.parametrize("quirk", QUIRKS, ids=[q.name for q in QUIRKS])
def test_quirk_gets_the_verdict_of_the_table(
    quirk: Quirk, corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(corpus[quirk.name], cfg, tmp_path)
    assert report.error is None  # a verdict per signature, not a verdict on the file
    assert tuple(s.status for s in report.signatures) == quirk.statuses
    bilingual(report)
    not_passed = [s for s in report.signatures if s.indication != "TOTAL_PASSED"]
    for sig in not_passed:
        if quirk.not_checked is not None:
            assert quirk.not_checked in sig.not_checked, sig.not_checked
    if quirk.detail is not None:
        assert report.signatures[0].detail is not None
        assert quirk.detail in report.signatures[0].detail
    for sig in report.signatures:  # what can be known is reported
        if "integrity" not in sig.not_checked:
            assert sig.signer_subject.startswith("Common Name:")
            assert sig.digest_algorithm and sig.signature_algorithm


@pytest.mark.parametrize("quirk", QUIRKS, ids=[q.name for q in QUIRKS])
def test_tampered_quirk_is_never_passed(
    quirk: Quirk, corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    """One bit flipped in the header, inside every signed range."""
    report = check(flip_signed_byte(corpus[quirk.name]), cfg, tmp_path)
    assert report.bottom_line != "TOTAL_PASSED"
    assert "TOTAL_PASSED" not in {s.indication for s in report.signatures}
    for sig in report.signatures:
        if "integrity" not in sig.not_checked:  # where the bytes could be checked, it says so
            assert sig.status == "TOTAL_FAILED/HASH_FAILURE"
    bilingual(report)


READABLE = [q for q in QUIRKS if q.readable]


@pytest.mark.parametrize("quirk", READABLE, ids=[q.name for q in READABLE])
def test_page_swapped_after_a_quirk_is_never_passed(
    quirk: Quirk, corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Tamper case 2 of docs/signatures.md (an update that replaces the page) on every quirk
    pyHanko can still write to."""
    report = check(swap_page_contents(corpus[quirk.name]), cfg, tmp_path)
    assert report.bottom_line != "TOTAL_PASSED"
    assert "TOTAL_PASSED" not in {s.indication for s in report.signatures}


def test_the_digest_quirk_is_read_as_its_hash_and_said(
    corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Issue #16's AttributeError (``hashes has no attribute '1.2.840.113549.1.1.11'``): the
    file passes as BouncyCastle and EU DSS pass it, and the report says how it was read."""
    report = check(corpus["oid-digest-sha256WithRSA"], cfg, tmp_path)
    (sig,) = report.signatures
    assert (sig.digest_algorithm, sig.signature_algorithm) == ("sha256", "rsa-2048")
    assert sig.signer_name == "Phạm Thị Dung"
    assert any(SHA256_WITH_RSA in m and "sha256" in m for m in sig.messages_en)
    assert any(SHA256_WITH_RSA in m and "đọc là sha256" in m for m in sig.messages_vi)
    stored = corpus["oid-digest-sha256WithRSA"]
    assert (tmp_path / "q.pdf").read_bytes() == stored  # read, never rewritten


def test_structure_problems_keep_what_is_known(
    corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Issue #16 part 2: the B-LTA whose later update refers to an object that does not exist
    (``KeyError: Reference(idnum=60…)``) still says who signed, when, over what, and that the
    signature is intact and trusted; only the modification analysis is INDETERMINATE."""
    report = check(corpus["dss-dangling-reference"], cfg, tmp_path)
    sig, stamp = report.signatures
    assert (sig.intact, sig.valid, sig.trusted) == (True, True, True)
    assert sig.revocation_status == "good"
    assert (sig.coverage, sig.pades_level, sig.kind) == ("ENTIRE_REVISION", "B-LTA", "personal")
    assert sig.signer_name == "Phạm Thị Dung"
    assert sig.claimed_signing_time is not None and sig.timestamp_time is not None
    assert sig.modification_level is None and sig.modified_after_signing
    assert "could not be analysed" in sig.messages_en[0]
    assert "Không phân tích được" in sig.messages_vi[0]
    assert (stamp.kind, stamp.intact, stamp.trusted) == ("timestamp", True, True)


def test_a_file_pyhanko_cannot_open_is_checked_on_its_bytes(
    corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    report = check(corpus["appended-eof"], cfg, tmp_path)
    sig, stamp = report.signatures
    assert (sig.intact, sig.valid, sig.trusted) == (True, True, True)
    assert sig.coverage == "ENTIRE_REVISION" and sig.pades_level == "B-T"
    assert sig.claimed_signing_time is not None and sig.claimed_signing_time.startswith(
        "2026-11-20"
    )
    assert (stamp.kind, stamp.intact) == ("timestamp", True)
    assert "checked directly on the signed bytes" in sig.messages_en[0]


def _cms_ending_in_zero(data: bytes) -> bytes:
    """The file with the last byte of its (last) CMS set to zero, inside the padded
    ``/Contents``: about one signature in 256 ends so by chance."""
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    der = bytes.fromhex(data[start:end].decode())
    header = asn1_parser.parse(der)
    last = len(header[3]) + len(header[4]) - 1
    assert der[last] != 0 and not der[last + 1 :].strip(b"\x00")
    at = start + 2 * last
    return data[:at] + b"00" + data[at + 2 :]


def test_a_cms_ending_in_a_zero_byte_is_still_read(
    corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path
) -> None:
    """The zero byte is part of the CMS, not of the padding (the CI failure of 2026-12-07: a
    truncated file whose timestamp token happened to end in 0x00 lost its verdict)."""
    report = check(_cms_ending_in_zero(corpus["truncated"]), cfg, tmp_path)
    (sig,) = report.signatures
    assert sig.status == "TOTAL_FAILED/HASH_FAILURE"
    assert sig.signer_name == "Phạm Thị Dung"


def test_unsigned_pdf_is_no_signature_and_a_removed_field_is_not(
    corpus: dict[str, bytes], cfg: ValidationSettings, tmp_path: Path, pki: TestPki
) -> None:
    """NO_SIGNATURE only when the bytes hold none: a signature whose field was removed from the
    form is still reported (unreachable-signature)."""
    assert check(corpus["unreachable-signature"], cfg, tmp_path).bottom_line == "INDETERMINATE"
    with freeze_time(SIGNING_TIME, tick=True):
        signed = sign_test_pdf(pki, _unsigned(), "B-B", "signer-rsa")  # the quirks' signer
    assert check(signed, cfg, tmp_path).bottom_line == "TOTAL_PASSED"
    assert check(_unsigned(), cfg, tmp_path).bottom_line == "NO_SIGNATURE"


def _unsigned() -> bytes:
    return render_pdf(ND30_DOCUMENT)


def test_the_docs_table_is_the_corpus() -> None:
    """docs/signatures.md, "Quirks": one row per quirk, with the statuses checked above."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Quirks", 1)[1].split("\n## ", 1)[0]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([A-Za-z0-9-]+)` \|[^|]*\|[^|]*\| ([^|]+) \|", section, re.M)
    }
    assert set(rows) == set(BY_NAME)
    for name, cell in rows.items():
        shown = tuple(x.strip() for x in cell.replace("`", "").split(","))
        assert shown == BY_NAME[name].statuses, name


# --------------------------------------------------------------------------- seeded fuzz


@pytest.fixture(scope="module")
def lta(pki: TestPki) -> bytes:
    with freeze_time(SIGNING_TIME, tick=True):
        return sign_test_pdf(pki, _unsigned(), "B-LTA", "signer-rsa")


def _signed_ranges(data: bytes) -> list[tuple[int, int]]:
    """Every signed range of every signature and document timestamp."""
    out = []
    for found in re.finditer(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", data):
        a, la, b, lb = (int(x) for x in found.groups())
        out += [(a, a + la), (b, b + lb)]
    return out


def test_fuzz_never_raises_and_never_passes_a_changed_signed_byte(
    lta: bytes, cfg: ValidationSettings, tmp_path: Path
) -> None:
    """Seeded (16): 40 single-byte changes anywhere in a B-LTA file, 20 cuts anywhere."""
    rng = random.Random(16)
    ranges = _signed_ranges(lta)
    assert len(ranges) == 4  # the signature and the document timestamp
    for i in range(40):
        at = rng.randrange(len(lta))
        changed = bytearray(lta)
        changed[at] ^= 1 << rng.randrange(8)
        report = check(bytes(changed), cfg, tmp_path, f"flip-{i}.pdf")
        covering = [a <= at < b for a, b in ranges]
        if any(covering):  # a signed byte: whoever signs it cannot pass
            assert report.bottom_line != "TOTAL_PASSED", at
    for i in range(20):
        report = check(lta[: rng.randrange(len(lta))], cfg, tmp_path, f"cut-{i}.pdf")
        assert report.bottom_line != "TOTAL_PASSED"
        bilingual(report)


def test_an_incremental_update_can_still_be_added_to_readable_quirks(
    corpus: dict[str, bytes],
) -> None:
    """What ``readable`` means in tests/support/quirks.py."""
    for quirk in QUIRKS:
        if quirk.readable:
            IncrementalPdfFileWriter(BytesIO(corpus[quirk.name]))
