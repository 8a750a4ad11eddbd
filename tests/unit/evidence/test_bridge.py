"""Evidence records as proofs of existence in ``archive verify`` (docs/evidence.md,
"Bridge to signatures").

An NĐ 30 B-LT document is signed on 2026-11-20 (signer certificates valid until mid-2027, the
signature timestamps' TSA until 2045) and validated in 2050 with the clock frozen (ticking):
then nothing in the PDF proves the signatures existed while their certificates were valid.
An evidence record built after ingest (with revocation data fetched right after its
timestamp) and renewed in 2044 with the successor TSA does: ``archive verify`` passes it to
pyHanko's past signature validation and says so in the report (``poe``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import Archive, person_agent
from archive.config import DEFAULT_CRYPTO_SUITE
from archive.evidence import service
from archive.evidence.bridge import _pdf_objects
from archive.evidence.verify import verify
from tests.support.pki import SIGNING_TIME, TestPki, sign_nd30_pdf
from tests.support.signed import doc_code, ingest, open_home, package

AFTER_INGEST = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
IN_2044 = datetime(2044, 3, 1, tzinfo=UTC)
IN_2050 = datetime(2050, 6, 1, tzinfo=UTC)
# The test TSAs sign with ECDSA P-256: let it last, so the TSA certificates set the horizon.
SUITE = {**DEFAULT_CRYPTO_SUITE, "sha256": "2060-12-31", "ecdsa-secp256r1": "2060-12-31"}


@pytest.fixture(scope="module")
def signed(pki: TestPki) -> dict[str, bytes]:
    with freeze_time(SIGNING_TIME, tick=True):
        return {level: sign_nd30_pdf(pki, level) for level in ("B-B", "B-LT")}


def verdict(archive: Archive, n: int, at: datetime) -> tuple[list[str], list[dict[str, str]]]:
    with freeze_time(at, tick=True):
        result = verify(archive, doc_code(n), at=None, agent=person_agent("kiểm toán"))
    [report] = result.reports
    return [s.status for s in report.signatures], report.poe


def test_b_lt_of_2026_validates_in_2050_through_its_renewed_evidence_record(
    tmp_path: Path, pki: TestPki, signed: dict[str, bytes]
) -> None:
    home = tmp_path / "home"
    with open_home(home, pki, tsa_url=pki.tsa_url("tsa"), crypto_suite=SUITE) as archive:
        ingest(archive, package(tmp_path, 1, signed["B-LT"]))
        ingest(archive, package(tmp_path, 2, signed["B-B"]))
        statuses, poe = verdict(archive, 1, IN_2050)
        assert statuses == ["INDETERMINATE/OUT_OF_BOUNDS_NO_POE"] * 2 and poe == []
        with freeze_time(AFTER_INGEST, tick=True):
            first, second = service.build(archive, agent=person_agent("lan"))
        # The second batch covers the revocation data fetched after the first one's timestamp.
        assert second.leaves > 4 and second.audit_from is None
        # Built but not renewed: in 2050 its 2026 TSA has expired, so it proves nothing.
        statuses, [proof] = verdict(archive, 1, IN_2050)
        assert statuses == ["INDETERMINATE/OUT_OF_BOUNDS_NO_POE"] * 2
        assert proof["valid"] == "false" and "not trusted" in proof["reason"]
    # Offline from here on: what the archive holds is all the revocation data there is.
    offline = {"crypto_suite": SUITE, "signature_fetch": False}
    with open_home(home, pki, tsa_url=pki.tsa_url("tsa2"), **offline) as archive:
        due = service.plan_renewals(archive, IN_2044)
        assert {d.batch for d in due} == {first.object_id, second.object_id}
        with freeze_time(IN_2044, tick=True):
            for item in due:
                service.renew(archive, item, agent=person_agent("lan"))
        statuses, [proof] = verdict(archive, 1, IN_2050)
        assert statuses == ["TOTAL_PASSED"] * 2, proof
        assert proof["source"] == "RFC 4998 evidence record" and proof["valid"] == "true"
        assert proof["time"].startswith("2026-11-20T06:00")
        assert int(proof["revocation_data_after"]) > 0
        assert proof["revocation_data_proven"] == proof["revocation_data_after"]
        # B-B: not achieved. pyHanko's past validation needs a signature timestamp, and its
        # basic validation ignores proofs of existence (docs/evidence.md).
        statuses, [proof] = verdict(archive, 2, IN_2050)
        assert proof["valid"] == "true"
        assert all(s.startswith("INDETERMINATE/") for s in statuses)


def test_a_fresh_document_still_passes_with_its_record(
    tmp_path: Path, pki: TestPki, signed: dict[str, bytes]
) -> None:
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 1, signed["B-LT"]))
        with freeze_time(AFTER_INGEST, tick=True):
            service.build(archive, agent=person_agent("lan"))
        statuses, [proof] = verdict(archive, 1, AFTER_INGEST)
        assert statuses == ["TOTAL_PASSED"] * 2 and proof["valid"] == "true"


def test_poe_digests_cover_signatures_their_timestamps_and_the_dss(
    tmp_path: Path, signed: dict[str, bytes]
) -> None:
    pdf = tmp_path / "blt.pdf"
    pdf.write_bytes(signed["B-LT"])
    digests = _pdf_objects(pdf)
    # two signatures and their two signature timestamps, then the DSS's certificates and OCSP
    assert len(digests) > 4 and len(set(digests)) == len(digests)
