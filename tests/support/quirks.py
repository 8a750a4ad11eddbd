"""The quirks corpus: signed PDFs that reproduce each failure class of issue #16, built by code.

Every file starts from the fixed rendered document (``ND30_DOCUMENT``) and is signed with the
test PKI (tests/support/pki.py) with the clock frozen at ``SIGNING_TIME``. Most are signed by
``signer-rsa``, whose RSA PKCS#1 v1.5 signatures are deterministic; the CMS of the hand-made
signatures is built here (``cms_for``), so that a quirk can sit where pyHanko's signer would
never put it. The expected outcome of each, and why, is the table "Quirks" of
docs/signatures.md; ``QUIRKS`` below is that table as data (``tests/unit/signatures/
test_quirks.py`` checks both agree).

How a quirk is made without breaking the signature it must keep intact:

* inside the signed bytes, an edit keeps every length (``same_length``) and is made *before*
  the digest is computed (``finish(edit=...)``): pyHanko prepares the document and reserves
  ``/Contents``, the edit is applied, then the CMS is made over the edited bytes;
* after the signed bytes, an incremental update (``update_dss``) or bytes appended.
"""

from __future__ import annotations

import asyncio
import binascii
import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import pikepdf
from asn1crypto import algos, cms, tsp
from certomancer.registry import CertLabel
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from freezegun import freeze_time
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper

from archive.demo.pdf import render_pdf
from tests.support.pki import ND30_DOCUMENT, SIGNING_TIME, TestPki, sign_test_pdf

__all__ = [
    "QUIRKS",
    "Prepared",
    "Quirk",
    "cms_for",
    "finish",
    "flip_signed_byte",
    "prepare",
    "same_length",
    "update_dss",
]

SIGNER = "signer-rsa"
SHA256_WITH_RSA = "1.2.840.113549.1.1.11"  # the OID of issue #16's AttributeError
UNKNOWN_OID = "1.3.6.1.4.1.55555.1.1"  # a private arc no library knows


@dataclass(frozen=True)
class Prepared:
    """A document pyHanko prepared for signing: ``/Contents`` reserved at [start, end)."""

    data: bytes
    start: int  # offset of "<"
    end: int  # offset after ">"


def prepare(pki: TestPki, data: bytes, field_name: str = "Signature1") -> Prepared:
    """Add a signature field and reserve its ``/Contents`` (8 KiB of hex zeros)."""
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    signer = signers.PdfSigner(meta, signer=pki.signer(SIGNER))
    writer = IncrementalPdfFileWriter(BytesIO(data))
    digest, _, output = asyncio.run(
        signer.async_digest_doc_for_signing(writer, bytes_reserved=8192)
    )
    return Prepared(output.getvalue(), digest.reserved_region_start, digest.reserved_region_end)


def _private_key(pki: TestPki, label: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    spec = pki.arch.get_cert_spec(CertLabel(label))
    der = pki.arch.key_set.get_private_key(spec.subject_key).dump()
    key = serialization.load_der_private_key(der, None)
    assert isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
    return key


def cms_for(
    pki: TestPki,
    digest: bytes,
    *,
    label: str = SIGNER,
    digest_oid: str = "sha256",
    signature_oid: str | None = None,
) -> bytes:
    """A detached CAdES CMS over ``digest`` (SHA-256 of the signed bytes), the way simple
    producers make it: contentType, messageDigest, signingCertificateV2; no
    CMSAlgorithmProtection. ``digest_oid`` and ``signature_oid`` are written as given."""
    cert = pki.cert(label)
    attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["data"]},
            {"type": "message_digest", "values": [digest]},
            {
                "type": "signing_certificate_v2",
                "values": [
                    tsp.SigningCertificateV2(
                        {"certs": [{"cert_hash": hashlib.sha256(cert.dump()).digest()}]}
                    )
                ],
            },
        ]
    )
    key = _private_key(pki, label)
    if isinstance(key, rsa.RSAPrivateKey):
        value = key.sign(attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
        algorithm = signature_oid or "sha256_rsa"
    else:
        value = key.sign(attrs.dump(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        algorithm = signature_oid or "sha256_ecdsa"
    issuer_serial = {"issuer": cert.issuer, "serial_number": cert.serial_number}
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": issuer_serial}),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest_oid}),
            "signed_attrs": attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": algorithm}),
            "signature": value,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest_oid})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cert, *pki.chain(label)],
            "signer_infos": [signer_info],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


