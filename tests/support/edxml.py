"""edXML envelopes (QCVN 102:2016) built by code, in the variants real exchange systems write.

:func:`envelope` writes a document envelope: children prefixed (``edXML:``) or in the default
namespace, ``TraceHeaderList`` with or without the SOAP attributes, ``Bussiness`` beside or
inside the trace list, attachments outside the envelope in ``Content`` or
``ContentTransferEncoded``, ContentIds with or without ``cid:``, an XML-DSig signature made
with a test-PKI key or none. :func:`status` writes a ``Status`` envelope. The hostile ones
(XXE, billion laughs, a sparse 1 GB file, …) are built by the tests from these.
:func:`dossier_sheet` writes the dossier sheet of ``archive tray assemble`` (filing);
:func:`recall_of` and :func:`update_of` the envelopes that recall, update or replace a document.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from freezegun import freeze_time
from lxml import etree
from signxml import SignatureMethod, XMLSigner, methods

from archive.bootstrap import Archive, person_agent
from archive.edxml.envelope import Limits, read_envelope
from archive.edxml.header import interpret
from archive.edxml.intake import Intake, import_envelope
from tests.support.pki import TestPki
from tests.support.signed import LATER_THAT_DAY

__all__ = [
    "FILE_CODE",
    "NS",
    "Doc",
    "dossier_sheet",
    "envelope",
    "import_file",
    "read_reply",
    "recall_of",
    "sign",
    "status",
    "update_of",
]


def _warm_up_cryptography() -> None:
    """Make ``cryptography``'s Rust code look up ``datetime.datetime`` now, at import.

    It looks the class up once per process, on first use, and keeps it. The intake verifies
    XML signatures at the archive clock's time; under a test's ``freeze_time`` a first lookup
    would keep freezegun's fake class, and every later certificate made in that test process
    (another module's fixtures) would fail with "not an instance of 'FakeDatetime'".
    """
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warm-up")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    assert cert.not_valid_before_utc <= cert.not_valid_after_utc
    x509.verification.PolicyBuilder().time(now)


_warm_up_cryptography()

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SENDER = "000.00.00.G09"
RECEIVER = "000.00.12.H23"


@dataclass
class Doc:
    """What one document envelope says (defaults: a signed công văn of Bộ Nội vụ)."""

    number: str = "15"
    notation: str = "BNV-VP"
    date: str = "18/11/2026"
    subject: str = "V/v nộp lưu hồ sơ điện tử năm 2026"
    type_name: str = "Công văn"
    sender: str = SENDER
    sender_name: str = "Bộ Nội vụ"
    signer: tuple[str, str, str] = ("TL. Bộ trưởng", "Chánh Văn phòng", "Nguyễn Văn An")
    business_type: str = "0"
    business_ref: str = ""  # DocumentId of the recalled, updated or replaced document
    document_id: str | None = None  # None: sender,year,number; "" leaves it out
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    prefixed: bool = True
    soap_trace: bool = True
    business_in_trace: bool = False
    payload: str = "ContentTransferEncoded"
    cid_prefix: bool = True
    manifest_ids: list[str] | None = None  # override the manifest's ContentIds
    attachment_ids: list[str] | None = None  # override the attachments' ContentIds


def _q(doc: Doc, name: str) -> str:
    return f"{{{NS}}}{name}"


def _add(parent: etree._Element, doc: Doc, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, _q(doc, name))
    if text is not None:
        el.text = text
    return el


def _organ(parent: etree._Element, doc: Doc, name: str, organ: str, organ_name: str) -> None:
    node = _add(parent, doc, name)
    _add(node, doc, "OrganId", organ)
    _add(node, doc, "OrganName", organ_name)
    _add(node, doc, "OrganAdd", "Hà Nội")


def _header(envelope: etree._Element, doc: Doc) -> None:
    head = _add(envelope, doc, "edXMLHeader")
    msg = _add(head, doc, "MessageHeader")
    _organ(msg, doc, "From", doc.sender, doc.sender_name)
    _organ(msg, doc, "To", RECEIVER, "Sở Nội vụ")
    code = _add(msg, doc, "Code")
    _add(code, doc, "CodeNumber", doc.number)
    _add(code, doc, "CodeNotation", doc.notation)
    info = _add(msg, doc, "PromulgationInfo")
    _add(info, doc, "Place", "Hà Nội")
    _add(info, doc, "PromulgationDate", doc.date)
    kind = _add(msg, doc, "DocumentType")
    _add(kind, doc, "Type", "2")
    _add(kind, doc, "TypeName", doc.type_name)
    _add(msg, doc, "Subject", doc.subject)
    _add(msg, doc, "Content", "")
    signer = _add(msg, doc, "SignerInfo")
    for name, value in zip(("Competence", "Position", "FullName"), doc.signer, strict=True):
        _add(signer, doc, name, value)
    _add(msg, doc, "DueDate", "30/11/2026")
    places = _add(msg, doc, "ToPlaces")
    _add(places, doc, "Place", "Văn phòng")
    other = _add(msg, doc, "OtherInfo")
    _add(other, doc, "Priority", "1")
    _add(other, doc, "PromulgationAmount", "3")
    _add(other, doc, "PageAmount", "2")
    if doc.document_id != "":
        year = doc.date[-4:]
        _add(msg, doc, "DocumentId", doc.document_id or f"{doc.sender},{year},{doc.number}")
    traces = _add(head, doc, "TraceHeaderList")
    if doc.soap_trace:
        traces.set(f"{{{SOAP}}}actor", "http://www.mic.gov.vn/TBT/QCVN_102_2016/actor")
        traces.set(f"{{{SOAP}}}mustUnderstand", "1")
    for organ, stamp in (
        (doc.sender, "2026-11-19T08:00:00+07:00"),
        ("000.00.00.H00", "2026-11-19T08:00:03+07:00"),
    ):
        trace = _add(traces, doc, "TraceHeader")
        _add(trace, doc, "OrganId", organ)
        _add(trace, doc, "Timestamp", stamp)
    business = _add(traces if doc.business_in_trace else head, doc, "Bussiness")
    _add(business, doc, "BussinessDocType", doc.business_type)
    _add(
        business,
        doc,
        "BussinessDocReason",
        "Văn bản mới" if doc.business_type == "0" else "Theo đề nghị",
    )
    if doc.business_ref:
        _add(business, doc, "DocumentId", doc.business_ref)
    staff = _add(business, doc, "StaffInfo")
    _add(staff, doc, "Department", "Văn phòng")
    _add(staff, doc, "Staff", "Trần Thị Bình")


def _cid(doc: Doc, i: int) -> str:
    return f"{'cid:' if doc.cid_prefix else ''}attachment{i}@edxml"


def envelope(doc: Doc, pki: TestPki | None = None, signer: str = "signer-org") -> bytes:
    """The envelope as bytes; signed (XML-DSig, enveloped) when ``pki`` is given."""
    nsmap: dict[str | None, str] = {"edXML": NS} if doc.prefixed else {None: NS}
    nsmap["SOAP-ENV"] = SOAP
    root = etree.Element(_q(doc, "edXML"), nsmap=nsmap)  # type: ignore[arg-type]
    env = _add(root, doc, "edXMLEnvelope")
    _header(env, doc)
    manifest = _add(env, doc, "edXMLManifest")
    for i, (name, _data) in enumerate(doc.attachments, 1):
        ref = _add(manifest, doc, "Reference")
        ids = doc.manifest_ids
        _add(ref, doc, "ContentId", ids[i - 1] if ids else _cid(doc, i))
        _add(ref, doc, "ContentType", "application/pdf")
        _add(ref, doc, "AttachmentName", name)
    encoded = _add(root, doc, "AttachmentEncoded")
    for i, (name, data) in enumerate(doc.attachments, 1):
        item = _add(encoded, doc, "Attachment")
        ids = doc.attachment_ids
        _add(item, doc, "ContentId", ids[i - 1] if ids else _cid(doc, i))
        _add(item, doc, "ContentType", "application/pdf")
        _add(item, doc, "ContentTransferEncoding", "base64")
        _add(item, doc, "AttachmentName", name)
        _add(item, doc, doc.payload, base64.encodebytes(data).decode())
    if pki is not None:
        root = sign(root, pki, signer)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def sign(root: etree._Element, pki: TestPki, label: str) -> etree._Element:
    """``root`` with an enveloped XML-DSig signature by ``label`` of the test PKI."""
    key = serialization.load_der_private_key(pki.signer(label).signing_key.dump(), None)
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certs = [c.dump() for c in [pki.cert(label), *pki.chain(label)]]
    pem_certs = [
        b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"
        for der in certs
    ]
    signed: etree._Element = XMLSigner(
        method=methods.enveloped, signature_algorithm=SignatureMethod.ECDSA_SHA256
    ).sign(root, key=pem_key, cert=[c.decode() for c in pem_certs])
    return signed


def status(
    code: str,
    *,
    document_id: str = f"{SENDER},2026,15",
    description: str = "",
    sender: str = SENDER,
) -> bytes:
    """A ``Status`` envelope about ``document_id`` (13 = the sender recalls it)."""
    doc = Doc()
    root = etree.Element(_q(doc, "edXML"), nsmap={"edXML": NS})
    env = _add(root, doc, "edXMLEnvelope")
    head = _add(env, doc, "edXMLHeader")
    st = _add(head, doc, "Status")
    resp = _add(st, doc, "ResponseFor")
    _add(resp, doc, "OrganId", sender)
    code_node = _add(resp, doc, "Code")
    _add(code_node, doc, "CodeNumber", document_id.split(",")[-1])
    _add(code_node, doc, "CodeNotation", "BNV-VP")
    _add(resp, doc, "PromulgationDate", "18/11/2026")
    _add(resp, doc, "DocumentId", document_id)
    _organ(st, doc, "From", sender, "Bộ Nội vụ")
    _add(st, doc, "StatusCode", code)
    _add(st, doc, "Description", description)
    _add(st, doc, "Timestamp", "2026-11-20T09:00:00+07:00")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def write(path: Path, data: bytes) -> Path:
    """``data`` written at ``path``."""
    path.write_bytes(data)
    return path


FILE_CODE = "000.00.12.H23.2026.01.VP"
"""The dossier the tests file received documents into (sender's year 2026)."""


def dossier_sheet(
    path: Path,
    *,
    file_code: str = FILE_CODE,
    title: str = "Hồ sơ công văn đến về nộp lưu hồ sơ điện tử năm 2026",
    maintenance: str = "01",
    mode: str = "01",
    extra: dict[str, str] | None = None,
) -> Path:
    """The dossier sheet (CSV, UTF-8): one header row of TT 05 names, one row of values."""
    values = {
        "fileCode": file_code,
        "title": title,
        "maintenance": maintenance,
        "mode": mode,
        **(extra or {}),
    }
    lines = [",".join(values), ",".join(f'"{v}"' for v in values.values())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def recall_of(document_id: str, *, how: str = "status 13") -> bytes:
    """A recall of ``document_id``: a status 13, or a document envelope of BussinessDocType 1."""
    if how == "status 13":
        return status("13", document_id=document_id, description="Gửi nhầm, đề nghị thu hồi")
    doc = Doc(number="90", business_type="1", business_ref=document_id)
    return envelope(doc)


def update_of(
    document_id: str, pdf: bytes, *, replacement: bool = False, number: str = "21"
) -> bytes:
    """A new document that updates (BussinessDocType 2) or replaces (3) ``document_id``."""
    doc = Doc(
        number=number,
        business_type="3" if replacement else "2",
        business_ref=document_id,
        attachments=[(f"cv-{number}.pdf", pdf)],
    )
    return envelope(doc)


def import_file(archive: Archive, folder: Path, data: bytes, name: str = "in.xml") -> Intake:
    """``data`` written as ``folder/name`` and imported by ``lan`` later on the signing day."""
    path = write(folder / name, data)
    step = archive.signatures  # pyHanko loaded before the clock is frozen
    with freeze_time(LATER_THAT_DAY, tick=True):
        return import_envelope(archive, step, path, person_agent("lan"))


def read_reply(path: Path, tmp_path: Path) -> dict[str, object]:
    """The header of the status reply at ``path``, read back as the intake reads envelopes."""
    staging = tmp_path / "reply-staging"
    staging.mkdir(exist_ok=True)
    limits = Limits(1024 * 1024, 1024, 1)
    root, raw, findings = read_envelope(path, staging, limits)
    assert root is not None and findings == []
    env, more = interpret(root, raw, limits, path.name)
    assert env is not None and env.kind == "status" and more == []
    return env.header
