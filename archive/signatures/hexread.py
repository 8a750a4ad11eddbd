"""A faster reader of PDF hex strings for pyHanko, with the same answers.

pyHanko reads a hex string (``<…>``) one byte at a time through its tokenizer. A signature's
``/Contents`` is a hex string of tens of kilobytes (the CMS with its certificates, and, in a
B-LT file, the revocation data), and a validation reads each signature's contents several
times, once per revision it looks at: about an eighth of the CPU of validating an NĐ 30 B-LTA
file went there (docs/performance.md, "Throughput", third round).

This reader takes the string's bytes up to the closing ``>`` in chunks, drops PDF whitespace and
decodes the rest with :func:`binascii.unhexlify`. Whenever the input is anything but plain hex
digits and whitespace — a comment (``%``) inside the string, a foreign character, no closing
``>`` before the end of the stream — it rewinds and hands the stream to pyHanko's own reader,
so odd input gets pyHanko's own answer or error. The result, and where the stream is left, are
the same as pyHanko's (``tests/unit/signatures/test_hexread.py`` compares the two on seeded
random and hand-made inputs). Nothing is cached: each call reads the file it is given.
"""

from __future__ import annotations

import binascii
import os
from typing import Any, Final

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

__all__ = ["PYHANKO_READER", "install", "installed", "read_hex_string", "uninstall"]

CHUNK: Final = 64 * 1024
PYHANKO_READER: Final = generic.read_hex_string_from_stream
"""pyHanko's own reader, which odd input is handed to."""


def _hex_body(stream: Any) -> bytes | None:
    """The bytes between ``<`` (already read) and ``>``, the stream left after ``>``; None if
    the stream ends first."""
    parts: list[bytes] = []
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return None
        end = chunk.find(b">")
        if end < 0:
            parts.append(chunk)
            continue
        parts.append(chunk[:end])
        after = len(chunk) - end - 1
        if after:
            stream.seek(-after, os.SEEK_CUR)
        return b"".join(parts)


def read_hex_string(stream: Any) -> generic.ByteStringObject | generic.TextStringObject:
    """What ``pyhanko.pdf_utils.generic.read_hex_string_from_stream`` returns, sooner."""
    start = stream.tell()
    stream.read(1)  # the opening '<', as pyHanko's reader does
    body = _hex_body(stream)
    digits = body.translate(None, PDF_WHITESPACE) if body is not None else None
    if digits is None or digits.translate(None, generic.HEX_DIGITS):
        # a comment, a foreign byte or no closing '>': pyHanko decides, and says why
        stream.seek(start)
        return PYHANKO_READER(stream)
    if len(digits) % 2:
        digits += b"0"  # the PDF rule pyHanko applies: a missing last digit is 0
    return generic.pdf_string(binascii.unhexlify(digits))


def install() -> None:
    """Read hex strings with :func:`read_hex_string` in this process (idempotent)."""
    generic.read_hex_string_from_stream = read_hex_string


def uninstall() -> None:
    """pyHanko's own reader again (tests: the comparison)."""
    generic.read_hex_string_from_stream = PYHANKO_READER


def installed() -> bool:
    """Whether this process reads hex strings through :func:`read_hex_string`."""
    return generic.read_hex_string_from_stream is read_hex_string
