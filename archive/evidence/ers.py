"""Evidence records (RFC 4998): build, renew and verify.

Verification follows RFC 4998 §5.3 and the rules EU DSS applies (docs/evidence.md):

- the digest algorithm of a chain is its first ArchiveTimeStamp's ``digestAlgorithm``, or the
  algorithm of that time-stamp's message imprint;
- the leaf to find in the first partial hash tree (or, without a tree, the imprint itself):
  H(data) in the first ArchiveTimeStamp; H(DER of the previous ``timeStamp``) for a time-stamp
  renewal; H(H(data) ‖ H(DER of the ArchiveTimeStampSequence of all earlier chains)) for a
  hash-tree renewal (unsorted: document hash first, RFC 4998 §5.2 step 4);
- each reduced hash tree must reduce to its time-stamp's message imprint; each time-stamp
  token's CMS signature must be intact and valid; generation times never go back;
- trust: each TSA certificate path is validated against the trust store at the time of the
  *next* archive timestamp (the one that proves the token existed while its certificate was
  good), the last one at the verification time.

``integrity_ok`` covers the first three points, ``timestamps_trusted`` the last one.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms, x509
from asn1crypto import tsp as asn1_tsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext

from archive.clock import utc_now
from archive.dates import vn_date, vn_datetime
from archive.errors import IntegrityFailure, InvalidInput, Unavailable
from archive.evidence.asn1 import (
    OIDS,
    EvidenceRecord,
    der_archive_timestamp,
    der_children,
    der_evidence_record,
    der_sequence,
)
from archive.evidence.merkle import MerkleTree, hasher, reduce_groups
from archive.signatures.trust import TrustStore
from archive.signatures.validate import quiet_pyhanko

__all__ = [
    "AtsCheck",
    "DataObject",
    "ErsReport",
    "Said",
    "TokenInfo",
    "initial_record",
    "parse_record",
    "renew_hash_tree_leaf",
    "request_timestamp",
    "timestamp_renewed",
    "timestamp_renewed_der",
    "token_info",
    "verify_record",
]

Said = tuple[str, dict[str, object]]
"""An entry of the message catalogue (``area.key``) and its parameters."""


# --------------------------------------------------------------------------- inputs


@dataclass
class DataObject:
    """A data object an evidence record should cover: bytes, a file, or known digests."""

    name: str
    content: bytes | None = None
    path: Path | None = None
    digests: dict[str, bytes] = field(default_factory=dict)
    prefix: int | None = None  # only the first bytes count (an original kept as a prefix)

    def digest(self, algorithm: str) -> bytes | None:
        """The data's digest with ``algorithm``; None if only other digests are known."""
        if algorithm in self.digests:
            return self.digests[algorithm]
        if self.content is None and self.path is None:
            return None
        h = hashlib.new(algorithm)
        if self.content is not None:
            h.update(self.content[: self.prefix])
        else:
            assert self.path is not None
            left = self.prefix
            with self.path.open("rb") as fh:
                while chunk := fh.read(1 << 20 if left is None else min(1 << 20, left)):
                    h.update(chunk)
                    if left is not None:
                        left -= len(chunk)
        self.digests[algorithm] = h.digest()
        return self.digests[algorithm]


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class TokenInfo:
    """What an archive timestamp's token says."""

    gen_time: datetime
    imprint_algorithm: str
    imprint: bytes
    tsa: str
    tsa_not_after: datetime | None
    signature_algorithm: str


