"""Delivering an original: streamed, checked against its recorded SHA-256 as it goes, and
logged as a ``dissemination`` event only once the last byte was handed to the server.

The same delivery serves a download (``Content-Disposition: attachment``) and reading in the
browser (``inline``, for a PDF only: the browser's own viewer shows it); the event says which.

The event is the archive's record that a user *received* a document, so it is written after
delivery (outcome ``success``), or as a failure when the stream broke off (stored bytes that
do not match, a storage error, the client gone); a HEAD request delivers nothing and writes
nothing. ``channel`` names where it was asked for: the web page (``web``) or the API (``API``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import BinaryIO, Literal
from urllib.parse import quote

from fastapi.responses import Response
from starlette.responses import StreamingResponse

from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import Archive, software_agent
from archive.db.engine import unit_of_work
from archive.errors import ChecksumMismatch
from archive.users.service import Principal
from archive.web.records import OriginalRef

__all__ = ["CHUNK", "Channel", "original_response", "verified_stream"]

CHUNK = 1024 * 1024
Channel = Literal["web", "API"]


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An attachment (or inline) header carrying the name in ASCII and in UTF-8 (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def original_response(
    archive: Archive,
    who: Principal,
    ref: OriginalRef,
    channel: Channel,
    *,
    head: bool,
    inline: bool = False,
) -> Response:
    """The answer to a download (or, ``inline``, to reading it in the browser): the verified
    stream, or for HEAD the same headers alone (storage is not even opened)."""
    headers = {
        "content-length": str(ref.size),
        "content-disposition": content_disposition(ref.filename, inline=inline),
        "x-content-sha256": ref.sha256,
        "cache-control": "no-store",
    }
    if head:
        return Response(status_code=200, media_type=ref.mime_type, headers=headers)
    src = archive.ocfl.store.open(ref.key)
    return StreamingResponse(
        verified_stream(archive, who, ref, channel, src, inline=inline),
        media_type=ref.mime_type,
        headers=headers,
    )


def verified_stream(
    archive: Archive,
    who: Principal,
    ref: OriginalRef,
    channel: Channel,
    src: BinaryIO,
    *,
    inline: bool = False,
) -> Iterator[bytes]:
    """The stored bytes, checked against the recorded SHA-256 as they go: the last chunk is
    held back until the digest matches, so a corrupted original is never delivered whole. The
    dissemination event follows the last chunk (success) or the break (failure)."""
    digest = hashlib.sha256()
    held: bytes | None = None
    delivered = False
    try:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            if held is not None:
                yield held
            held = chunk
        if digest.hexdigest() != ref.sha256:
            error = ChecksumMismatch(ref.key, "SHA-256", ref.sha256, digest.hexdigest())
            _fixity_failure(archive, ref, error)
            raise error
        if held is not None:
            yield held
        # Execution comes back here only when the server asks for more after sending the
        # last chunk: the whole file has left.
        delivered = True
    finally:
        src.close()
        _dissemination(archive, who, ref, channel, delivered, inline)


def _dissemination(
    archive: Archive,
    who: Principal,
    ref: OriginalRef,
    channel: Channel,
    delivered: bool,
    inline: bool,
) -> None:
    code = ref.doc_code
    vi, en = (
        (f"Đọc bản gốc {code} trong trình duyệt", f"Original of {code} read in the browser")
        if inline
        else (f"Tải bản gốc {code}", f"Download of the original of {code}")
    )
    if ref.rendition:
        vi, en = (
            f"Tải bản OCR (không phải bản gốc) của {code}",
            f"Download of the OCR rendition (not the original) of {code}",
        )
    if delivered:
        detail = f"{vi} / {en} ({channel})"
    else:
        detail = f"{vi} không hoàn tất / {en} not completed ({channel})"
    event = NewEvent(
        "dissemination",
        detail,
        outcome="success" if delivered else "failure",
        agents=[who.agent, software_agent()],
        objects=[(code, "source"), (f"{ref.arc_file_code}/{ref.path}", "source")],
    )
    with unit_of_work(archive.sessions) as session:
        append_events(session, [event])


def _fixity_failure(archive: Archive, ref: OriginalRef, error: ChecksumMismatch) -> None:
    event = NewEvent(
        "fixity check",
        f"Bản gốc {ref.doc_code} không khớp SHA-256 khi tải / "
        f"original of {ref.doc_code} failed its SHA-256 on download",
        outcome="failure",
        outcome_detail=str(error),
        agents=[software_agent()],
        objects=[(ref.doc_code, "source")],
    )
    with unit_of_work(archive.sessions) as session:
        append_events(session, [event])
