"""One pypdf parse per PDF, shared by the active-content scan, the PDF/A claim and the text
extraction (``archive/packages/pdfshare.py``): each reader's answer with the shared parse is the
one it gives parsing the file itself, on intact, hostile, encrypted and broken files; the parse
is shared by the bytes' SHA-256 only, and the memory it keeps is bounded."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pytest
from pypdf import PdfWriter

from archive.demo.pdf import render_pdf
from archive.packages import pdfshare
from archive.packages.pdfa import read_claim
from archive.packages.pdfscan import scan_pdf
from archive.search.extract import Extraction, extract_text
from tests.unit.packages.test_active_content import hostile_pdf
from tests.unit.packages.test_formats import pdfa_claiming
from tests.unit.search.test_extract import DECISION


@pytest.fixture(autouse=True)
def _empty() -> Iterator[None]:
    pdfshare.clear()
    yield
    pdfshare.clear()


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(render_pdf(DECISION)))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SAMPLES = {
    "decision": lambda: render_pdf(DECISION),
    "javascript": lambda: hostile_pdf("openaction"),
    "embedded": lambda: hostile_pdf("embedded"),
    "pdfa": lambda: pdfa_claiming(2),
    "encrypted": _encrypted,
    "truncated": lambda: render_pdf(DECISION)[:400],
    "garbage": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4,
}


def _extract(data: bytes, sha256: str | None) -> Extraction:
    @contextmanager
    def opener() -> Iterator[BinaryIO]:
        yield io.BytesIO(data)

    return extract_text(
        opener,
        name="doc.pdf",
        mime="application/pdf",
        size=len(data),
        max_bytes=10 * 1024 * 1024,
        max_chars=10**6,
        path="ARC/doc.pdf",
        sha256=sha256,
    )


def _answers(path: Path, sha256: str | None) -> tuple[object, ...]:
    data = path.read_bytes()
    return (
        scan_pdf(path, sha256),
        read_claim(path, "fmt/476", sha256),
        _extract(data, sha256),
    )


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_reader_answers_as_with_its_own_parse(tmp_path: Path, kind: str) -> None:
    data = SAMPLES[kind]()
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    alone = _answers(path, None)
    assert not pdfshare.kept()  # no digest, nothing kept
    sha256 = hashlib.sha256(data).hexdigest()
    assert _extract(data, sha256) == alone[2]
    assert not pdfshare.kept()  # the text extraction alone (a reindex) keeps nothing
    shared = _answers(path, sha256)
    assert shared == alone
    assert _answers(path, sha256) == alone  # and once more, every reader from the kept parse
    # A file pypdf cannot parse is never kept: each reader reports it its own way.
    assert (sha256 in pdfshare.kept()) == (kind not in ("truncated", "garbage"))


def test_the_samples_are_what_they_claim(tmp_path: Path) -> None:
    """The comparison above is worth something: the answers differ between the samples."""
    got = {}
    for kind, make in SAMPLES.items():
        path = tmp_path / f"{kind}.pdf"
        data = make()
        path.write_bytes(data)
        got[kind] = _answers(path, hashlib.sha256(data).hexdigest())
    assert got["javascript"][0].javascript and not got["decision"][0].javascript  # type: ignore[attr-defined]
    assert got["embedded"][0].embedded  # type: ignore[attr-defined]
    assert got["pdfa"][1] is not None and got["decision"][1] is None
    assert "Hòa An" in got["decision"][2].text  # type: ignore[attr-defined]
    assert got["encrypted"][2].status == "ok"  # type: ignore[attr-defined]
    assert got["truncated"][0].unreadable and got["truncated"][2].status == "failed"  # type: ignore[attr-defined]


def test_shared_by_the_bytes_digest_only(tmp_path: Path) -> None:
    first, copy, other = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    data = render_pdf(DECISION)
    first.write_bytes(data)
    copy.write_bytes(data)
    other.write_bytes(hostile_pdf("openaction"))
    digest = hashlib.sha256(data).hexdigest()
    reader = pdfshare.reader_for(first, digest)
    assert pdfshare.reader_for(copy, digest) is reader  # the same bytes elsewhere
    assert pdfshare.reader_for(first, None) is not reader  # no digest: a parse of its own
    other_digest = hashlib.sha256(other.read_bytes()).hexdigest()
    assert pdfshare.reader_for(other, other_digest) is not reader
    assert scan_pdf(other, other_digest).javascript  # its own file's answer


def test_the_kept_memory_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = render_pdf(DECISION)
    size = len(data)
    monkeypatch.setattr(pdfshare, "MAX_TOTAL_BYTES", 3 * size)
    paths = []
    for n in range(5):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(data + b"%" * n)  # five different files of about the same size
        paths.append((path, hashlib.sha256(path.read_bytes()).hexdigest()))
    for path, digest in paths:
        pdfshare.reader_for(path, digest)
    kept = list(pdfshare.kept())
    assert kept == [digest for _, digest in paths[-len(kept) :]] and 1 <= len(kept) <= 3
    assert sum(pdfshare.kept().values()) <= 3 * size
    monkeypatch.setattr(pdfshare, "MAX_FILE_BYTES", size - 1)
    pdfshare.clear()
    pdfshare.reader_for(paths[0][0], paths[0][1])
    assert not pdfshare.kept()  # too large to keep