def _signer_cert(signed: cms.SignedData) -> x509.Certificate | None:
    sid = signed["signer_infos"][0]["sid"]
    for choice in signed["certificates"] or []:
        cert = choice.chosen
        if not isinstance(cert, x509.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            if (
                cert.serial_number == sid.chosen["serial_number"].native
                and cert.issuer == sid.chosen["issuer"]
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def token_info(token: cms.ContentInfo) -> TokenInfo:
    """Generation time, imprint and TSA of a time-stamp token (ContentInfo)."""
    try:
        signed = token["content"]
        info = signed["encap_content_info"]["content"].parsed
        if not isinstance(info, asn1_tsp.TSTInfo):
            raise ValueError("the token does not carry a TSTInfo")
        cert = _signer_cert(signed)
        key_algo = "unknown"
        if cert is not None:
            key = cert.public_key
            key_algo = (
                f"rsa-{key.bit_size}"
                if key.algorithm in ("rsa", "rsassa_pss")
                else f"ecdsa-{key.curve[1]}"
                if key.algorithm == "ec"
                else str(key.algorithm)
            )
        return TokenInfo(
            gen_time=info["gen_time"].native,
            imprint_algorithm=info["message_imprint"]["hash_algorithm"]["algorithm"].native,
            imprint=info["message_imprint"]["hashed_message"].native,
            tsa=cert.subject.human_friendly if cert is not None else "?",
            tsa_not_after=cert["tbs_certificate"]["validity"]["not_after"].native
            if cert is not None
            else None,
            signature_algorithm=key_algo,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"dấu thời gian không đọc được / unreadable time-stamp token: {exc}"
        ) from exc


def request_timestamp(timestamper: TimeStamper, digest: bytes, algorithm: str) -> bytes:
    """One RFC 3161 request; the token is checked (imprint) before it is returned as DER."""
    try:
        token = asyncio.run(timestamper.async_timestamp(digest, algorithm))
    except (
        Exception
    ) as exc:  # pyHanko raises IOError, aiohttp/requests errors, TimestampRequestError
        raise Unavailable(
            f"dịch vụ cấp dấu thời gian không trả lời / the time-stamping authority failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    info = token_info(token)
    if info.imprint != digest or info.imprint_algorithm != algorithm:
        raise IntegrityFailure(
            "dấu thời gian không khớp yêu cầu / the TSA answered for another message imprint"
        )
    return bytes(token.dump())


# --------------------------------------------------------------------------- build and renew


def initial_record(tree: MerkleTree, index: int, token_der: bytes) -> bytes:
    """The evidence record of leaf ``index``: one chain, one ArchiveTimeStamp."""
    ats = der_archive_timestamp(tree.algorithm, tree.reduced(index), token_der)
    return der_evidence_record([tree.algorithm], [der_sequence([ats])])


def parse_record(der: bytes) -> EvidenceRecord:
    """Parse and structurally check an evidence record (DER)."""
    try:
        er: EvidenceRecord = EvidenceRecord.load(der, strict=True)
        if er["version"].native != "v1":
            raise ValueError(f"version {er['version'].native}, expected v1")
        chains = er["archive_time_stamp_sequence"]
        if len(chains) == 0 or any(len(c) == 0 for c in chains):
            raise ValueError("empty ArchiveTimeStampSequence or chain")
        for chain in chains:
            for ats in chain:
                if ats["time_stamp"]["content_type"].native != "signed_data":
                    raise ValueError("a timeStamp is not a CMS SignedData")
                _ = ats["reduced_hashtree"].native
                _ = ats["digest_algorithm"].native
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidInput(
            f"không phải hồ sơ bằng chứng RFC 4998 hợp lệ / not a well-formed RFC 4998 evidence "
            f"record (DER EvidenceRecord expected): {exc}"
        ) from exc
    return er


def _record_parts(er: EvidenceRecord) -> tuple[list[str], list[bytes]]:
    algs = [a["algorithm"].native for a in er["digest_algorithms"]]
    return algs, [bytes(c.dump()) for c in er["archive_time_stamp_sequence"]]


def last_timestamp_der(er: EvidenceRecord) -> bytes:
    """DER of the newest ArchiveTimeStamp's token: what a time-stamp renewal hashes."""
    return bytes(er["archive_time_stamp_sequence"][-1][-1]["time_stamp"].dump())


def chain_algorithm(chain: Any) -> str:
    """The digest algorithm of a chain (its first ATS's field, else the imprint's)."""
    first = chain[0]
    if first["digest_algorithm"].native is not None:
        return str(first["digest_algorithm"]["algorithm"].native)
    return token_info(first["time_stamp"]).imprint_algorithm


def timestamp_renewed(er: EvidenceRecord, token_der: bytes) -> bytes:
    """The record with a new ArchiveTimeStamp (no hash tree) appended to its last chain."""
    algs, chains = _record_parts(er)
    last = er["archive_time_stamp_sequence"][-1]
    renewed = der_sequence(
        [*(bytes(a.dump()) for a in last), der_archive_timestamp(None, None, token_der)]
    )
    return der_evidence_record(algs, [*chains[:-1], renewed])


def timestamp_renewed_der(der: bytes, token_der: bytes) -> bytes:
    """``timestamp_renewed`` on the DER alone: the same bytes, without asn1crypto parsing.

    For renewing a batch of a million records, whose layout the archive wrote itself; the
    result is checked by ``verify_record`` like any other record.
    """
    version, algs, *extra, sequence = der_children(der)
    chains = der_children(sequence)
    last = der_sequence([*der_children(chains[-1]), der_archive_timestamp(None, None, token_der)])
    return der_sequence([version, algs, *extra, der_sequence([*chains[:-1], last])])


def renew_hash_tree_leaf(er: EvidenceRecord, data_digest: bytes, algorithm: str) -> bytes:
    """The leaf of a hash-tree renewal: H'(H'(d) ‖ H'(DER(ArchiveTimeStampSequence)))."""
    h = hasher(algorithm)
    return h(data_digest + h(bytes(er["archive_time_stamp_sequence"].dump())))


def hash_tree_renewed(er: EvidenceRecord, tree: MerkleTree, index: int, token_der: bytes) -> bytes:
    """The record with a new chain (new algorithm, new tree) appended."""
    algs, chains = _record_parts(er)
    if tree.algorithm not in algs:
        algs.append(tree.algorithm)
    ats = der_archive_timestamp(tree.algorithm, tree.reduced(index), token_der)
    return der_evidence_record(algs, [*chains, der_sequence([ats])])


# --------------------------------------------------------------------------- verify


@dataclass
class AtsCheck:
    """The checks of one ArchiveTimeStamp."""

    chain: int
    index: int
    kind: str  # initial | timestamp-renewal | hash-tree-renewal
    algorithm: str
    gen_time: datetime
    tsa: str
    input_found: bool | None  # None: no data supplied to look for
    imprint_ok: bool
    tst_intact: bool
    tst_valid: bool
    trusted: bool
    trusted_at: datetime
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "chain": self.chain,
            "index": self.index,
            "kind": self.kind,
            "algorithm": self.algorithm,
            "gen_time": self.gen_time.isoformat(),
            "tsa": self.tsa,
            "input_found": self.input_found,
            "imprint_ok": self.imprint_ok,
            "tst_intact": self.tst_intact,
            "tst_valid": self.tst_valid,
            "trusted": self.trusted,
            "trusted_at": self.trusted_at.isoformat(),
            "problem": self.problem,
        }


@dataclass
class ErsReport:
    """The verdict on one evidence record and the data it should cover."""

    name: str
    integrity_ok: bool
    timestamps_trusted: bool
    reason: str
    data: list[str] = field(default_factory=list)
    checks: list[AtsCheck] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)
    """The reason as entries of the message catalogue, for the adapters to say in the
    interface language (``reason`` stays the stored, English, one); empty when the record
    could not be read at all (``reason`` is then in both languages)."""

    @property
    def valid(self) -> bool:
        """Both the integrity and the trust of every timestamp hold."""
        return self.integrity_ok and self.timestamps_trusted

    @property
    def first_time(self) -> datetime | None:
        """The proven time of existence of the data (first archive timestamp)."""
        return self.checks[0].gen_time if self.checks else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "valid": self.valid,
            "integrity_ok": self.integrity_ok,
            "timestamps_trusted": self.timestamps_trusted,
            "reason": self.reason,
            "data": self.data,
            "proof_of_existence": self.first_time.isoformat() if self.first_time else None,
            "archive_timestamps": [c.as_dict() for c in self.checks],
        }