def same_length(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """An edit that replaces the one occurrence of ``old`` by ``new`` of the same length."""
    assert len(old) == len(new), (old, new)

    def edit(data: bytes) -> bytes:
        assert data.count(old) == 1, old
        return data.replace(old, new)

    return edit


def finish(
    pki: TestPki,
    prepared: Prepared,
    *,
    edit: Callable[[bytes], bytes] | None = None,
    byte_range: str | None = None,
    digest_ranges: list[tuple[int, int]] | None = None,
    **cms_options: str,
) -> bytes:
    """Sign a prepared document with ``cms_for``: ``edit`` the bytes first (same length),
    write ``byte_range`` (text of the array) over pyHanko's, and make the digest over
    ``digest_ranges`` (default: the ranges ``byte_range`` declares, else pyHanko's)."""
    data = bytearray(edit(prepared.data) if edit else prepared.data)
    start, end = prepared.start, prepared.end
    ranges = [(0, start), (end, len(data))]
    if byte_range is not None:
        found = re.search(rb"/ByteRange \[[^\]]*\]\s*", bytes(data))
        assert found is not None
        text = f"/ByteRange {byte_range}".encode().ljust(found.end() - found.start())
        assert len(text) == found.end() - found.start()
        data[found.start() : found.end()] = text
        numbers = [int(x) for x in byte_range.strip("[]").split() if x.lstrip("-").isdigit()]
        if len(numbers) == 4:
            ranges = [(numbers[0], numbers[0] + numbers[1]), (numbers[2], numbers[2] + numbers[3])]
    digest = hashlib.sha256(b"".join(data[a:b] for a, b in digest_ranges or ranges)).digest()
    hexed = binascii.hexlify(cms_for(pki, digest, **cms_options)).upper()
    room = end - start - 2
    assert len(hexed) <= room
    data[start + 1 : end - 1] = hexed + b"0" * (room - len(hexed))
    return bytes(data)


def update_dss(
    data: bytes, change: Callable[[IncrementalPdfFileWriter, generic.DictionaryObject], None]
) -> bytes:
    """An incremental update that changes the DSS (another producer's LTV update)."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    dss = writer.root["/DSS"]
    change(writer, dss)
    writer.update_container(dss)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _dangling_reference(writer: IncrementalPdfFileWriter, dss: generic.DictionaryObject) -> None:
    """A new certificate stream whose dictionary refers to object 60, which no cross-reference
    section defines (pyHanko's difference analysis: ``KeyError: Reference(idnum=60, …)``)."""
    certs = dss["/Certs"]
    stream = generic.StreamObject(
        {generic.pdf_name("/Note"): generic.IndirectObject(60, 0, writer)},
        stream_data=certs[0].get_object().data,
    )
    dss["/Certs"] = writer.add_object(generic.ArrayObject([*certs, writer.add_object(stream)]))


def _truncated_stream(writer: IncrementalPdfFileWriter, dss: generic.DictionaryObject) -> None:
    """A new OCSP stream whose deflate data lacks its last 40 bytes (``zlib.error``)."""
    ocsps = dss["/OCSPs"]
    deflated = zlib.compress(ocsps[0].get_object().data)[:-40]
    stream = generic.StreamObject(
        {generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")}, encoded_data=deflated
    )
    dss["/OCSPs"] = writer.add_object(generic.ArrayObject([*ocsps, writer.add_object(stream)]))


def _marked_stream(writer: IncrementalPdfFileWriter, dss: generic.DictionaryObject) -> None:
    ocsps = dss["/OCSPs"]
    stream = generic.StreamObject(
        {generic.pdf_name("/Note"): generic.pdf_name("/WrongLength")},
        stream_data=ocsps[0].get_object().data,
    )
    dss["/OCSPs"] = writer.add_object(generic.ArrayObject([*ocsps, writer.add_object(stream)]))


def _wrong_length(data: bytes) -> bytes:
    """A DSS stream whose ``/Length`` is 4 bytes short ("Unable to find 'endstream' marker");
    the edit is in the unsigned update, so no signature changes."""
    marked = update_dss(data, _marked_stream)
    at = marked.index(b"/WrongLength")
    found = re.search(rb"/Length (\d+)", marked[at : at + 80])
    assert found is not None
    old = found.group(0)
    new = f"/Length {int(found.group(1)) - 4}".encode().ljust(len(old))
    return marked[:at] + marked[at : at + 80].replace(old, new, 1) + marked[at + 80 :]


def flip_signed_byte(data: bytes) -> bytes:
    """Tamper: flip one bit in the binary comment of the header, inside every signed range."""
    assert data[9:10] == b"%"
    out = bytearray(data)
    out[10] ^= 0x01
    return bytes(out)


# --------------------------------------------------------------------------- the corpus


def _base() -> bytes:
    return render_pdf(ND30_DOCUMENT)


def _signed(pki: TestPki, level: str = "B-B") -> bytes:
    return sign_test_pdf(pki, _base(), level, SIGNER)  # type: ignore[arg-type]


def _encrypted_empty_password(pki: TestPki) -> bytes:
    """Encrypted (AES-256) with an owner password and an empty user password, as PDF printers
    and signing tools do to restrict printing or copying, then signed (B-T): every reader opens
    it without asking, pyHanko only after ``decrypt("")``."""
    protected = BytesIO()
    with pikepdf.open(BytesIO(_base())) as pdf:
        pdf.save(protected, encryption=pikepdf.Encryption(owner="chu-so-huu", user="", R=6))
    writer = IncrementalPdfFileWriter(BytesIO(protected.getvalue()))
    writer.encrypt("")
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=pki.signer(SIGNER), timestamper=HTTPTimeStamper(pki.tsa_url("tsa"))
    )
    return bytes(pdf_signer.sign_pdf(writer).getvalue())


def _oid_digest(pki: TestPki, oid: str) -> bytes:
    return finish(pki, prepare(pki, _base()), digest_oid=oid)


def _field_with_period(pki: TestPki) -> bytes:
    """Field ``Sig.1`` (a period in a partial name, ISO 32000 forbids it; Word and some
    Vietnamese signing tools write it), then a second signature: pyHanko's difference analysis
    of the first raises ``PdfReadError: Partial names must not contain periods``."""
    prepared = prepare(pki, _base(), "Sig_1")
    first = finish(pki, prepared, edit=same_length(b"(Sig\\1371)", b"(Sig\\0561)"))
    return sign_test_pdf(pki, first, "B-B", "signer-person", field_name="Sig2")


def _byte_range(pki: TestPki, kind: str) -> bytes:
    prepared = prepare(pki, _base())
    s, e, n = prepared.start, prepared.end, len(prepared.data)
    whole = [(0, s), (e, n)]
    if kind == "short":  # the second range stops 10 bytes before the end of the file
        return finish(pki, prepared, byte_range=f"[0 {s} {e} {n - e - 10}]")
    if kind == "shifted":  # the gap is 2 bytes wider than /Contents
        return finish(pki, prepared, byte_range=f"[0 {s - 2} {e} {n - e}]")
    return finish(pki, prepared, byte_range=f"[0 {s} {e}]", digest_ranges=whole)  # 3 numbers


def _unsupported_subfilter(pki: TestPki) -> bytes:
    edit = same_length(b"/SubFilter /ETSI.CAdES.detached", b"/SubFilter /adbe.x509.rsa_sha1 ")
    return finish(pki, prepare(pki, _base()), edit=edit)


def _unreachable(pki: TestPki) -> bytes:
    """A signed file whose form loses its fields in a later update: no field refers to the
    signature any more, but its dictionary is still in the bytes."""
    writer = IncrementalPdfFileWriter(BytesIO(_signed(pki)))
    form = writer.root["/AcroForm"]
    form["/Fields"] = generic.ArrayObject()
    writer.update_container(form)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Quirk:
    """One file of the corpus: how it is made and what the archive must say of it."""

    name: str
    make: Callable[[TestPki], bytes]
    statuses: tuple[str, ...]  # of every signature and document timestamp, in report order
    not_checked: str | None  # a check every signature not passed lists as not done
    detail: str | None  # words of the exception the first signature's detail carries
    readable: bool = True  # pyHanko can open it (an incremental update can be added)


_INDET = "INDETERMINATE/FORMAT_FAILURE"
_FAILED = "TOTAL_FAILED/FORMAT_FAILURE"
_ALGORITHM = "INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE"


def _appended(level: str, tail: bytes) -> Callable[[TestPki], bytes]:
    return lambda pki: _signed(pki, level) + tail


QUIRKS: tuple[Quirk, ...] = (
    Quirk(
        "oid-digest-sha256WithRSA",
        lambda p: _oid_digest(p, SHA256_WITH_RSA),
        ("TOTAL_PASSED",),
        None,
        None,
    ),
    Quirk(
        "oid-digest-unknown",
        lambda p: _oid_digest(p, UNKNOWN_OID),
        (_ALGORITHM,),
        "algorithm",
        "hashes",
    ),
    Quirk(
        "oid-signature-unknown",
        lambda p: finish(p, prepare(p, _base()), signature_oid=UNKNOWN_OID),
        (_ALGORITHM,),
        "algorithm",
        UNKNOWN_OID,
    ),
    Quirk(
        "dss-truncated-stream",
        lambda p: update_dss(_signed(p, "B-LT"), _truncated_stream),
        (_INDET,),
        "dss",
        "incomplete or truncated stream",
    ),
    Quirk(
        "dss-wrong-length",
        lambda p: _wrong_length(_signed(p, "B-LT")),
        (_INDET,),
        "modifications",
        "endstream",
    ),
    Quirk(
        "dss-dangling-reference",
        lambda p: update_dss(_signed(p, "B-LTA"), _dangling_reference),
        (_INDET, _INDET),
        "modifications",
        "Reference(idnum=60",
    ),
    Quirk(
        "field-name-with-period",
        _field_with_period,
        (_INDET, "TOTAL_PASSED"),
        "modifications",
        "Partial names must not contain periods",
    ),
    Quirk("byterange-short", lambda p: _byte_range(p, "short"), (_FAILED,), None, None),
    Quirk("byterange-shifted", lambda p: _byte_range(p, "shifted"), (_FAILED,), None, None),
    Quirk(
        "byterange-three-numbers",
        lambda p: _byte_range(p, "three"),
        (_FAILED,),
        "byte_range",
        "odd number",
    ),
    Quirk(
        "appended-garbage",
        _appended("B-LT", b"garbage after the end\n"),
        (_INDET,),
        "trailing_bytes",
        None,
    ),
    Quirk(
        "appended-whitespace",
        _appended("B-LT", b"\r\n\x00\x00\n"),
        ("TOTAL_PASSED",),
        None,
        None,
    ),
    Quirk(
        "appended-eof",
        _appended("B-LTA", b"\n%%EOF\n"),
        (_INDET, _INDET),
        "structure",
        "startxref",
        readable=False,
    ),
    Quirk(
        "truncated",
        lambda p: _signed(p, "B-T")[:-300],
        ("TOTAL_FAILED/HASH_FAILURE",),
        "structure",
        "EOF marker",
        readable=False,
    ),
    Quirk("empty-contents", lambda p: prepare(p, _base()).data, (_INDET,), "empty", None),
    Quirk(
        "unsupported-subfilter",
        _unsupported_subfilter,
        (_INDET,),
        "unsupported",
        "adbe.x509.rsa_sha1",
    ),
    Quirk("unreachable-signature", _unreachable, (_INDET,), "unreachable", None),
    Quirk("encrypted-empty-password", _encrypted_empty_password, ("TOTAL_PASSED",), None, None),
)


def build(pki: TestPki, quirk: Quirk) -> bytes:
    """The quirk's file, signed with the clock frozen at ``SIGNING_TIME``."""
    with freeze_time(SIGNING_TIME, tick=True):
        return quirk.make(pki)
