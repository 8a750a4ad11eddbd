"""A complete demo archive home: its ``archive.toml``, its sample accounts, and trusting the
demo root from another home.

``archive demo`` on a home without an ``archive.toml`` writes one (:func:`demo_config_text`)
that makes every workflow of the README work offline:

- ``trust_roots``: the demo root, so the sample signatures validate as TOTAL_PASSED;
- ``tsa_url``: the demo TSA, answering in-process (``archive.demo.tsa``), for evidence records
  and PAdES-LTA renewals;
- ``replica_backend``/``replica_root``: a second OCFL store in ``<home>/replica``, written at
  every ingest, so ``archive replicate``, ``fixity`` and ``repair`` have two copies to work on;
- ``archive_signing_key``/``_cert``/``_chain``: the archive's own certificate of the demo PKI,
  which signs certified copies (``archive copy certify``).

It then adds one account per role (:data:`DEMO_ACCOUNTS`, the people of docs/users.md) with
random passwords, kept in ``<home>/demo-accounts.txt`` (0600).

Another home can be made to trust the demo root (to ingest ``archive demo --sips-only``
packages by hand) with ``archive init --trust-demo-root FILE``: :func:`check_demo_root` makes
sure the file is a demo root and nothing else, :func:`write_trust_config` writes the config.
Production refuses every one of these settings (``Settings.check_production``).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef
from archive.certificates import is_demo_certificate, load_certificates
from archive.demo.tsa import demo_tsa_url
from archive.errors import InvalidInput
from archive.permissions import SECRET_MODE
from archive.users.models import User
from archive.users.service import add_user

if TYPE_CHECKING:
    from archive.demo.pki import DemoSigner

__all__ = [
    "ACCOUNTS_FILE",
    "BACKUP_DIR",
    "CONFIG_NAME",
    "DEMO_ACCOUNTS",
    "REPLICA_DIR",
    "TRUSTED_ROOT_NAME",
    "DemoAccount",
    "accounts_text",
    "add_demo_accounts",
    "check_demo_root",
    "demo_config_text",
    "read_accounts",
    "trust_config_text",
    "write_new_file",
]

CONFIG_NAME: Final = "archive.toml"
REPLICA_DIR: Final = "replica"
BACKUP_DIR: Final = "backups"
ACCOUNTS_FILE: Final = "demo-accounts.txt"
TRUSTED_ROOT_NAME: Final = "demo-root.cert.pem"
"""Name of the demo root certificate copied into a home by ``init --trust-demo-root`` (and
written next to the packages by ``demo --sips-only``)."""

DEMO_ACCOUNTS: Final[tuple[tuple[str, str, str], ...]] = (
    ("lan", "archivist", "Bùi Thị Lan, văn thư / lưu trữ viên"),
    ("minh", "officer", "Anh Minh, cán bộ nghiệp vụ"),
    ("hoa", "auditor", "Bà Hoa, thanh tra / kiểm toán"),
    ("tuan", "admin", "Anh Tuấn, quản trị hệ thống"),
)
"""(user name, role, who) of the demo's accounts: one per role, the people of docs/users.md."""

_WARNING = """\
# Do NOT use this file in production. It makes the archive trust the DEMO root certificate,
# whose private key lies unencrypted in {pki_dir}:
# anyone who can read that directory can make signatures this archive would accept as valid.
#
# For real documents, trust the Vietnamese roots instead, e.g. the NEAC national root
# (Trung tâm Chứng thực điện tử quốc gia) and the Ban Cơ yếu Chính phủ CA chain:
#   trust_roots = ["/etc/archive/trust/neac-root.pem", "/etc/archive/trust/bcy-root.pem"]
#   trust_intermediates = ["/etc/archive/trust/intermediates"]
#   signature_fetch = true    # fetch OCSP/CRL online while validating
# (see docs/configuration.md and docs/signatures.md).
trust_roots = [{root}]
signature_fetch = false

# The sample dossier 4 is Mật (access mode 03, state secrets): only an isolated archive, kept
# off every network, holds such records; its web page listens on this machine only. A
# networked archive leaves this out and refuses them (docs/secrets.md).
secret_records = "isolated"
"""

_DEMO_PARTS = """
# The demo's own time-stamping authority, answering in-process with the key in the directory
# above: evidence records (`archive evidence build`) and PAdES-LTA renewals (`archive preserve
# run`) work offline. A real archive names an RFC 3161 service: tsa_url = "https://...".
tsa_url = {tsa}

# The second copy the law asks for (TT 05/2025 Ch. V), here a second OCFL store in the home,
# written at every ingest. A real archive keeps it on another disk or site, or in a second
# S3 bucket (docs/operations.md).
replica_backend = "local"
replica_root = {replica}

# The backup sets of TT 05/2025 Ch. V (the catalog, the configuration without its secrets and
# the store manifest: `archive backup run`, a full set once a month), here a folder in the home.
# A real archive writes them to other media, or to an S3 bucket (docs/operations.md "Backups").
backup_backend = "local"
backup_root = {backups}
"""

