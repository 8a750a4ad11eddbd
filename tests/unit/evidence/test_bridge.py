"""``archive verify`` looks for an evidence record over each file and says what it proves.

The record is verified offline; when valid, the digests of every signature value, signature
timestamp and DSS object of the PDF (and of the validation data kept beside it) are handed to
pyHanko as proofs of existence at the record's first archive timestamp, and the report lists
the record (``ValidationReport.poe``). What pyHanko makes of them is documented in
docs/evidence.md ("Bridge to signatures"): it does not yet turn an expired B-B or B-LT into
TOTAL_PASSED, because the revocation data the archive holds predates the proven time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import person_agent
from archive.evidence import service
from archive.evidence.bridge import _pdf_objects
from archive.signatures.verify import verify
from tests.support.pki import SIGNING_TIME, TestPki, sign_nd30_pdf
from tests.support.signed import doc_code, ingest, open_home, package

AFTER_INGEST = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def blt(pki: TestPki) -> bytes:
    with freeze_time(SIGNING_TIME, tick=True):
        return sign_nd30_pdf(pki, "B-LT")


def test_verify_reports_the_evidence_record_as_proof_of_existence(
    tmp_path: Path, pki: TestPki, blt: bytes
) -> None:
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 1, blt))
        with freeze_time(AFTER_INGEST, tick=True):
            before = verify(archive, doc_code(1), at=None, agent=person_agent("an"))
            service.build(archive, agent=person_agent("lan"))
            after = verify(archive, doc_code(1), at=None, agent=person_agent("an"))
        assert before.reports[0].poe == []
        [report] = after.reports
        assert report.bottom_line == "TOTAL_PASSED"  # a proof added never makes it worse
        [proof] = report.poe
        assert proof["source"] == "RFC 4998 evidence record"
        assert proof["valid"] == "true" and proof["time"].startswith("2026-11-20T06:00")
        # In 2050 the TSA of the (unrenewed) record has expired: listed, not trusted, no POE.
        with freeze_time(datetime(2050, 1, 1, tzinfo=UTC), tick=True):
            late = verify(archive, doc_code(1), at=None, agent=person_agent("an"))
        [proof] = late.reports[0].poe
        assert proof["valid"] == "false" and "not trusted" in proof["reason"]
        assert "time" not in proof


def test_poe_digests_cover_signatures_their_timestamps_and_the_dss(
    tmp_path: Path, blt: bytes
) -> None:
    pdf = tmp_path / "blt.pdf"
    pdf.write_bytes(blt)
    digests = _pdf_objects(pdf)
    # two signatures, each with a signature timestamp, plus certificates and OCSP/CRL of the DSS
    assert len(digests) > 4 and len(set(digests)) == len(digests)
