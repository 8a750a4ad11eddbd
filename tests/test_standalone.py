"""The suite stands alone (issue 12): no test, benchmark, code or doc reaches outside the
repository, so a fresh clone runs and checks everything with nothing else on the machine.

Three plain checks: no file names the sibling folder the third-party material used to be read
from; every relative link in the Markdown docs resolves inside the repository; and every
Markdown document that code or docs cite ("docs/domain.md §4.3", "STYLE.md") is in the
repository, with the numbered section the citation names.
"""

from __future__ import annotations

import functools
import os
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


# Text files whose prose may cite a document; third-party fixtures are data, not our prose.
PROSE = {".py", ".md", ".toml", ".txt", ".html", ".j2", ".yml", ".yaml", ".cfg", ".ini", ".sh"}
# A cited Markdown name: a bare name or a relative path, never part of a URL.
NAME = r"(?<![\w/.:-])((?:\.\.?/)*(?:[\w-]+/)*[\w-][\w.-]*\.md)(?![\w-])`?"
# The name, then any section numbers: "docs/domain.md §4.4–4.5, §7.3", "`search.md` §5",
# "[domain.md §6.2](domain.md)".
CITATION = re.compile(NAME + r"((?:,?\s*§\s*\d+(?:\.\d+)*(?:\s*[–-]\s*\d+(?:\.\d+)*)?)*)")
SECTION = re.compile(r"\d+(?:\.\d+)*")
# A section cited by its title right after the name: 'docs/evidence.md, "Bridge to signatures"'.
TITLED = re.compile(NAME + r',?\s+"([^"\n]+)"')
# Mentions of a Markdown name that are not citations of a document, each with the reason.
NOT_CITATIONS = {
    ("tests/cli/test_docs_cli.py", "other.md"): "a file the test writes in tmp_path",
    ("tests/fixtures/vietnamese-laws/PROVENANCE.md", "REFERENCES.md"): "upstream's file",
    ("tests/fixtures/README.md", "PROVENANCE.md"): "the file each fixture folder holds",
    ("tests/support/fixtures.py", "PROVENANCE.md"): "the file each fixture folder holds",
}


@functools.cache
def repository_files() -> frozenset[str]:
    """Every file of the checkout, as a POSIX path from ROOT (exact case, on any filesystem)."""
    skip = {".git", ".venv", "archive-data", "__pycache__", ".mypy_cache", ".ruff_cache"}
    found = set()
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in skip]
        found.update((Path(folder) / name).relative_to(ROOT).as_posix() for name in names)
    return frozenset(found)


def resolve(cited: str, citing: Path, files: frozenset[str]) -> str | None:
    """The repository file a citation names: from the citing file's folder, the root or docs/."""
    for base in (citing.parent, ROOT, ROOT / "docs"):
        candidate = (base / cited).resolve()
        if candidate.is_relative_to(ROOT):
            relative = candidate.relative_to(ROOT).as_posix()
            if relative in files:
                return relative
    return None


def titles(doc: Path) -> list[str]:
    """Headings of a Markdown file, and bold run-in heads ("* **Line endings.** …")."""
    found = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#+\s+(.+)|\s*(?:[*-]\s+)?\*\*([^*]+)\*\*", line)
        if heading:
            found.append((heading.group(1) or heading.group(2)).strip())
    return found


def numbered_sections(doc: Path) -> set[str]:
    """The section numbers of a Markdown file's headings ("## 4.3 Packages" → "4.3")."""
    found = set()
    for line in doc.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#+\s+(\d+(?:\.\d+)*)[.\s]", line + " ")
        if heading:
            found.add(heading.group(1))
    return found


def bad_citations(path: Path, files: frozenset[str]) -> list[str]:
    """Citations in one file of a document not in the repository, or of a missing section."""
    where = path.relative_to(ROOT).as_posix()
    bad = []
    for match in CITATION.finditer(path.read_text(encoding="utf-8")):
        cited, sections = match.group(1), SECTION.findall(match.group(2))
        if (where, cited.rsplit("/", 1)[-1]) in NOT_CITATIONS:
            continue
        target = resolve(cited, path, files)
        if target is None:
            bad.append(f"{cited}: not in the repository")
            continue
        missing = set(sections) - numbered_sections(ROOT / target)
        bad += [f"{cited} §{number}: no such section in {target}" for number in sorted(missing)]
    for match in TITLED.finditer(path.read_text(encoding="utf-8")):
        cited, title = match.groups()
        target = resolve(cited, path, files)
        if target and not any(head.startswith(title) for head in titles(ROOT / target)):
            bad.append(f'{cited}, "{title}": no such section in {target}')
    return bad


def prose_files() -> list[Path]:
    """Our own text files (this one aside: its examples are not citations)."""
    fixtures = ROOT / "tests" / "fixtures"
    return [
        path
        for path in [*scanned_files(), ROOT / "pyproject.toml"]
        if path.suffix in PROSE
        and path != Path(__file__).resolve()
        and (not path.is_relative_to(fixtures) or path.suffix == ".md")
    ]


@pytest.mark.parametrize("path", prose_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_cited_documents_are_in_the_repository(path: Path) -> None:
    assert bad_citations(path, repository_files()) == []


def test_every_exemption_is_still_needed() -> None:
    stale = [
        f"{where}: {name}"
        for where, name in NOT_CITATIONS
        if name not in (ROOT / where).read_text(encoding="utf-8")
    ]
    assert stale == []
