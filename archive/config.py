"""The one typed Settings object.

Values come, highest first, from: keyword arguments, ``ARCHIVE_*`` environment variables,
``archive.toml`` (in ``ARCHIVE_HOME``, or the file named by ``ARCHIVE_CONFIG``), and the
defaults below, which give the embedded setup (SQLite, local store) under ``./archive-data``.
Every field is documented in docs/configuration.md; a test checks that.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from archive.errors import ConfigurationError
from archive.home import DEFAULT_HOME

__all__ = [
    "DEFAULT_CRYPTO_SUITE",
    "SearchRole",
    "Settings",
    "load_settings",
]

GiB, MiB = 1024**3, 1024**2

SearchRole = Literal["officer", "auditor", "archivist", "admin"]
"""The roles search access is decided for (the web's login roles)."""


# Algorithm sunset dates: the default of ``crypto_suite`` (archive/signatures/horizon.py).
DEFAULT_CRYPTO_SUITE: Final[dict[str, str]] = {
    "md5": "2005-01-01",
    "sha1": "2012-01-01",
    "sha224": "2025-12-31",
    "sha256": "2035-12-31",
    "sha384": "2040-12-31",
    "sha512": "2040-12-31",
    "sha3_256": "2040-12-31",
    "rsa-1024": "2010-12-31",
    "rsa-2048": "2030-12-31",
    "rsa-3072": "2035-12-31",
    "rsa-4096": "2040-12-31",
    "ecdsa-secp256r1": "2035-12-31",
    "ecdsa-secp384r1": "2040-12-31",
    "ecdsa-secp521r1": "2040-12-31",
}


def _privileged_roles() -> list[SearchRole]:
    return ["archivist", "admin"]


class Settings(BaseSettings):
    """Every setting of the archive. Environment variable = ``ARCHIVE_`` + upper-case name."""

    model_config = SettingsConfigDict(env_prefix="ARCHIVE_", extra="forbid", frozen=True)

    home: Path = Field(
        default=DEFAULT_HOME,
        description="Data directory: catalog (SQLite), storage root, staging area.",
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description="'production' refuses demo defaults (agency code, demo PKI).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the catalog; default sqlite:///<home>/catalog.sqlite3. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    storage_backend: Literal["local", "s3"] = Field(
        default="local", description="Object store for AIPs: 'local' (write-once files) or 's3'."
    )
    storage_root: Path | None = Field(
        default=None, description="OCFL storage root of the local backend; default <home>/store."
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="S3 endpoint of the s3 backend (MinIO, Ceph RGW, SeaweedFS…); unset: AWS "
        "S3 in s3_region. Credentials come from boto3's standard variables (AWS_ACCESS_KEY_ID…).",
    )
    s3_bucket: str = Field(
        default="",
        description="Bucket holding the OCFL storage root; must be versioned with Object Lock. "
        "Required when storage_backend is 's3'.",
    )
    s3_region: str = Field(default="us-east-1", description="Region of the S3 bucket.")
    s3_addressing_style: Literal["path", "virtual", "auto"] = Field(
        default="path",
        description="S3 URL style: 'path' (endpoint/bucket/key, works everywhere) or 'virtual' "
        "(bucket.endpoint/key).",
    )
    s3_retention_mode: Literal["COMPLIANCE", "GOVERNANCE"] = Field(
        default="COMPLIANCE",
        description="Object Lock mode of every stored object version; COMPLIANCE cannot be "
        "lifted by anyone before the retention date.",
    )
    s3_permanent_horizon_years: int = Field(
        default=10,
        ge=1,
        description="Object Lock retention, in years from today, given to objects without a "
        "dossier retention date (permanent records); the preservation job extends it.",
    )
    s3_part_size_mib: int = Field(
        default=16,
        ge=5,
        le=5120,
        description="Files larger than this (MiB) are uploaded in parts of this size.",
    )
    s3_max_attempts: int = Field(
        default=5, ge=1, description="Attempts per S3 request before it fails (with back-off)."
    )
    s3_timeout_s: float = Field(
        default=60.0, gt=0, description="S3 connect and read timeout, in seconds."
    )
    replica_backend: Literal["none", "local", "s3"] = Field(
        default="none",
        description="Second, independent copy of every object (TT05: two copies on separate "
        "media): 'none', 'local' (replica_root) or 's3' (replica_s3_*).",
    )
    replica_root: Path | None = Field(
        default=None,
        description="OCFL storage root of a local replica; must be on other media than "
        "storage_root. Required when replica_backend is 'local'.",
    )
    replica_s3_endpoint_url: str | None = Field(
        default=None, description="S3 endpoint of an s3 replica; unset: AWS S3."
    )
    replica_s3_bucket: str = Field(
        default="",
        description="Bucket of an s3 replica (versioned, Object Lock); required when "
        "replica_backend is 's3'.",
    )
    replica_s3_region: str = Field(default="us-east-1", description="Region of the replica bucket.")
    replica_s3_profile: str | None = Field(
        default=None,
        description="AWS profile (~/.aws) with the replica's credentials; unset: the same "
        "credentials as the primary store.",
    )
    replication: Literal["sync", "deferred"] = Field(
        default="sync",
        description="'sync': ingest writes the replica too; 'deferred': 'archive replicate' "
        "catches up (run it from cron).",
    )
    fixity_cadence_days: int = Field(
        default=365,
        ge=1,
        le=1095,
        description="A full fixity pass of the primary store is due every this many days.",
    )
    replica_fixity_cadence_days: int = Field(
        default=1095,
        ge=1,
        le=1095,
        description="A full fixity pass of the replica is due every this many days (the law's "
        "ceiling is 3 years).",
    )
    fixity_rate_mb_s: float = Field(
        default=0.0,
        ge=0,
        description="Default read rate limit of 'archive fixity run' in MB/s; 0: unlimited.",
    )
    agency_code: str = Field(
        default="000.00.00.H99",
        description="Mã cơ quan lưu trữ: identifier of the archive's own agency, prefixed to "
        "fileCode to form arcFileCode. Must be set in production.",
    )
    agency_name: str = Field(
        default="Lưu trữ cơ quan (mẫu)", description="Name of the archive's agency (PREMIS agent)."
    )
    max_package_bytes: int = Field(
        default=50 * GiB, description="Largest total unpacked size of one package, in bytes."
    )
    max_file_bytes: int = Field(
        default=20 * GiB, description="Largest single file inside a package, in bytes."
    )
    max_entries: int = Field(default=20_000, description="Most entries in one package zip.")
    max_compression_ratio: float = Field(
        default=200.0,
        description="Largest uncompressed/compressed ratio of a zip entry (zip-bomb guard); "
        "entries under 1 MiB are exempt.",
    )
    max_xml_bytes: int = Field(
        default=16 * MiB, description="Largest metadata XML file accepted, in bytes."
    )
    ingest_refuse_active_content: bool = Field(
        default=False,
        description="Refuse a package whose PDFs carry JavaScript, launch actions or embedded "
        "files, or cannot be scanned for them (PDF002-PDF005); off: they are warnings.",
    )
    ingest_short_retention: Literal["refuse", "warn"] = Field(
        default="refuse",
        description="A dossier kept under 5 years (NĐ 30/2020 Đ31 k3 c: it stays with the "
        "unit): 'refuse' the package (RET001 an error) or only 'warn'.",
    )
    digitized_policy: Literal["warn", "refuse"] = Field(
        default="warn",
        description="Digitized documents below the scan standard (DIG002-005): warn or refuse.",
    )
    virus_scanner: Literal["clamd", "clamscan", "off"] | None = Field(
        default=None,
        description="Virus check of every package before it is stored: 'clamd', 'clamscan' or "
        "'off' (on purpose). Unset: off in development, ingest refused in production.",
    )
    clamd_socket: Path = Field(
        default=Path("/var/run/clamav/clamd.ctl"), description="Unix socket of clamd."
    )
    clamav_database: Path | None = Field(
        default=None,
        description="ClamAV signature folder (clamscan's --database; its versions are recorded); "
        "unset: ClamAV's default, /var/lib/clamav.",
    )
    format_policy: dict[str, Literal["acceptable", "at-risk", "refused"]] = Field(
        default_factory=dict,
        description="PRONOM PUID → acceptable | at-risk | refused, over the default table of "
        "archive/packages/formatpolicy.py (docs/ingest-gate.md).",
    )
    format_unlisted: Literal["acceptable", "at-risk", "refused"] = Field(
        default="at-risk", description="Class of a PUID in no table, and of unidentified files."
    )
    ingest_review: bool = Field(
        default=False,
        description="Hold each valid package 'Chờ tiếp nhận' until 'archive review' decides.",
    )
    review_days: int = Field(
        default=60, ge=1, description="Days a package may await review before it is overdue."
    )
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
    sqlite_busy_timeout_s: float = Field(
        default=60.0, description="How long a SQLite writer waits for the lock, in seconds."
    )
    search_backend: Literal["tantivy", "whoosh"] = Field(
        default="tantivy",
        description="Embedded full-text engine: 'tantivy' (default; fast at any archive size) or "
        "'whoosh' (pure Python; only for a few thousand documents, docs/decisions/0005).",
    )
    search_index_dir: Path | None = Field(
        default=None,
        description="Directory of the search index (derived data, rebuilt by 'archive search "
        "reindex'); default <home>/index.",
    )
    search_index_restricted: bool = Field(
        default=False,
        description="Index documents of access mode 03 (Mật) too, findable only by the roles in "
        "search_roles_mode_03. Off: they are never indexed.",
    )
    search_roles_mode_02: list[SearchRole] = Field(
        default_factory=_privileged_roles,
        description="Roles that find documents of access mode 02 (Sử dụng có điều kiện).",
    )
    search_roles_mode_03: list[SearchRole] = Field(
        default_factory=_privileged_roles,
        description="Roles that find mode 03 (Mật) documents, when search_index_restricted is on.",
    )
    search_extract_max_bytes: int = Field(
        default=256 * MiB,
        ge=0,
        description="Originals larger than this (bytes) get no text extracted (metadata only).",
    )
    search_max_text_chars: int = Field(
        default=2_000_000,
        ge=0,
        description="Most characters of extracted text kept in the index per document.",
    )
    search_lock_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="How long an index writer waits for another one (ingest, reindex), in seconds.",
    )
    search_max_query_chars: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="Longest search text accepted, in characters (longer: refused, HTTP 400).",
    )
    search_max_terms: int = Field(
        default=32,
        ge=1,
        le=256,
        description="Most words in one search (plain words, words of phrases and prefixes).",
    )
    search_max_prefixes: int = Field(
        default=4,
        ge=0,
        le=64,
        description="Most prefix terms (word*) in one search; each one reads many words' lists.",
    )
    search_min_prefix_chars: int = Field(
        default=2,
        ge=2,
        le=20,
        description="Fewest letters before a '*' (a shorter prefix is refused).",
    )
    search_max_prefix_expansions: int = Field(
        default=1_000,
        ge=1,
        le=100_000,
        description="Most distinct indexed words one prefix may stand for; a prefix matching "
        "more is refused (type more letters).",
    )
    search_max_page_size: int = Field(
        default=100, ge=1, le=1_000, description="Most hits on one page (per_page, --per-page)."
    )
    search_abbreviations: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Changes to the built-in table of abbreviations a search expands (UBND → "
        "ủy ban nhân dân, docs/search.md): an entry adds an abbreviation or replaces its full "
        "forms; an empty list removes it. Takes effect at once (no reindex).",
    )
    search_max_results_window: int = Field(
        default=10_000,
        ge=1,
        le=1_000_000,
        description="Hits beyond this rank cannot be paged to (page × per_page); narrow the "
        "search instead.",
    )
    web_session_secret: SecretStr | None = Field(
        default=None,
        description="Key that signs the web session cookies; unset: a random key generated once "
        "into <home>/web-secret (mode 0600) and shared by every web process of this home.",
    )
    web_secure_cookies: bool | None = Field(
        default=None,
        description="Mark session cookies Secure (sent over HTTPS only); unset: on in production.",
    )
    web_session_max_age_s: int = Field(
        default=8 * 3600,
        gt=0,
        description="Absolute lifetime of a web login, in seconds: the server-side session ends "
        "this long after the login, however active.",
    )
    web_session_idle_s: int = Field(
        default=30 * 60,
        gt=0,
        description="A web login unused for this many seconds ends (idle timeout).",
    )
    web_login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Passwords checked per account and client address within "
        "web_login_window_s; further attempts from that address get HTTP 429 until the "
        "oldest leaves the window. A successful login clears the count.",
    )
    web_login_window_s: float = Field(
        default=300.0, gt=0, description="Window of the login rate limit, in seconds."
    )
    web_login_address_free: int = Field(
        default=10,
        ge=1,
        description="Failed logins one client address may make (over all accounts) before each "
        "further attempt from it must wait a delay that doubles per failure.",
    )
    web_login_max_delay_s: float = Field(
        default=60.0,
        gt=0,
        description="Longest delay between login attempts from one client address; an address "
        "with no attempt for web_login_window_s is forgotten.",
    )
    web_trusted_proxies: list[str] = Field(
        default_factory=list,
        description="IP addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For "
        "header names the client; empty: the header is ignored.",
    )
    web_token_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="Default lifetime of a new API token, in days ('archive users token "
        "--expires DAYS').",
    )
    web_threads: int = Field(
        default=0,
        ge=0,
        description="Requests one web process works on at once (the rest wait their turn, first "
        "come first served); 0: twice the CPU count, at least 4.",
    )

    @field_validator("agency_code")
    @classmethod
    def _check_agency_code(cls, value: str) -> str:
        from archive.identifiers import ORGAN_ID_RE

        if not ORGAN_ID_RE.fullmatch(value):
            raise ValueError(
                f"agency_code {value!r} is not a 13-character organ identifier DDD.DD.DD.XNN"
            )
        return value

    @field_validator("search_abbreviations")
    @classmethod
    def _check_abbreviations(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        # Sizes only: what makes an entry valid (one word, 1–3 forms of 1–8 words) is the
        # search's to say (archive/search/abbreviations.py), when the table is first used.
        if len(value) > 1000:
            raise ValueError("search_abbreviations: at most 1000 entries")
        for key, forms in value.items():
            if not 1 <= len(key) <= 20 or any(len(form) > 200 for form in forms):
                raise ValueError(
                    f"search_abbreviations: {key!r}: abbreviations of 1–20 characters, full "
                    "forms of at most 200"
                )
        return value

    @field_validator("web_trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        import ipaddress

        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"web_trusted_proxies: {item!r} is not an IP address or network"
                ) from None
        return [item.strip() for item in value]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        del dotenv_settings, file_secret_settings  # no .env files or secret dirs
        return (init_settings, env_settings, _TomlSource(settings_cls))

    @property
    def resolved_database_url(self) -> str:
        """The catalog URL, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'catalog.sqlite3').resolve()}"

    @property
    def resolved_storage_root(self) -> Path:
        """The OCFL storage root of the local backend."""
        return (self.storage_root or self.home / "store").resolve()

    @property
    def resolved_search_index_dir(self) -> Path:
        """Where the search index lives."""
        return (self.search_index_dir or self.home / "index").resolve()

    @property
    def staging_dir(self) -> Path:
        """Work area for unpacking and building packages; same filesystem as the store."""
        return (self.home / "staging").resolve()

    def check_production(self) -> None:
        """Refuse demo defaults when running in production."""
        if self.environment != "production":
            return
        if self.agency_code == Settings.model_fields["agency_code"].default:
            raise ConfigurationError(
                "cần đặt ARCHIVE_AGENCY_CODE là mã định danh cơ quan khi chạy production / "
                "ARCHIVE_AGENCY_CODE must be set to your agency's organ identifier in production"
            )
        # Imported here: settings are read by every command, certificates only matter here.
        from archive.certificates import DEMO_TSA_SCHEME, demo_roots

        demo = demo_roots(self.trust_roots)
        if demo:
            raise ConfigurationError(
                f"trust_roots tin cậy gốc của PKI demo ({', '.join(demo)}): chữ ký ký bằng khóa "
                "demo (khóa bí mật không mã hóa) sẽ được coi là hợp lệ. Bỏ tệp này khỏi "
                "trust_roots khi chạy production / "
                f"trust_roots trusts the demo PKI's root ({', '.join(demo)}): signatures made "
                "with the demo keys (stored unencrypted) would pass as valid. Remove it from "
                "trust_roots in production"
            )
        if self.tsa_url and self.tsa_url.startswith(DEMO_TSA_SCHEME):
            raise ConfigurationError(
                f"tsa_url = {self.tsa_url!r} là TSA demo (khóa không mã hóa, đồng hồ của máy này):"
                " dấu thời gian của nó không chứng minh được gì. Đặt tsa_url là dịch vụ cấp dấu "
                "thời gian RFC 3161 thật khi chạy production / "
                f"tsa_url = {self.tsa_url!r} is the demo TSA (unencrypted key, this machine's "
                "clock): its timestamps prove nothing. Set tsa_url to a real RFC 3161 "
                "time-stamping service in production"
            )


class _TomlSource(PydanticBaseSettingsSource):
    """Reads archive.toml; unknown keys are an error (extra='forbid')."""

    def _path(self) -> Path | None:
        explicit = os.environ.get("ARCHIVE_CONFIG")
        if explicit:
            return Path(explicit)
        home = Path(os.environ.get("ARCHIVE_HOME", DEFAULT_HOME))
        candidate = home / "archive.toml"
        return candidate if candidate.is_file() else None

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        del field  # values come from __call__ as a whole
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = self._path()
        if path is None:
            return {}
        try:
            with path.open("rb") as fh:
                return tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read {path}: {exc}") from exc


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning validation errors into one readable ConfigurationError."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigurationError(f"invalid settings: {problems}") from exc
    settings.check_production()
    return settings
