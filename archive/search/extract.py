"""Text extraction from stored originals: PDFs (pypdf) and text formats, streamed and bounded.

- The bytes are read from the store in chunks, never more than ``max_bytes`` (a larger file gets
  no text, and a finding says so); a PDF is spooled to a temporary file (memory up to 8 MiB)
  because its cross-reference table sits at the end.
- Text stops at ``max_chars`` (a finding says it was cut); pages are read one at a time.
- A broken or encrypted file gives a finding and status ``failed``, never an exception: pypdf
  raises many exception types on hostile input, so everything it raises is caught here.
- A PDF (or image) without a text layer is ``needs_ocr``.

Why pypdf: docs/decisions/0005-search-engine.md.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import tempfile
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING, BinaryIO, Final

from archive.findings import Finding
from archive.search.analyzer import nfc
from archive.search.api import TextStatus
from archive.search.findings import finding

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["Extraction", "StagedText", "extract_staged", "extract_text", "is_pdf_name"]

# pypdf reports recoverable oddities through logging; without a handler Python would print them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_CHUNK: Final = 1024 * 1024
_SPOOL_MEMORY: Final = 8 * 1024 * 1024
_MIN_CHARS_PER_PAGE: Final = 10
"""Fewer visible characters per page than this (on average): a scan without a text layer."""
_TEXT_SUFFIXES: Final = frozenset({".txt", ".csv", ".tsv", ".md", ".json"})
_MARKUP_SUFFIXES: Final = frozenset({".xml", ".html", ".htm"})
_IMAGE_SUFFIXES: Final = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp"})
_TAG_RE: Final = re.compile(r"<[^>]*>")

Opener = Callable[[], AbstractContextManager[BinaryIO]]


@dataclass(frozen=True)
class Extraction:
    """The text of one file and how getting it went."""

    text: str
    status: TextStatus
    findings: tuple[Finding, ...] = ()
    pages: int | None = None


class _TooLarge(Exception):
    pass


def extract_text(
    opener: Opener,
    *,
    name: str,
    mime: str | None,
    size: int,
    max_bytes: int,
    max_chars: int,
    path: str = "",
    sha256: str | None = None,
) -> Extraction:
    """Extract the text of the file that ``opener()`` opens (``path`` names it in findings).

    ``sha256``, the digest of its bytes: a PDF parsed already in this process (by the ingest's
    checks, ``packages/pdfshare.py``) is not read nor parsed again."""
    where = path or name
    kind = _kind(name, mime)
    if kind == "image":
        return Extraction("", "needs_ocr", (finding("TXT001", where),))
    if kind == "other":
        return Extraction("", "unsupported")
    if size > max_bytes:
        return Extraction("", "too_large", (finding("TXT003", where, detail=f"{max_bytes} B"),))
    try:
        with opener() as stream:
            if kind == "pdf":
                return _pdf(stream, where, (max_bytes, max_chars), size, sha256)
            return _plain(stream, where, max_bytes, max_chars, markup=kind == "markup")
    except _TooLarge:
        return Extraction("", "too_large", (finding("TXT003", where, detail=f"{max_bytes} B"),))
    except OSError as exc:
        return Extraction("", "failed", (finding("TXT002", where, detail=str(exc)),))


@dataclass(frozen=True)
class StagedText:
    """The text of a file not stored yet, for the index (``extract_staged``): what
    ``extract_text`` gives for the stored file of this path and SHA-256."""

    path: str  # the file's path in its dossier (``files.path``)
    sha256: str
    extraction: Extraction


def extract_staged(
    data: bytes, path: str, sha256: str, where: str, bounds: tuple[int, int]
) -> StagedText:
    """The text of a PDF of an ingest's staging, given as its bytes ``data``, extracted as
    ``extract_text`` extracts the stored copy at ``path`` (``where`` names it in findings): run
    by a worker process while the ingest stores and catalogues, so that the ingest process only
    adds it to the index. The bytes, not the staged path: the ingest moves the staged file into
    the object meanwhile."""
    return StagedText(
        path,
        sha256,
        extract_text(
            lambda: nullcontext(io.BytesIO(data)),
            name=path,
            mime=None,
            size=len(data),
            max_bytes=bounds[0],
            max_chars=bounds[1],
            path=where,
        ),
    )


def is_pdf_name(name: str) -> bool:
    """Whether ``name`` is extracted as a PDF whatever its identified format: the files whose
    text ``extract_staged`` can give before the format is known."""
    return PurePosixPath(name).suffix.lower() == ".pdf"


def _kind(name: str, mime: str | None) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    mime = (mime or "").lower()
    if mime == "application/pdf" or suffix == ".pdf":
        return "pdf"
    if suffix in _IMAGE_SUFFIXES or mime.startswith("image/"):
        return "image"
    if suffix in _MARKUP_SUFFIXES or mime in ("text/xml", "text/html", "application/xml"):
        return "markup"
    if suffix in _TEXT_SUFFIXES or mime.startswith("text/"):
        return "text"
    return "other"


def _copy_bounded(src: BinaryIO, dst: IO[bytes], max_bytes: int) -> None:
    total = 0
    while chunk := src.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise _TooLarge
        dst.write(chunk)


def _pdf(
    stream: BinaryIO, where: str, bounds: tuple[int, int], size: int, sha256: str | None
) -> Extraction:
    """The text of a PDF; with ``sha256``, a small file's parse is shared (``pdfshare``)."""
    from pypdf import PdfReader  # imported here: only extraction needs it

    from archive.packages.pdfshare import MAX_FILE_BYTES, reader_of_bytes, shared_reader

    max_bytes, max_chars = bounds

    def parse() -> PdfReader:  # a small file: read whole (the bound still holds), then kept
        memory = io.BytesIO()
        _copy_bounded(stream, memory, max_bytes)
        return reader_of_bytes(memory.getvalue())

    with (
        tempfile.SpooledTemporaryFile(max_size=_SPOOL_MEMORY) as spool,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        try:
            if sha256 is not None and size <= MAX_FILE_BYTES:
                reader = shared_reader(sha256, size, parse, keep=False)
            else:
                _copy_bounded(stream, spool, max_bytes)
                spool.seek(0)
                reader = PdfReader(spool)
            return _pdf_pages(reader, where, max_chars)
        except _TooLarge:
            raise
        except Exception as exc:  # pypdf raises any exception type on a broken file
            detail = f"{type(exc).__name__}: {exc}"[:300]
            return Extraction("", "failed", (finding("TXT002", where, detail=detail),))


def _pdf_pages(reader: PdfReader, where: str, max_chars: int) -> Extraction:
    if reader.is_encrypted and not reader.decrypt(""):
        return Extraction("", "failed", (finding("TXT002", where, detail="encrypted"),))
    pieces: list[str] = []
    length = 0
    cut = False
    pages = len(reader.pages)
    for page in reader.pages:
        piece = nfc(page.extract_text() or "")
        pieces.append(piece)
        length += len(piece) + 1
        if length > max_chars:
            cut = True
            break
    text = "\n".join(pieces)
    visible = sum(1 for c in text if not c.isspace())
    if visible < _MIN_CHARS_PER_PAGE * max(pages, 1):
        return Extraction("", "needs_ocr", (finding("TXT001", where),), pages)
    return _finish(text, where, max_chars, cut, pages)


def _plain(
    stream: BinaryIO, where: str, max_bytes: int, max_chars: int, *, markup: bool
) -> Extraction:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    pieces: list[str] = []
    length = 0
    read = 0
    cut = False
    while chunk := stream.read(_CHUNK):
        read += len(chunk)
        if read > max_bytes:
            raise _TooLarge
        piece = decoder.decode(chunk)
        pieces.append(piece)
        length += len(piece)
        if length > max_chars:
            cut = True
            break
    pieces.append(decoder.decode(b"", final=True))
    text = "".join(pieces)
    if markup:
        text = _TAG_RE.sub(" ", text)
    return _finish(nfc(text), where, max_chars, cut, None)


def _finish(text: str, where: str, max_chars: int, cut: bool, pages: int | None) -> Extraction:
    if cut or len(text) > max_chars:
        text = text[:max_chars]
        return Extraction(text, "ok", (finding("TXT004", where, detail=str(max_chars)),), pages)
    return Extraction(text, "ok", (), pages)