def _context(trust: TrustStore, moment: datetime, extra: Iterable[bytes]) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(trust.roots),
        other_certs=[*trust.intermediates, *(x509.Certificate.load(c) for c in extra)],
        allow_fetching=False,
        # Offline: revocation data of a TSA is used when kept, its absence is not a failure
        # (docs/evidence.md, "Limits").
        revocation_mode="soft-fail",
        moment=moment,
    )


def _check_token(
    token: cms.ContentInfo, imprint: bytes, trust: TrustStore, moment: datetime
) -> tuple[bool, bool, bool, str]:
    """(intact, valid, trusted, problem) of a time-stamp token, trust judged at ``moment``."""
    try:
        with quiet_pyhanko():
            status = asyncio.run(
                validate_tst_signed_data(
                    token["content"], _context(trust, moment, ()), lambda _alg: imprint
                )
            )
    except Exception as exc:  # any failure to check is a failure, with its reason
        return False, False, False, f"{type(exc).__name__}: {exc}"
    intact, valid = bool(status.get("intact")), bool(status.get("valid"))
    trust_problem = status.get("trust_problem_indic")
    trusted = intact and valid and trust_problem is None
    problem = "" if trusted else str(trust_problem or "signature not intact/valid")
    return intact, valid, trusted, problem


def _expected_inputs(
    er: EvidenceRecord, ci: int, ai: int, algorithm: str, data: Sequence[DataObject]
) -> list[bytes | None]:
    h = hasher(algorithm)
    seq = er["archive_time_stamp_sequence"]
    if ai > 0:
        return [h(bytes(seq[ci][ai - 1]["time_stamp"].dump()))]
    digests = [d.digest(algorithm) for d in data]
    if ci == 0:
        return digests
    earlier = h(der_sequence(bytes(c.dump()) for c in list(seq)[:ci]))
    return [None if d is None else h(d + earlier) for d in digests]


