"""The suite stands alone (issue 12): no test, benchmark, code or doc reaches outside the
repository, so a fresh clone runs and checks everything with nothing else on the machine.

Two plain checks: no file names the sibling folder the third-party material used to be read
from, and every relative link in the Markdown docs resolves inside the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("archive", "bench", "cli", "docs", "schemas", "tests")
# Built from parts so that this file does not match itself.
OUTSIDE = [b"../" + b"shared", b"/work/" + b"shared"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def scanned_files() -> Iterator[Path]:
    yield ROOT / "README.md"
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def test_no_file_points_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {needle.decode()}"
        for path in scanned_files()
        for needle in OUTSIDE
        if needle in path.read_bytes()
    ]
    assert offenders == []


def outside_links(doc: Path) -> list[str]:
    """Relative links of one Markdown file that resolve outside ROOT (URLs and anchors skipped)."""
    found = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        resolved = (doc.parent / target.split("#", 1)[0]).resolve()
        if not resolved.is_relative_to(ROOT):
            found.append(target)
    return found


@pytest.mark.parametrize(
    "doc",
    [p for p in scanned_files() if p.suffix == ".md"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_markdown_links_stay_inside_the_repository(doc: Path) -> None:
    assert outside_links(doc) == []
