"""The protection horizon (archive/signatures/horizon.py): until when a file's evidence holds.

The earliest of: the newest document timestamp's TSA certificate expiry (or, without one, the
signer certificates' expiry) and the sunset of every algorithm in use (crypto-suite table).
Synthetic reports check the rule; reports of PDFs signed with the served test PKI check that
``validate_pdf`` gives it what it needs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from freezegun import freeze_time

from archive.config import DEFAULT_CRYPTO_SUITE
from archive.signatures.horizon import protection_horizon
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.pki import SIGNING_TIME, TestPki, renew_lta, sign_nd30_pdf

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
NO_SUNSETS: dict[str, str] = {}


def sig(
    kind: str = "personal",
    not_after: str = "2027-06-30T00:00:00+00:00",
    timestamp_time: str | None = None,
    digest: str = "sha256",
    algorithm: str = "ecdsa-secp256r1",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "not_after": not_after,
        "timestamp_time": timestamp_time,
        "digest_algorithm": digest,
        "signature_algorithm": algorithm,
    }


def stamp(time: str, not_after: str, **kw: Any) -> dict[str, Any]:
    return sig("timestamp", not_after, time, **kw)


# --------------------------------------------------------------------------- the rule


def test_unsigned_file_has_no_horizon() -> None:
    assert protection_horizon({"signatures": []}) is None
    assert protection_horizon({}) is None


def test_without_document_timestamp_the_earliest_signer_expiry() -> None:
    report = {
        "signatures": [
            sig(not_after="2028-01-01T00:00:00+00:00"),
            sig("organisation", not_after="2027-06-30T00:00:00+00:00"),
        ]
    }
    assert protection_horizon(report, NO_SUNSETS) == date(2027, 6, 30)
    assert protection_horizon(report) == date(2027, 6, 30)


def test_with_document_timestamps_the_newest_tsa_expiry_counts() -> None:
    """The older TSA (2045) and the expired signer (2027) are protected by the newest stamp."""
    report = {
        "signatures": [
            sig(),
            stamp("2040-03-01T12:00:00+00:00", "2070-01-01T00:00:00+00:00"),
            stamp("2026-11-20T02:00:02+00:00", "2045-01-01T00:00:00+00:00"),
        ]
    }
    assert protection_horizon(report, NO_SUNSETS) == date(2070, 1, 1)


def test_algorithm_sunsets_bound_the_horizon() -> None:
    report = {"signatures": [sig(not_after="2040-01-01T00:00:00+00:00", algorithm="rsa-2048")]}
    assert DEFAULT_CRYPTO_SUITE["rsa-2048"] == "2030-12-31"
    assert protection_horizon(report) == date(2030, 12, 31)
    weak_hash = {"signatures": [sig(not_after="2040-01-01T00:00:00+00:00", digest="sha1")]}
    assert protection_horizon(weak_hash) == date(2012, 1, 1)  # long past: renew or re-sign


def test_custom_suite_replaces_the_default() -> None:
    report = {"signatures": [sig(not_after="2040-01-01T00:00:00+00:00")]}
    assert protection_horizon(report) == date(2035, 12, 31)  # sha256 and P-256
    assert protection_horizon(report, {"sha256": "2031-06-30"}) == date(2031, 6, 30)
    assert protection_horizon(report, NO_SUNSETS) == date(2040, 1, 1)


# --------------------------------------------------------------------------- real reports


@pytest.fixture(scope="module")
def reports(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("horizon")
    cfg = ValidationSettings(TrustStore.from_paths([pki.root_pem_path]))
    with freeze_time(SIGNING_TIME, tick=True):
        files = {"lta": sign_nd30_pdf(pki, "B-LTA"), "bb": sign_nd30_pdf(pki, "B-B")}
    with freeze_time("2040-03-01T12:00:00+00:00", tick=True):
        files["renewed"] = renew_lta(pki, files["lta"], "tsa2")
    out: dict[str, dict[str, Any]] = {}
    with freeze_time(LATER_THAT_DAY, tick=True):
        for name in ("lta", "bb"):
            (tmp / name).write_bytes(files[name])
            out[name] = validate_pdf(tmp / name, cfg)[0].as_dict()
    with freeze_time("2040-03-01T13:00:00+00:00", tick=True):
        (tmp / "renewed").write_bytes(files["renewed"])
        out["renewed"] = validate_pdf(tmp / "renewed", cfg)[0].as_dict()
    return out


def test_b_b_ends_with_the_signer_certificates(reports: dict[str, dict[str, Any]]) -> None:
    assert protection_horizon(reports["bb"]) == date(2027, 6, 30)


def test_b_lta_ends_with_its_tsa_or_its_algorithms(reports: dict[str, dict[str, Any]]) -> None:
    lta = reports["lta"]
    assert {s["signature_algorithm"] for s in lta["signatures"]} == {"ecdsa-secp256r1"}
    assert {s["digest_algorithm"] for s in lta["signatures"]} == {"sha256"}
    assert protection_horizon(lta, NO_SUNSETS) == date(2045, 1, 1)  # tsa's certificate
    assert protection_horizon(lta) == date(2035, 12, 31)  # SHA-256 / P-256 sunset first


def test_renewal_moves_the_horizon_to_the_successor_tsa(
    reports: dict[str, dict[str, Any]],
) -> None:
    renewed = reports["renewed"]
    assert renewed["bottom_line"] == "TOTAL_PASSED"
    assert protection_horizon(renewed, NO_SUNSETS) == date(2070, 1, 1)  # tsa2's certificate
