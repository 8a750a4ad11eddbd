"""EU DSS RFC 4998 vectors (tests/fixtures/dss-ers/PROVENANCE.md): the outcomes their authors
assert, valid and invalid alike.

"valid" in DSS means integrity (data found, every reduced hash tree reduces to its message
imprint, every token's CMS signature intact): ``integrity_ok``. The DSS TSAs are not in any
trust store here, so ``timestamps_trusted`` is False for every one of them.
"""

from __future__ import annotations

import base64

import pytest

from archive.evidence.ers import DataObject, verify_record
from archive.signatures.trust import TrustStore
from tests.support.fixtures import fixture_dir

CORPUS = fixture_dir("dss-ers")
NO_TRUST = TrustStore(())


def data(label: str, content: bytes) -> DataObject:
    return DataObject(label, content)


def digest(label: str, b64: str, algorithm: str = "sha256") -> DataObject:
    return DataObject(label, digests={algorithm: base64.b64decode(b64)})


def file(name: str) -> DataObject:
    return DataObject(name, path=CORPUS / name)


TST_RENEWAL_DOCS = [
    digest("doc1", "nOLX01D5QYQHQ58MoR3MEquffNsV+ezF7Kk1SCYCuHI="),
    digest("doc2", "7sxNM1LA6WX9iHle39GmDFrAmzwRAMBS67auC9NDKyY="),
]
LKSG = DataObject(
    "LKSG_4.pdf",
    digests={
        "sha256": base64.b64decode("SMP/0kaannOThgfDF1Dly2qUG2Zbj5YMyNLSRZHWkO0="),
        "sha384": base64.b64decode(
            "EfWPNqRRVrdEffJtLzF/l13oPz9qGQ5IR/sbRZxglqIzS95wy128Yi/KBEGKaIIX"
        ),
    },
)
GROUP = [
    "EPRF0uQcTYjnF+PyR1a52z9fXpKZEAUx3d+jQAFfPos=",
    "Oida+g+rN0DmsVgqZOgAex7lYghgYcgQth4CXl5idH0=",
    "ZAiUg2B6CyVNPSiMgeaR4utRLwD3PPvMMBwXt0r3L7E=",
    "go+iO1ByVKxsnCPfTfTkZ9WYK45d52Dc7mrV1lUl6Ho=",
    "kG60U/JtBW9QHmxPX2+FH+I3q6FvtwS0G0kE1j6BT4Q=",
    "zFMwgPw86LH0Py/DPEAqMA3uqMgatCJe0UwKJxifjD8=",
]

VALID = [
    ("er-asn1-simple.ers", [data("1", b"1")], 1),
    ("BIN-1_ER.ers", [file("BIN-1.bin")], 1),
    ("ER-2Chains3ATS.ers", [file("ER-2Chains3ATS1.bin"), file("ER-2Chains3ATS2.bin")], 3),
    ("er-asn1-tst-renewal.ers", TST_RENEWAL_DOCS, 2),
    ("er-asn1-full-renewal-duplicated-data.ers", [data("t", b"\t")], 3),
    ("er-asn1-full-renewal.ers", [data("doc1", b"\x03"), data("doc2", b"\x01")], 3),
    ("er-asn1-full-renewal.ers", [data("doc1", b"\x03")], 3),
    ("er-asn1-full-renewal-two-ats-chain.ers", [data("doc1", b"\x03")], 4),
    ("er-asn1-full-renewal-three-ats-chain.ers", [data("doc1", b"\x03")], 5),
    ("er-asn1-full-renewal-five-ats-chain.ers", [data("doc1", b"\x03")], 7),
    ("er-asn1-full-renewal-tst-renewal.ers", [data("doc1", b"\x03")], 4),
    ("er-asn1-full-renewal-tst-renewal-chain-renewal.ers", [data("doc1", b"\x03")], 7),
    ("er-asn1-one-level-hashtree.ers", [data("doc1", b"\x02")], 3),
    ("1_0_Initial.er", [data("123456", b"123456")], 1),
    ("1_1_Renew_Unsorted.er", [data("123456", b"123456")], 2),
    ("1_2_Renew_Unsorted.er", [data("123456", b"123456")], 3),
    ("1_3_Renew_Unsorted.er", [data("123456", b"123456")], 4),
    ("LKSG_4.ers", [LKSG], 2),
    ("er-asn1-on-tst.ers", [file("d-trust.tsr")], 1),
    ("evidencerecord.ers", [digest(f"o{i}", d) for i, d in enumerate(GROUP)], 1),
    ("evidencerecord.ers", [digest("Oida", GROUP[1])], 1),
]


