"""Archive homes that trust the served test PKI, and signed PDFs ingested into them.

Shared by the signature tests (preservation, augmentation, the CLI). Packages are
``tests/support/sips.sip_input`` dossiers whose documents are replaced by the given PDFs; the
first document is the main one (NĐ 30 rule). Ingest runs "later that day" after signing, with
the clock frozen (``tick=True``), and fetches OCSP/CRLs from the served PKI.

``cli_process`` starts ``python -m cli.main …`` in a subprocess whose clock is frozen (with
freezegun, ticking) at a given moment, so subprocess runs do not depend on the real date either.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from freezegun import freeze_time

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.ingest.pipeline import IngestResult
from archive.packages.sipwrite import write_sip
from tests.support import sips
from tests.support.pki import SIGNING_TIME, TestPki

__all__ = [
    "LATER_THAT_DAY",
    "ROOT",
    "assert_valid_store",
    "cli_process",
    "doc_code",
    "home_env",
    "ingest",
    "ocfl_problems",
    "open_home",
    "package",
    "read",
    "stored_paths",
]

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
"""When packages are ingested: after every timestamp taken when signing."""

ROOT = Path(__file__).resolve().parents[2]
"""The project root (for subprocesses)."""


def package(
    tmp: Path, n: int, *contents: bytes, types: tuple[str, ...] = (), maintenance: str = "01"
) -> Path:
    """A valid SIP folder (dossier ``n``) whose documents hold ``contents``, in order;
    ``types`` overrides their typeName codes; ``maintenance`` is the retention code."""
    sip = sips.sip_input(n, docs=len(contents), maintenance=maintenance)
    documents = [
        dataclasses.replace(doc, content=data)
        for doc, data in zip(sip.documents, contents, strict=True)
    ]
    for i, code in enumerate(types):
        documents[i] = dataclasses.replace(
            documents[i], values={**documents[i].values, "typeName": code}
        )
    return write_sip(
        dataclasses.replace(sip, documents=documents),
        tmp / f"sip-{n}",
        objid=f"uuid-00000000-0000-4000-8000-{n:012d}",
        created=sips.CREATED,
    )


def doc_code(n: int, i: int = 1) -> str:
    """docCode of document ``i`` of dossier ``n``."""
    return f"{sips.file_code(n)}.{i:07d}"


def open_home(home: Path, pki: TestPki, **settings: Any) -> Archive:
    """Open (creating it) an archive home trusting the test root; close it after use."""
    return open_archive(
        load_settings(home=home, trust_roots=[pki.root_pem_path], **settings), create=True
    )


def ingest(archive: Archive, source: Path, at: datetime = LATER_THAT_DAY) -> IngestResult:
    """Ingest one package with the clock frozen at ``at``; it must be accepted."""
    with freeze_time(at, tick=True):
        result = archive.ingest(source, person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()
    return result


def read(archive: Archive, object_id: str, logical: str, version: str | None = None) -> bytes:
    """Bytes of a logical path of a stored object (default: head version)."""
    with archive.ocfl.open_logical(object_id, logical, version) as fh:
        return fh.read()


def stored_paths(archive: Archive, object_id: str, version: str | None = None) -> list[str]:
    """Every logical path of an object's version (default: head)."""
    inventory = archive.ocfl.inventory(object_id)
    state = inventory["versions"][version or inventory["head"]]["state"]
    return sorted(p for paths in state.values() for p in paths)


def home_env(home: Path, pki: TestPki, **settings: Any) -> dict[str, str]:
    """``ARCHIVE_*`` variables for a CLI process on ``home`` (JSON for lists, '' for None)."""
    env = {
        "ARCHIVE_HOME": str(home),
        "ARCHIVE_LANG": "en",
        "ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)]),
    }
    for key, value in settings.items():
        env[f"ARCHIVE_{key.upper()}"] = "" if value is None else str(value)
    return env


_FROZEN_CLI = """
import sys
from freezegun import freeze_time
freezer = freeze_time(sys.argv.pop(1), tick=True)
freezer.start()
from cli.main import app
sys.argv[0] = "archive"
app()
"""


def cli_process(at: datetime, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start ``archive ARGS`` in a subprocess whose clock starts at ``at``; stdout and stderr
    are pipes (``communicate()`` them)."""
    return subprocess.Popen(
        [sys.executable, "-c", _FROZEN_CLI, at.isoformat(), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ocfl_problems(root: Path) -> tuple[bool, list[str]]:
    """(valid, the error and warning lines) of ocfl-py's validator over a storage root."""
    from tests.unit.storage.test_ocfl import ocfl_validate

    output = ocfl_validate(root)
    lines = [line for line in output.splitlines() if "][E" in line or "][W" in line]
    return f"Storage root {root} is VALID" in output and " are VALID" in output, lines


def assert_valid_store(root: Path, *, tolerate_empty_folders: bool = False) -> None:
    """ocfl-py validates the storage root.

    ``tolerate_empty_folders``: accept exactly OCFL E024 "empty path" — the known defect of
    archive/storage/ocfl.py that deduplicated content leaves empty folders behind, which ingest
    triggers when two documents of a dossier share certificates — and nothing else.
    """
    valid, problems = ocfl_problems(root)
    if tolerate_empty_folders:
        problems = [p for p in problems if "[E024]" not in p]
        assert not problems, problems
    else:
        assert valid and not [p for p in problems if "][E" in p], problems
