"""Virus check of every file of a package with ClamAV, before anything is stored.

TT 05/2025 Chương IV makes the archive scan each package (docs/domain.md §4.8). The scanner is
chosen by ``virus_scanner``:

* ``clamd``: the ClamAV daemon on its Unix socket (``clamd_socket``), each file streamed with
  ``INSTREAM`` (the daemon needs no access to the staging area);
* ``clamscan``: the command-line scanner, one run over the package's files with the signatures
  of ``clamav_database``;
* ``off``: nothing is scanned, and each package records ``not checked``.

Left unset, the scanner is ``off`` in development; in production ingest is refused until it is
set (``off`` must be chosen on purpose). A hit refuses the package whole (VIR001, naming the file
and the signature); a scanner that cannot answer refuses it too (VIR002): the archive never keeps
an unscanned package when a scanner is configured. Each scan is one PREMIS ``virus check`` event
naming the engine and the signature database versions.
"""

from __future__ import annotations

import hashlib
import socket
import struct
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol

from archive.audit.chain import AgentRef, NewEvent
from archive.config import Settings
from archive.errors import ConfigurationError
from archive.findings import Finding

__all__ = [
    "DEFAULT_DATABASE",
    "ClamdScanner",
    "ClamscanScanner",
    "ScanOutcome",
    "ScannerFailed",
    "VirusScanner",
    "database_version",
    "open_scanner",
    "virus_check",
]

DEFAULT_DATABASE: Final = Path("/var/lib/clamav")
"""Where Debian's ClamAV keeps its signatures (when clamav_database is unset)."""
_CHUNK: Final = 1024 * 1024
_TIMEOUT_S: Final = 600.0
_DB_SUFFIXES: Final = (".cvd", ".cld", ".cud", ".ndb", ".hdb", ".hsb", ".mdb", ".msb", ".ldb")
_DB_SUFFIXES_MORE: Final = (".ndu", ".ldu", ".cdb", ".idb", ".ign2", ".fp", ".sfp", ".yar", ".yara")


class ScannerFailed(Exception):
    """The scanner could not give an answer for every file."""


@dataclass
class ScanOutcome:
    """What one scan of a package found, and with what."""

    engine: str
    database: str
    files: int
    hits: list[tuple[str, str]] = field(default_factory=list)  # (package path, signature)


class VirusScanner(Protocol):
    """Scans files; raises ScannerFailed when it cannot answer for one."""

    def scan(self, files: Sequence[tuple[str, Path]]) -> ScanOutcome:
        """Scan (package path, staged file) pairs."""
        ...


def database_version(folder: Path | None) -> str:
    """The signature database of ``folder``: each official database with its version (the
    header of .cvd/.cld files), each other signature file with the start of its SHA-256."""
    if folder is None or not folder.is_dir():
        return "không rõ / unknown"
    parts: list[str] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or not path.name.endswith(_DB_SUFFIXES + _DB_SUFFIXES_MORE):
            continue
        if path.suffix in (".cvd", ".cld", ".cud"):
            with path.open("rb") as fh:
                header = fh.read(512).decode("ascii", "replace").split(":")
            version = header[2] if len(header) > 2 and header[0] == "ClamAV-VDB" else "?"
            parts.append(f"{path.stem} {version}")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            parts.append(f"{path.name} sha256:{digest}")
    return ", ".join(parts) or "rỗng / empty"


def _engine_and_db(reply: str, folder: Path | None) -> tuple[str, str]:
    """``ClamAV 1.4.6/27450/Mon Dec  7 …`` → engine and database (the folder's when the reply
    names no official database)."""
    engine, _, rest = reply.strip().partition("/")
    described = database_version(folder)
    database = f"{rest.replace('/', ' ', 1)}; {described}" if rest else described
    return engine, database