def verify_record(
    der: bytes,
    data: Sequence[DataObject],
    trust: TrustStore,
    *,
    at: datetime | None = None,
    name: str = "",
) -> ErsReport:
    """Verify one evidence record against its data objects (see the module docstring)."""
    at = at or utc_now()
    names = [d.name for d in data]
    try:
        er = parse_record(der)
    except InvalidInput as exc:
        return ErsReport(name, False, False, str(exc), names)
    seq = er["archive_time_stamp_sequence"]
    flat = [(ci, ai, ats) for ci, chain in enumerate(seq) for ai, ats in enumerate(chain)]
    try:
        infos = [token_info(ats["time_stamp"]) for _, _, ats in flat]
    except InvalidInput as exc:
        return ErsReport(name, False, False, str(exc), names)
    checks: list[AtsCheck] = []
    problems: list[str] = []
    said: list[Said] = []
    for n, (ci, ai, ats) in enumerate(flat):
        info = infos[n]
        algorithm = chain_algorithm(seq[ci])
        kind = "timestamp-renewal" if ai else "hash-tree-renewal" if ci else "initial"
        groups = (
            [list(g.native) for g in ats["reduced_hashtree"]]
            if ats["reduced_hashtree"].native
            else None
        )
        expected = _expected_inputs(er, ci, ai, algorithm, data)
        known = [e for e in expected if e is not None]
        if not expected or len(known) < len(expected):
            found: bool | None = None if not known else False
        elif groups:
            found = all(e in groups[0] for e in known)
        else:
            found = all(e == info.imprint for e in known)
        if algorithm not in OIDS and algorithm not in hashlib.algorithms_available:
            root = None
        elif groups:
            root = reduce_groups(groups, algorithm)
        else:
            root = known[0] if known else None
        imprint_ok = info.imprint_algorithm == algorithm and (
            root == info.imprint if root is not None else not expected
        )
        moment = infos[n + 1].gen_time if n + 1 < len(flat) else at
        intact, valid, trusted, problem = _check_token(
            ats["time_stamp"], info.imprint, trust, moment
        )
        check = AtsCheck(
            ci, ai, kind, algorithm, info.gen_time, info.tsa, found, imprint_ok,
            intact, valid, trusted, moment, problem,
        )  # fmt: skip
        checks.append(check)
        where = f"chain {ci + 1}, archive timestamp {ai + 1} ({kind}, {info.gen_time:%Y-%m-%d})"
        at_check = {"chain": ci + 1, "index": ai + 1, "kind": kind, "day": vn_date(info.gen_time)}
        if found is False:
            what = "renewed timestamp" if ai else "data object(s) " + ", ".join(names)
            problems.append(f"{where}: {what} not covered by its hash tree")
            key = "ers_renewal_not_covered" if ai else "ers_data_not_covered"
            said.append((f"evidence.{key}", {**at_check, "names": ", ".join(names)}))
        if not imprint_ok:
            problems.append(f"{where}: hash tree does not reduce to the message imprint")
            said.append(("evidence.ers_imprint", at_check))
        if not (intact and valid):
            problems.append(f"{where}: time-stamp token signature not intact/valid ({problem})")
            said.append(("evidence.ers_token", {**at_check, "problem": problem}))
        if n and info.gen_time < infos[n - 1].gen_time:
            problems.append(f"{where}: generated before the previous archive timestamp")
            said.append(("evidence.ers_order", at_check))
    if not data:
        problems.insert(0, "no data object supplied: coverage of the data cannot be checked")
        said.insert(0, ("evidence.ers_no_data", {}))
    return _report(name, names, checks, problems, said)


def _report(
    name: str, names: list[str], checks: list[AtsCheck], problems: list[str], said: list[Said]
) -> ErsReport:
    """The verdict of a record from its archive timestamps' checks and integrity problems
    (``problems`` stored, ``said`` the same in the catalogue's terms)."""
    integrity_ok = not problems
    untrusted = [
        f"chain {c.chain + 1}, archive timestamp {c.index + 1}: TSA '{c.tsa}' not trusted at "
        f"{c.trusted_at:%Y-%m-%d %H:%M} ({c.problem})"
        for c in checks
        if not c.trusted
    ]
    trusted_all = not untrusted and bool(checks)
    if integrity_ok and trusted_all:
        reason = (
            f"hợp lệ / valid: {len(checks)} archive timestamp(s), data existed at "
            f"{checks[0].gen_time.isoformat()}"
        )
        said = [
            ("evidence.valid", {"timestamps": len(checks), "at": vn_datetime(checks[0].gen_time)})
        ]
    elif not integrity_ok:
        reason = "không toàn vẹn / integrity broken: " + "; ".join(problems)
        said = [("evidence.ers_broken", {}), *said]
    else:
        reason = "dấu thời gian không tin cậy / timestamps not trusted: " + "; ".join(untrusted)
        said = [("evidence.ers_untrusted", {})] + [
            (
                "evidence.ers_not_trusted",
                {
                    "chain": c.chain + 1,
                    "index": c.index + 1,
                    "tsa": c.tsa,
                    "at": vn_datetime(c.trusted_at),
                    "problem": c.problem,
                },
            )
            for c in checks
            if not c.trusted
        ]
    return ErsReport(name, integrity_ok, trusted_all, reason, names, checks, said)