@pytest.mark.parametrize(("name", "objects", "timestamps"), VALID)
def test_dss_valid_vectors_verify(name: str, objects: list[DataObject], timestamps: int) -> None:
    report = verify_record((CORPUS / name).read_bytes(), objects, NO_TRUST, name=name)
    assert report.integrity_ok, report.reason
    assert len(report.checks) == timestamps
    assert all(c.input_found and c.imprint_ok and c.tst_intact for c in report.checks)
    assert not report.timestamps_trusted  # no DSS TSA root is trusted here
    assert "NO_CERTIFICATE_CHAIN_FOUND" in report.reason or "CONSTRAINTS" in report.reason


INVALID = [
    ("er-asn1-simple.ers", [data("0", b"0")], "data object(s) 0 not covered"),
    ("BIN-1_ER.ers", [digest("x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")], "not covered"),
    ("er-asn1-tst-renewal-invalid.ers", TST_RENEWAL_DOCS, "archive timestamp 2 (timestamp-renewal"),
    (
        "er-asn1-simple-invalid.ers",
        [
            digest("doc1", "nOPX01D5QYQHQ58MoR3MEquffNsV+ezF7Kk1SCYCuHI="),
            digest("doc2", "7s1NM1LA6WX9iHle39GmDFrAmzwRAMBS67auC9NDKyY="),
        ],
        "does not reduce to the message imprint",
    ),
    ("er-asn1-chain-renewal-invalid.ers", [data("doc1", b"\t")], "chain 2, archive timestamp 1"),
    (
        "er-asn1-chain-renewal-duplicated-data-invalid.ers",
        [data("t", b"\t")],
        "chain 2, archive timestamp 1 (hash-tree-renewal",
    ),
    # Stored with LF line endings; the record covers the CRLF version
    # (tests/fixtures/dss-ers/PROVENANCE.md, "Line endings").
    ("bsi_gov_vte-lza_002.ers", [file("bsi_gov_vte-lza_002.bin")], "not covered"),
    ("BIN-1_ER_malformed.ers", [file("BIN-1.bin")], "not a well-formed RFC 4998"),
    ("Signature-C-LT.p7m", [], "not a well-formed RFC 4998"),
    ("er-simple.xml", [], "not a well-formed RFC 4998"),
]


@pytest.mark.parametrize(("name", "objects", "why"), INVALID)
def test_dss_invalid_vectors_are_refused_with_the_reason(
    name: str, objects: list[DataObject], why: str
) -> None:
    report = verify_record((CORPUS / name).read_bytes(), objects, NO_TRUST, name=name)
    assert not report.integrity_ok and not report.valid
    assert why in report.reason, report.reason


def test_crlf_version_of_the_bsi_text_is_found() -> None:
    crlf = (CORPUS / "bsi_gov_vte-lza_002.bin").read_bytes().replace(b"\n", b"\r\n")
    report = verify_record(
        (CORPUS / "bsi_gov_vte-lza_002.ers").read_bytes(), [data("crlf", crlf)], NO_TRUST
    )
    assert report.integrity_ok, report.reason


def test_hash_tree_renewal_concatenation_is_unsorted() -> None:
    """1_1 chain 2 verifies only with H(d) ‖ ha unsorted (tests/fixtures/dss-ers/PROVENANCE.md,
    "Hash-tree renewal is unsorted")."""
    report = verify_record(
        (CORPUS / "1_1_Renew_Unsorted.er").read_bytes(), [data("x", b"123456")], NO_TRUST
    )
    assert [c.kind for c in report.checks] == ["initial", "hash-tree-renewal"]
    assert report.checks[1].input_found
