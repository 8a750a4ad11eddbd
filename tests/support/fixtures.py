"""Where the third-party test material lives: tests/fixtures/<source>/ (see its README.md).

The material is part of the repository, so a missing folder is an error, never a reason to
skip: a suite that skips silently would pass without checking anything.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_dir(source: str) -> Path:
    """The folder of one source (``pyhanko``, ``dss-ers``, …), checked to be there."""
    folder = FIXTURES / source
    if not (folder / "PROVENANCE.md").is_file():
        raise FileNotFoundError(f"test material missing: {folder} (see tests/fixtures/README.md)")
    return folder