class ClamdScanner:
    """clamd over its Unix socket, each file streamed with INSTREAM."""

    def __init__(self, socket_path: Path, database: Path | None = None) -> None:
        self.socket_path = socket_path
        self.database = database

    def _connect(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(_TIMEOUT_S)
        try:
            sock.connect(str(self.socket_path))
        except OSError as exc:
            sock.close()
            raise ScannerFailed(f"clamd {self.socket_path}: {exc.strerror or exc}") from exc
        return sock

    def _command(self, command: bytes, path: Path | None = None) -> str:
        with self._connect() as sock:
            try:
                sock.sendall(b"z" + command + b"\0")
                if path is not None:
                    with path.open("rb") as fh:
                        while chunk := fh.read(_CHUNK):
                            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                    sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
            except OSError as exc:  # clamd closes the socket past StreamMaxLength
                raise ScannerFailed(f"clamd {self.socket_path}: {exc.strerror or exc}") from exc
        return reply.rstrip(b"\0").decode("utf-8", "replace")

    def scan(self, files: Sequence[tuple[str, Path]]) -> ScanOutcome:
        """Scan each file; a reply other than OK or FOUND is a failure."""
        engine, database = _engine_and_db(self._command(b"VERSION"), self.database)
        outcome = ScanOutcome(f"{engine} (clamd)", database, len(files))
        for rel, path in files:
            answer = self._command(b"INSTREAM", path).removeprefix("stream: ")
            if answer.endswith(" FOUND"):
                outcome.hits.append((rel, answer.removesuffix(" FOUND")))
            elif answer != "OK":
                raise ScannerFailed(f"{rel}: clamd: {answer or 'no answer'}")
        return outcome


class ClamscanScanner:
    """The clamscan command over the package's files (one run, a file list)."""

    def __init__(self, database: Path | None = None, program: str = "clamscan") -> None:
        self.database = database
        self.program = program
        self.described = database or DEFAULT_DATABASE

    def _base(self) -> list[str]:
        return [self.program, *([f"--database={self.database}"] if self.database else [])]

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [*self._base(), *args], capture_output=True, text=True, timeout=_TIMEOUT_S
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ScannerFailed(f"{self.program}: {exc}") from exc

    def scan(self, files: Sequence[tuple[str, Path]]) -> ScanOutcome:
        """Scan every file; exit 0 clean, 1 found, anything else a failure."""
        engine, database = _engine_and_db(self._run(["--version"]).stdout, self.described)
        outcome = ScanOutcome(f"{engine} (clamscan)", database, len(files))
        by_path = {str(path): rel for rel, path in files}
        with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as listing:
            listing.write("".join(f"{path}\n" for path in by_path))
            listing.flush()
            # Big files are scanned whole or flagged, never passed unscanned (ClamAV's default).
            done = self._run(
                ["--no-summary", "--stdout", "--infected", "--alert-exceeds-max=yes",
                 "--max-filesize=2000M", "--max-scansize=2000M", f"--file-list={listing.name}"]
            )  # fmt: skip
        if done.returncode not in (0, 1):
            raise ScannerFailed(f"clamscan: {(done.stderr or done.stdout).strip()[:300]}")
        for line in done.stdout.splitlines():
            path, sep, answer = line.rpartition(": ")
            if sep and answer.endswith(" FOUND"):
                outcome.hits.append((by_path.get(path, path), answer.removesuffix(" FOUND")))
        return outcome


def open_scanner(settings: Settings) -> VirusScanner | None:
    """The configured scanner; None when scanning is off (or unset in development)."""
    if settings.virus_scanner is None and settings.environment == "production":
        raise ConfigurationError(
            "chưa cấu hình kiểm tra virus: đặt virus_scanner = 'clamd' hoặc 'clamscan' (hoặc "
            "'off' nếu chủ ý không kiểm tra) trước khi nộp lưu / no virus scanner is "
            "configured: set virus_scanner to 'clamd' or 'clamscan' (or 'off', on purpose) "
            "before ingesting in production"
        )
    if settings.virus_scanner == "clamd":
        return ClamdScanner(settings.clamd_socket, settings.clamav_database or DEFAULT_DATABASE)
    if settings.virus_scanner == "clamscan":
        return ClamscanScanner(settings.clamav_database)
    return None


def virus_check(
    files: Sequence[tuple[str, Path]],
    scanner: VirusScanner | None,
    settings: Settings,
    agents: list[AgentRef],
) -> tuple[list[Finding], NewEvent]:
    """Scan the package's files: findings (VIR001, VIR002) and the PREMIS event (its objects
    are named by the caller, once the package is read). Scanning off: no finding, the event
    says ``not checked``."""
    objects: list[tuple[str, str]] = []
    if scanner is None:
        why = "virus_scanner = off" if settings.virus_scanner == "off" else "virus_scanner unset"
        event = NewEvent(
            "virus check",
            f"Không kiểm tra virus ({why}) / not checked ({why})",
            outcome="warning",
            outcome_detail="not checked",
            agents=agents,
            objects=objects,
        )
        return [], event
    try:
        found = scanner.scan(files)
    except ScannerFailed as exc:
        failed = Finding.make("VIR002", "", detail=str(exc))
        return [failed], NewEvent("virus check", str(exc), "failure", agents=agents)
    detail = (
        f"{found.engine}; cơ sở dữ liệu / database: {found.database}; {found.files} tệp / files"
    )
    hits = [Finding.make("VIR001", rel, value=sig) for rel, sig in found.hits]
    outcome_detail = "; ".join(f"{rel}: {sig}" for rel, sig in found.hits)
    event = NewEvent(
        "virus check",
        detail,
        outcome="failure" if hits else "success",
        outcome_detail=outcome_detail,
        agents=agents,
        objects=objects,
    )
    return hits, event
