"""One pypdf parse of a PDF per process, shared by the readers of one ingest.

The ingest reads each PDF of a package with pypdf three times: the active-content scan
(``pdfscan``, when the package is read), the PDF/A claim (``pdfa``, with the formats) and the
text for the search index (``search.extract``, after the catalog commit). Parsing the file is
most of the cost of the first two. Each of them now asks this module for the reader of the file
by its SHA-256 (computed when the package was unpacked, or kept in the catalog): the first
parses, the others take the same reader.

Keyed by the SHA-256 of the bytes, an entry can only ever answer for the same bytes, so a reader
gets exactly the parse it would have made itself; pypdf resolves objects lazily and keeps what
it resolved, which changes what later calls cost, not what they return. Only readers that
parsed without an exception are kept (a broken file is parsed again by each caller, which
reports it its own way). Small files only, and a bound on their total: a few packages' worth,
enough for the one package a batch reads ahead (``ingest/batch.py``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Final

from pypdf import PdfReader

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TOTAL_BYTES",
    "clear",
    "kept",
    "reader_for",
    "reader_of_bytes",
    "shared_reader",
]

MAX_FILE_BYTES: Final = 8 * 1024 * 1024
"""A larger PDF is not kept: it is parsed by each reader, as before."""
MAX_TOTAL_BYTES: Final = 16 * 1024 * 1024
"""The file bytes the kept readers hold in all (each reader holds its file in memory, and the
objects it parsed besides)."""

_LOCK = threading.Lock()
_KEPT: OrderedDict[str, tuple[PdfReader, int]] = OrderedDict()


def shared_reader(
    sha256: str | None, size: int, parse: Callable[[], PdfReader], *, keep: bool = True
) -> PdfReader:
    """The reader kept for the bytes of SHA-256 ``sha256``, or ``parse()``'s (then kept, if
    small enough and ``keep``: the last reader of a file, the text extraction, keeps nothing,
    so that a reindex holds no parse). ``sha256`` None: never shared. ``parse``'s exceptions
    are the caller's."""
    if sha256 is None or size > MAX_FILE_BYTES:
        return parse()
    with _LOCK:
        kept = _KEPT.get(sha256)
        if kept is not None:
            _KEPT.move_to_end(sha256)
            return kept[0]
    reader = parse()
    if not keep:
        return reader
    with _LOCK:
        _KEPT[sha256] = (reader, size)
        total = sum(n for _, n in _KEPT.values())
        while total > MAX_TOTAL_BYTES:
            _, (_, dropped) = _KEPT.popitem(last=False)
            total -= dropped
    return reader


def reader_for(path: Path, sha256: str | None) -> PdfReader:
    """The reader of the PDF at ``path`` whose bytes have SHA-256 ``sha256`` (None: a reader of
    its own)."""
    size = path.stat().st_size if sha256 is not None else 0
    return shared_reader(sha256, size, lambda: PdfReader(path, strict=False))


def reader_of_bytes(data: bytes) -> PdfReader:
    """A reader of ``data`` (as ``reader_for`` parses a file)."""
    return PdfReader(BytesIO(data), strict=False)


def kept() -> dict[str, int]:
    """The digests kept now, oldest first, with their files' sizes (tests, diagnostics)."""
    with _LOCK:
        return {digest: size for digest, (_, size) in _KEPT.items()}


def clear() -> None:
    """Drop every kept reader (tests)."""
    with _LOCK:
        _KEPT.clear()
