"""RFC 4998 Evidence Record Syntax: a corrected ASN.1 schema and fast DER writers.

``asn1crypto.tsp`` declares ``ArchiveTimeStampSequence`` as a SEQUENCE OF ArchiveTimeStamp,
one nesting level short: RFC 4998 §4.1 has ``ArchiveTimeStampSequence ::= SEQUENCE OF
ArchiveTimeStampChain`` and ``ArchiveTimeStampChain ::= SEQUENCE OF ArchiveTimeStamp``. The
classes here restore the level and reuse asn1crypto's ``ArchiveTimeStamp`` (whose fields are
right). Never call ``.native`` on a whole record: real time-stamp tokens carry CRL encodings
asn1crypto cannot turn into Python values; the ERS logic only reads raw fields.

Writing is done by hand (``der_*``): building asn1crypto objects for a million records costs
milliseconds each because they re-walk the time-stamp token, while the outer layers of a record
are a few fixed tags around bytes we already hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from asn1crypto import core, tsp, x509

__all__ = [
    "ArchiveTimeStampChain",
    "ArchiveTimeStampSequence",
    "EvidenceRecord",
    "der_archive_timestamp",
    "der_children",
    "der_evidence_record",
    "der_sequence",
    "digest_algorithm_der",
]

OIDS = {
    "sha224": "2.16.840.1.101.3.4.2.4",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
    "sha3_256": "2.16.840.1.101.3.4.2.8",
    "sha3_384": "2.16.840.1.101.3.4.2.9",
    "sha3_512": "2.16.840.1.101.3.4.2.10",
}


class ArchiveTimeStampChain(core.SequenceOf):  # type: ignore[misc]
    """ArchiveTimeStampChain ::= SEQUENCE OF ArchiveTimeStamp."""

    _child_spec = tsp.ArchiveTimeStamp


class ArchiveTimeStampSequence(core.SequenceOf):  # type: ignore[misc]
    """ArchiveTimeStampSequence ::= SEQUENCE OF ArchiveTimeStampChain."""

    _child_spec = ArchiveTimeStampChain


class EvidenceRecord(core.Sequence):  # type: ignore[misc]
    """EvidenceRecord (RFC 4998 §3)."""

    _fields = [  # noqa: RUF012 - asn1crypto's declaration style
        ("version", tsp.Version),
        ("digest_algorithms", tsp.DigestAlgorithms),
        ("crypto_infos", x509.Attributes, {"implicit": 0, "optional": True}),
        ("encryption_info", tsp.EncryptionInfo, {"implicit": 1, "optional": True}),
        ("archive_time_stamp_sequence", ArchiveTimeStampSequence),
    ]


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _length(len(content)) + content


def der_sequence(items: Iterable[bytes], tag: int = 0x30) -> bytes:
    """A SEQUENCE (or another constructed ``tag``) of already encoded items."""
    return _tlv(tag, b"".join(items))


@lru_cache(maxsize=64)
def digest_algorithm_der(name: str, tag: int = 0x30) -> bytes:
    """AlgorithmIdentifier of a hash (parameters absent, RFC 5754)."""
    return _tlv(tag, core.ObjectIdentifier(OIDS[name]).dump())


@lru_cache(maxsize=16)
def _octet_header(size: int) -> bytes:
    return b"\x04" + _length(size)


def der_archive_timestamp(
    algorithm: str | None, groups: Sequence[Sequence[bytes]] | None, timestamp_der: bytes
) -> bytes:
    """One ArchiveTimeStamp: [0] digestAlgorithm, [2] reducedHashtree, timeStamp."""
    parts = []
    if algorithm:
        parts.append(digest_algorithm_der(algorithm, tag=0xA0))
    if groups:
        # Hot path (a million records per batch): OCTET STRING headers of digests are fixed.
        trees = [
            _tlv(0x30, b"".join([_octet_header(len(v)) + v for v in group])) for group in groups
        ]
        parts.append(_tlv(0xA2, b"".join(trees)))
    parts.append(timestamp_der)
    return der_sequence(parts)


def der_evidence_record(algorithms: Sequence[str], chains_der: Sequence[bytes]) -> bytes:
    """EvidenceRecord v1 from the algorithms used and the encoded chains."""
    version = b"\x02\x01\x01"
    algs = der_sequence(digest_algorithm_der(a) for a in algorithms)
    return der_sequence([version, algs, der_sequence(chains_der)])


def _header(data: bytes, pos: int) -> tuple[int, int]:
    """(start of content, end of content) of the TLV at ``pos`` (definite lengths only)."""
    first = data[pos + 1]
    if first < 0x80:
        return pos + 2, pos + 2 + first
    n = first & 0x7F
    if n == 0 or n > 4:
        raise ValueError("indefinite or oversized DER length")
    length = int.from_bytes(data[pos + 2 : pos + 2 + n], "big")
    return pos + 2 + n, pos + 2 + n + length


def der_children(data: bytes) -> list[bytes]:
    """The encoded children of the constructed DER value ``data`` (no parsing below them)."""
    start, end = _header(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after a DER value")
    out = []
    pos = start
    while pos < end:
        _, stop = _header(data, pos)
        out.append(data[pos:stop])
        pos = stop
    if pos != end:
        raise ValueError("DER children overrun their parent")
    return out
