"""Reading envelopes: the variants real systems write, and the hostile ones, each refused with
its own finding. No PKI here: the reader is checked on unsigned envelopes (signatures:
test_intake.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.edxml.envelope import Limits, read_envelope
from archive.edxml.header import Envelope, interpret
from archive.findings import Finding
from tests.support import edxml

LIMITS = Limits(envelope_bytes=10 * 1024 * 1024, attachment_bytes=1024 * 1024, attachments=5)
PDF_A = b"%PDF-1.7\n" + bytes(range(256)) * 40
PDF_B = b"%PDF-1.7\nsecond attachment\n" * 10


def _read(
    tmp_path: Path, data: bytes, limits: Limits = LIMITS
) -> tuple[Envelope | None, list[Finding]]:
    path = tmp_path / "envelope.xml"
    path.write_bytes(data)
    staging = tmp_path / "staging"
    staging.mkdir()
    root, raw, findings = read_envelope(path, staging, limits)
    if root is None:
        return None, findings
    env, more = interpret(root, raw, limits, path.name)
    return env, findings + more


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings if f.severity == "error"]


@pytest.mark.parametrize("prefixed", [True, False])
@pytest.mark.parametrize("soap_trace", [True, False])
@pytest.mark.parametrize("business_in_trace", [True, False])
def test_the_shapes_real_systems_write_all_read_alike(
    tmp_path: Path, prefixed: bool, soap_trace: bool, business_in_trace: bool
) -> None:
    doc = edxml.Doc(
        attachments=[("cv.pdf", PDF_A)],
        prefixed=prefixed,
        soap_trace=soap_trace,
        business_in_trace=business_in_trace,
        business_type="2",
        business_ref="000.00.00.G09,2026,14",
    )
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == []
    assert env.header["Code"] == {"CodeNumber": "15", "CodeNotation": "BNV-VP"}
    assert env.header["From"]["OrganName"] == "Bộ Nội vụ"
    assert env.document_id == "000.00.00.G09,2026,15"
    assert [t["OrganId"] for t in env.trace] == ["000.00.00.G09", "000.00.00.H00"]
    assert env.business_type == "update"
    assert env.business["DocumentId"] == "000.00.00.G09,2026,14"
    assert not env.signed


@pytest.mark.parametrize("payload", ["Content", "ContentTransferEncoded"])
@pytest.mark.parametrize("cid_prefix", [True, False])
def test_attachments_are_decoded_and_matched_by_content_id(
    tmp_path: Path, payload: str, cid_prefix: bool
) -> None:
    doc = edxml.Doc(
        attachments=[("cv.pdf", PDF_A), ("phu-luc.pdf", PDF_B)],
        payload=payload,
        cid_prefix=cid_prefix,
    )
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == []
    assert [a.name for a in env.attachments] == ["cv.pdf", "phu-luc.pdf"]
    for attachment, data in zip(env.attachments, (PDF_A, PDF_B), strict=True):
        assert attachment.path.read_bytes() == data
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
        assert attachment.size == len(data)


def test_manifest_with_cid_matches_attachment_without(tmp_path: Path) -> None:
    doc = edxml.Doc(
        attachments=[("cv.pdf", PDF_A)],
        manifest_ids=["cid:x1@edxml"],
        attachment_ids=["<x1@edxml>"],
    )
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == []
    assert env.attachments[0].content_id == "x1@edxml"


def _inject_doctype(data: bytes, dtd: str) -> bytes:
    head, _, rest = data.partition(b"?>")
    return head + b"?>\n" + dtd.encode() + rest


def test_xxe_is_refused_before_parsing(tmp_path: Path) -> None:
    dtd = '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = _inject_doctype(edxml.envelope(edxml.Doc(attachments=[("cv.pdf", PDF_A)])), dtd)
    data = data.replace("V/v nộp".encode(), b"&xxe;")
    env, findings = _read(tmp_path, data)
    assert env is None and _codes(findings) == ["XML002"]


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    dtd = (
        '<!DOCTYPE edXML [<!ENTITY l0 "lol">'
        + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    data = _inject_doctype(edxml.envelope(edxml.Doc(attachments=[("cv.pdf", PDF_A)])), dtd)
    data = data.replace("V/v nộp".encode(), b"&l9;")
    env, findings = _read(tmp_path, data)
    assert env is None and _codes(findings) == ["XML002"]


def test_a_one_gigabyte_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as fh:  # sparse: 1 GiB claimed, nothing written
        fh.write(edxml.envelope(edxml.Doc(attachments=[("cv.pdf", PDF_A)]))[:200])
        fh.seek(1024**3)
        fh.write(b"</edXML:edXML>")
    staging = tmp_path / "staging"
    staging.mkdir()
    root, _raw, findings = read_envelope(path, staging, LIMITS)
    assert root is None and _codes(findings) == ["EDX002"]
    assert list(staging.iterdir()) == []


def test_an_attachment_over_the_limit_stops_decoding(tmp_path: Path) -> None:
    big = b"%PDF-1.7\n" + b"\x00" * (LIMITS.attachment_bytes + 10)
    env, findings = _read(tmp_path, edxml.envelope(edxml.Doc(attachments=[("big.pdf", big)])))
    assert env is not None and _codes(findings) == ["EDX009"]
    staged = tmp_path / "staging" / "attachment-001"
    assert staged.stat().st_size <= LIMITS.attachment_bytes


def test_a_content_id_that_matches_nothing(tmp_path: Path) -> None:
    doc = edxml.Doc(attachments=[("cv.pdf", PDF_A)], attachment_ids=["cid:other@edxml"])
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None
    assert _codes(findings) == ["EDX005", "EDX006"]


def test_duplicate_attachments(tmp_path: Path) -> None:
    doc = edxml.Doc(
        attachments=[("cv.pdf", PDF_A), ("cv.pdf", PDF_A)],
        manifest_ids=["cid:a@x", "cid:a@x"],
        attachment_ids=["cid:a@x", "cid:a@x"],
    )
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == ["EDX007"]


def test_a_wrong_document_id(tmp_path: Path) -> None:
    doc = edxml.Doc(attachments=[("cv.pdf", PDF_A)], document_id="000.00.00.G09,2025,16")
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == ["EDX010"]
    assert "000.00.00.G09,2026,15" in findings[0].message_en


def test_bad_base64(tmp_path: Path) -> None:
    data = edxml.envelope(edxml.Doc(attachments=[("cv.pdf", PDF_A)]))
    head, sep, rest = data.partition(b"ContentTransferEncoded>")
    data = head + sep + b"!!!!" + rest
    env, findings = _read(tmp_path, data)
    assert env is not None and _codes(findings) == ["EDX008"]


def test_too_many_attachments(tmp_path: Path) -> None:
    doc = edxml.Doc(attachments=[(f"{i}.pdf", PDF_B) for i in range(LIMITS.attachments + 1)])
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None and _codes(findings) == ["EDX013"]


def test_missing_fields_and_bad_values_are_named(tmp_path: Path) -> None:
    doc = edxml.Doc(attachments=[("cv.pdf", PDF_A)], subject="", date="31/02/2026", document_id="")
    env, findings = _read(tmp_path, edxml.envelope(doc))
    assert env is not None
    assert _codes(findings) == ["EDX003", "EDX004"]
    assert "Subject" in findings[0].message_en and "PromulgationDate" in findings[1].message_en


def test_no_attachment_at_all(tmp_path: Path) -> None:
    env, findings = _read(tmp_path, edxml.envelope(edxml.Doc()))
    assert env is not None and _codes(findings) == ["EDX014"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<?xml version='1.0'?><root xmlns='urn:other'/>", "EDX001"),
        (b"<?xml version='1.0'?><edXML xmlns='urn:other'><edXMLEnvelope/></edXML>", "EDX001"),
        (b"not xml at all", "XML001"),
        (b"<?xml version='1.0'?><edXML", "XML001"),
    ],
)
def test_what_is_not_an_envelope(tmp_path: Path, data: bytes, code: str) -> None:
    env, findings = _read(tmp_path, data)
    assert env is None and _codes(findings) == [code]


@pytest.mark.parametrize("code", ["01", "02", "03", "04", "05", "06", "13", "15", "16"])
def test_status_envelopes_are_read_as_status(tmp_path: Path, code: str) -> None:
    env, findings = _read(tmp_path, edxml.status(code, description="lý do"))
    assert env is not None and env.kind == "status" and _codes(findings) == []
    assert env.header["StatusCode"] == code
    assert env.header["ResponseFor"]["DocumentId"] == "000.00.00.G09,2026,15"


def test_an_unknown_status_code(tmp_path: Path) -> None:
    env, findings = _read(tmp_path, edxml.status("99"))
    assert env is not None and _codes(findings) == ["EDX004"]
