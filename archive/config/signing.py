"""The settings of signatures, evidence and preservation: trust, policies, TSA, renewal."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings

from archive.config.values import DEFAULT_CRYPTO_SUITE, SearchRole

__all__ = ["SigningSettings"]


def _certifiers() -> list[SearchRole]:
    return ["archivist"]


class SigningSettings(BaseSettings):
    """The settings of signatures, evidence and preservation: trust, policies, TSA, renewal."""

    trust_roots: list[Path] = Field(
        default_factory=list,
        description="PEM/DER files or directories of trusted root certificates (NEAC root, "
        "Ban Cơ yếu chain). Empty: no signature can be TOTAL_PASSED, and production ingest "
        "refuses to start.",
    )
    trust_intermediates: list[Path] = Field(
        default_factory=list,
        description="Extra intermediate CA certificates used to build paths (not trusted).",
    )
    signature_fetch: bool = Field(
        default=True,
        description="Fetch OCSP/CRL and certificates online while validating signatures.",
    )
    signature_policy_failed: Literal["refuse", "warn"] = Field(
        default="refuse",
        description="What a TOTAL_FAILED signature does to a package at ingest.",
    )
    signature_policy_indeterminate: Literal["accept", "refuse"] = Field(
        default="accept",
        description="What an INDETERMINATE signature does at ingest (accepted with its reason "
        "recorded, or refused).",
    )
    signature_policy_unsigned: Literal["accept", "warn", "refuse"] = Field(
        default="warn",
        description="What a PDF without any signature does at ingest.",
    )
    nd30_policy: Literal["warn", "refuse"] = Field(
        default="warn",
        description="NĐ 30/2020: the main document lacks the personal or the agency signature.",
    )
    organisation_signer_pattern: str = Field(
        default="",
        description="Regular expression on the signer's CN that marks an organisation "
        "certificate; empty = the built-in list (Ủy ban, UBND, Sở, Bộ, Cục…).",
    )
    crypto_suite: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_CRYPTO_SUITE),
        description="Sunset date (YYYY-MM-DD) per hash/signature algorithm (sha256, rsa-2048, "
        "ecdsa-secp256r1…) used for protection horizons; review against ETSI TS 119 312.",
    )
    tsa_url: str | None = Field(
        default=None,
        description="RFC 3161 time-stamping authority used for PAdES-LTA document timestamps "
        "and renewals. Unset: archive timestamps cannot be added (said plainly). "
        "demo-tsa:<folder>: the demo TSA (archive demo; refused in production).",
    )
    evidence_batch_size: int = Field(
        default=10_000,
        ge=1,
        le=4_000_000,
        description="Most files covered by one evidence-record batch (one Merkle tree, one TSA "
        "request). Up to millions; each file's record is one small object of the batch.",
    )
    evidence_hash_algorithm: Literal["sha256", "sha384", "sha512"] = Field(
        default="sha256",
        description="Digest algorithm of new evidence-record batches (RFC 4998 hash trees).",
    )
    evidence_renewal_hash_algorithm: Literal["sha256", "sha384", "sha512"] = Field(
        default="sha512",
        description="Digest algorithm of a hash-tree renewal, used when the current one comes "
        "within renewal_margin_days of its sunset in crypto_suite.",
    )
    revalidate_after_days: int = Field(
        default=365, description="archive preserve run revalidates files checked longer ago."
    )
    renewal_margin_days: int = Field(
        default=730,
        description="archive preserve run renews B-LTA timestamps whose protection horizon is "
        "closer than this.",
    )
    preserve_claim_minutes: int = Field(
        default=30,
        description="How long a preserve worker holds a file before another may take it over.",
    )
    archive_signing_key: Path | None = Field(
        default=None,
        description="The archive's own signing key, which signs the authentication page of a "
        "certified copy (bản sao có xác thực, TT 05/2025 Đ41–42; docs/use.md): a PKCS#12 file "
        "(.p12/.pfx, holding the certificate and chain too) or a PEM/DER private key; it also "
        "signs the minutes (docs/minutes.md). Unset: no certified copy can be issued and no "
        "minutes written, and `archive copy certify` says so.",
    )
    archive_signing_cert: Path | None = Field(
        default=None,
        description="PEM/DER certificate of archive_signing_key (not needed with PKCS#12).",
    )
    archive_signing_chain: list[Path] = Field(
        default_factory=list,
        description="PEM/DER certificates of the CAs that issued archive_signing_cert, embedded "
        "with the signature (not needed with PKCS#12).",
    )
    archive_signing_crls: list[Path] = Field(
        default_factory=list,
        description="CRL files (DER or PEM) embedded with the archive's signature when its "
        "revocation data cannot be fetched (an offline archive, the demo).",
    )
    archive_signing_passphrase_env: str | None = Field(
        default=None,
        description="Name of the environment variable holding the passphrase of "
        "archive_signing_key (the passphrase itself is never a setting, nor logged).",
    )
    archive_signing_passphrase_file: Path | None = Field(
        default=None,
        description="File (mode 0600) holding the passphrase of archive_signing_key, instead of "
        "archive_signing_passphrase_env.",
    )
    certify_roles: list[SearchRole] = Field(
        default_factory=_certifiers,
        description="Roles that issue certified copies (bản sao có xác thực) from the web page "
        "and with `archive copy certify --user`.",
    )
