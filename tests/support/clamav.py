"""ClamAV for the suite: a signature database built here (the EICAR test string as a ClamAV
signature; no definitions can be downloaded) and a clamd started on it.

The EICAR file is the anti-virus industry's harmless test file; it is built from two halves so
that no file of the repository holds it whole.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.process import log_tail

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"


class ClamavNotFound(Exception):
    """clamd or clamscan is not installed (Debian: clamav, clamav-daemon)."""


def signature_database(folder: Path) -> Path:
    """A ClamAV database folder with one body signature: the EICAR string."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "archive-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    return folder


@dataclass
class ClamdServer:
    """A clamd of the suite, on a Unix socket in its own folder."""

    socket: Path
    database: Path
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, folder: Path) -> ClamdServer:
        program = shutil.which("clamd") or "/usr/sbin/clamd"
        if not Path(program).exists() or shutil.which("clamscan") is None:
            raise ClamavNotFound("clamd/clamscan not found: apt-get install clamav clamav-daemon")
        database = signature_database(folder / "db")
        sock, log = folder / "clamd.sock", folder / "clamd.log"
        config = folder / "clamd.conf"
        config.write_text(
            f"LocalSocket {sock}\nDatabaseDirectory {database}\nForeground yes\n"
            f"LogFile {log}\nStreamMaxLength 64M\nMaxThreads 2\nSelfCheck 0\n"
        )
        process = subprocess.Popen(
            [program, f"--config-file={config}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not sock.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"clamd did not start:\n{log_tail(log)}")
            time.sleep(0.05)
        return cls(sock, database, process, log)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