_SIGNING_PART = """
# The archive's own signing certificate (demo PKI, key unencrypted): it signs the authentication
# page of certified copies (`archive copy certify`, docs/use.md). A real archive names its own
# key, e.g. a PKCS#12 file, and its passphrase through an environment variable:
#   archive_signing_key = "/etc/archive/keys/luu-tru.p12"
#   archive_signing_passphrase_env = "ARCHIVE_KEY_PASSPHRASE"
archive_signing_key = {key}
archive_signing_cert = {cert}
archive_signing_chain = [{chain}]
# Their revocation lists, embedded with the signature (the demo's CRL addresses never resolve);
# `archive demo` writes them anew each time it runs.
archive_signing_crls = [{crls}]
"""


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def demo_config_text(
    home: Path,
    pki_dir: Path,
    root_cert: Path,
    *,
    today: date,
    signer: DemoSigner | None = None,
    crls: tuple[Path, ...] = (),
) -> str:
    """The ``archive.toml`` of a demo home: demo root, demo TSA, a local replica, and with
    ``signer`` the archive's own signing certificate (and ``crls``, its revocation lists)."""
    head = (
        f"# Written by `archive demo` on {today.isoformat()}, because this archive home had "
        "no archive.toml.\n"
    )
    body = _WARNING.format(pki_dir=pki_dir.resolve(), root=_toml_string(str(root_cert.resolve())))
    parts = _DEMO_PARTS.format(
        tsa=_toml_string(demo_tsa_url(pki_dir)),
        replica=_toml_string(str((home / REPLICA_DIR).resolve())),
        backups=_toml_string(str((home / BACKUP_DIR).resolve())),
    )
    if signer is not None:
        parts += _SIGNING_PART.format(
            key=_toml_string(str(signer.key_path.resolve())),
            cert=_toml_string(str(signer.cert_path.resolve())),
            chain=", ".join(_toml_string(str(p.resolve())) for p in signer.chain_paths),
            crls=", ".join(_toml_string(str(p.resolve())) for p in crls),
        )
    return head + body + parts


def trust_config_text(root_cert: Path, *, today: date) -> str:
    """The ``archive.toml`` of a home that only trusts a copy of a demo root."""
    head = (
        f"# Written by `archive init --trust-demo-root` on {today.isoformat()}, to ingest "
        "packages made by `archive demo`.\n"
    )
    where = "the `archive demo` home it was copied from (its demo-pki folder)"
    return head + _WARNING.format(pki_dir=where, root=_toml_string(str(root_cert.resolve())))


def write_new_file(path: Path, text: str, mode: int = SECRET_MODE) -> None:
    """Write ``path``, which must not exist yet (a config is never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def check_demo_root(path: Path) -> bytes:
    """The PEM bytes of ``path`` if it holds exactly one certificate, the self-signed root of
    an ``archive demo`` PKI; anything else is refused (real roots go into trust_roots by hand,
    docs/signatures.md)."""
    try:
        certificates = load_certificates(path)
    except OSError as exc:
        raise InvalidInput(
            f"không đọc được {path} / cannot read {path}: {exc.strerror or exc}"
        ) from exc
    except Exception as exc:  # ConfigurationError from the loader: not a certificate
        raise InvalidInput(_not_demo_root(path)) from exc
    if len(certificates) != 1:
        raise InvalidInput(_not_demo_root(path))
    cert = certificates[0]
    if not (is_demo_certificate(cert) and cert.self_signed != "no" and cert.ca):
        raise InvalidInput(_not_demo_root(path))
    return path.read_bytes()


def _not_demo_root(path: Path) -> str:
    return (
        f"{path} không phải chứng thư gốc của PKI demo (tệp {TRUSTED_ROOT_NAME} do `archive demo "
        "--sips-only` ghi ra). Chứng thư gốc thật (NEAC, Ban Cơ yếu) khai báo trong trust_roots "
        f"của archive.toml (docs/signatures.md) / {path} is not the root certificate of a demo "
        f"PKI (the {TRUSTED_ROOT_NAME} that `archive demo --sips-only` writes). Real roots "
        "(NEAC, Ban Cơ yếu) go into trust_roots in archive.toml (docs/signatures.md)"
    )


@dataclass(frozen=True)
class DemoAccount:
    """A demo account; ``password`` is None when the account existed before this run."""

    name: str
    role: str
    who: str
    password: str | None


def add_demo_accounts(session: Session, agent: AgentRef) -> list[DemoAccount]:
    """Create the accounts of :data:`DEMO_ACCOUNTS` that do not exist yet, each with a new
    random password (16 characters, about 96 bits); existing accounts are left alone."""
    accounts: list[DemoAccount] = []
    for name, role, who in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            accounts.append(DemoAccount(name, role, who, None))
            continue
        password = secrets.token_urlsafe(12)
        add_user(session, name, role, password, agent)
        accounts.append(DemoAccount(name, role, who, password))
    return accounts


def accounts_text(accounts: Sequence[DemoAccount]) -> str:
    """The accounts file: a comment, then one ``name role password`` line per new account."""
    lines = [
        "# Tài khoản mẫu của `archive demo` (chỉ để thử) / demo accounts (for trying out only)",
        "# tên / name    vai trò / role    mật khẩu / password",
    ]
    lines += [f"{a.name:<10} {a.role:<10} {a.password}" for a in accounts if a.password]
    return "\n".join(lines) + "\n"


def read_accounts(path: Path) -> dict[str, tuple[str, str]]:
    """The accounts file as {name: (role, password)}."""
    out: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            out[parts[0]] = (parts[1], parts[2])
    return out
