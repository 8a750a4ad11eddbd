"""The faster hex-string reader (``archive/signatures/hexread.py``) answers as pyHanko's does.

Each input is read by both, from the same position of the same bytes: the same object (type and
value) or the same error, and the stream left at the same place. Inputs are seeded random hex
strings (upper and lower case, whitespace of every PDF kind, odd lengths, lengths around the
reader's chunk) and the odd cases that must fall back to pyHanko: a comment inside the string,
a foreign byte, no closing ``>``. Then whole validations: the quirks corpus and an NĐ 30 file,
tampered or not, give the same report with the reader installed or not.
"""

from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

from archive.signatures import hexread
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.pki import SIGNING_TIME, TestPki, sign_nd30_pdf
from tests.support.quirks import QUIRKS, build, flip_signed_byte
from tests.support.signed import LATER_THAT_DAY

SEED = 16
TIMES = ("validated_at", "validation_time")


def _outcome(reader: Any, data: bytes, at: int) -> tuple[str, Any, int]:
    stream = BytesIO(data)
    stream.seek(at)
    try:
        value = reader(stream)
    except Exception as exc:  # the comparison is of whatever pyHanko does, errors included
        return ("error", (type(exc).__name__, str(exc)), stream.tell())
    return (type(value).__name__, bytes(value.original_bytes), stream.tell())


def _both(data: bytes, at: int = 0) -> tuple[tuple[str, Any, int], tuple[str, Any, int]]:
    original = hexread.PYHANKO_READER
    return _outcome(original, data, at), _outcome(hexread.read_hex_string, data, at)


def _random_hex(rng: random.Random, length: int) -> bytes:
    digits = rng.choices(generic.HEX_DIGITS, k=length)
    out = bytearray()
    for d in digits:
        if rng.random() < 0.05:
            out += bytes(rng.choices(PDF_WHITESPACE, k=rng.randint(1, 3)))
        out.append(d)
    return bytes(out)


@pytest.mark.parametrize(
    "length", [0, 1, 2, 3, 63, 64, 65_535, 65_536, 65_537, 131_072 + 7, 40_000]
)
def test_random_hex_strings_read_the_same(length: int) -> None:
    rng = random.Random(SEED + length)
    for _ in range(3):
        body = _random_hex(rng, length)
        data = b"1 0 obj " + b"<" + body + b"> endobj trailer"
        ours, theirs = _both(data, at=len(b"1 0 obj "))
        assert theirs == ours
        assert ours[0] == "ByteStringObject" or ours[0] == "TextStringObject"


@pytest.mark.parametrize(
    "data",
    [
        b"<4142>",  # at the very end of the stream
        b"<FEFF0041>rest",  # a UTF-16 text string
        b"<41 4 2\n\r\t\x0c\x00 43>x",  # every kind of PDF whitespace
        b"<414>tail",  # an odd number of digits: the last one is 0
        b"<41%comment\n42>x",  # a comment inside: pyHanko's reader decides
        b"<41zz42>x",  # a foreign byte: pyHanko's error
        b"<414243",  # no closing '>': pyHanko's error
        b"<" + b"41" * 40_000,  # no closing '>' after many chunks
        b"<>",  # empty
    ],
)
def test_odd_inputs_get_pyhankos_own_answer(data: bytes) -> None:
    ours, theirs = _both(data)
    assert theirs == ours


def test_install_and_uninstall() -> None:
    was = hexread.installed()
    try:
        hexread.install()
        assert generic.read_hex_string_from_stream is hexread.read_hex_string
        hexread.uninstall()
        assert not hexread.installed()
    finally:
        if was:
            hexread.install()


def _report(data: bytes, cfg: ValidationSettings, tmp: Path) -> dict[str, Any]:
    path = tmp / f"doc-{len(list(tmp.iterdir()))}.pdf"
    path.write_bytes(data)
    with freeze_time(LATER_THAT_DAY, tick=True):
        report, _ = validate_pdf(path, cfg, name="doc.pdf")
    return {k: v for k, v in report.as_dict().items() if k not in TIMES}


def test_no_verdict_changes(pki: TestPki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with freeze_time(SIGNING_TIME, tick=True):
        nd30 = sign_nd30_pdf(pki, "B-LTA")
    files = [nd30, flip_signed_byte(nd30), *(build(pki, q) for q in QUIRKS)]
    cfg = ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)
    calls: list[int] = []

    def counted(stream: Any) -> Any:
        calls.append(1)
        return hexread.read_hex_string(stream)

    was = hexread.installed()
    try:
        monkeypatch.setattr(generic, "read_hex_string_from_stream", counted)
        fast = [_report(f, cfg, tmp_path) for f in files]
        hexread.uninstall()
        slow = [_report(f, cfg, tmp_path) for f in files]
    finally:
        if was:
            hexread.install()
    assert len(calls) > 3 * len(files)  # every signature's contents went through it
    assert fast == slow
    assert {s["status"] for s in fast[0]["signatures"]} == {"TOTAL_PASSED"}
    assert "TOTAL_PASSED" not in {s["status"] for s in fast[1]["signatures"]}
