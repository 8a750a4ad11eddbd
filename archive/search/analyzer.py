"""The Vietnamese analyzer shared by every search backend.

One function, :func:`analyze`, turns text into terms; both engines index exactly its output
(Whoosh through a thin analyzer wrapper, tantivy as pre-tokenized text), so the two cannot drift
apart. The rules, each tested (tests/unit/search/test_analyzer.py):

- **NFC first.** Text extracted from PDFs is often NFD (base letter + combining marks); the text
  is NFC-normalised before tokenising, so "quyết" never splits into ``quye`` + ``t``.
- **Case and diacritic folding with an explicit table**, including ``đ``/``Đ`` → ``d`` (``đ`` has
  no Unicode decomposition, so "strip the combining marks" alone leaves it): ``Quyết Định`` and
  ``quyet dinh`` give the same terms.
- **Document symbols** (``123/QĐ-UBND``, ``45/2020/NĐ-CP``, dates ``15/3/2024``, codes joined by
  ``/``, ``-`` or ``.``) are indexed whole, plus each part and each right-hand suffix
  (``qd-ubnd``, ``2020/nd-cp``), all at the *same position*. A phrase containing the symbol
  still lines up, and the whole symbol, a suffix or a part are each one term. Query mode emits
  only the whole symbol: a typed symbol is one exact term, never an AND of common parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final, Literal, NamedTuple, TypeVar

__all__ = ["MAX_TERM_CHARS", "Token", "analyze", "fold", "index_terms", "nfc"]

Mode = Literal["index", "query"]

MAX_TERM_CHARS: Final = 80
"""Longer terms are dropped (a symbol that long is kept only as its parts)."""

# A word: letters, digits (and "_"), with any combining marks left after NFC. One character
# class, so the regex engine scans it without backtracking.
_WORD = r"[^\W_](?:[^\W_]|[\u0300-\u036f])*"
_TOKEN_RE: Final = re.compile(rf"(?:{_WORD})(?:[/.\-](?:{_WORD}))*")
_PART_RE: Final = re.compile(_WORD)
_COMBINING_RE: Final = re.compile(r"[\u0300-\u036f]")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"}
    ranges = (range(0x00C0, 0x0250), range(0x1E00, 0x1F00))
    for block in ranges:
        for code in block:
            char = chr(code)
            if code in table:
                continue
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            if base != char and len(base) == 1:
                table[code] = base.lower()
    return table


_FOLD: Final = _fold_table()


def nfc(text: str) -> str:
    """Unicode NFC form (Vietnamese letters precomposed)."""
    if unicodedata.is_normalized("NFC", text):  # the usual case: a check, no copy
        return text
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, remove diacritics (đ → d): ``Quyết Định`` → ``quyet dinh``.

    The input should be NFC; leftover combining marks are removed too.
    """
    folded = text.lower().translate(_FOLD)
    if not folded.isascii():
        folded = _COMBINING_RE.sub("", folded)
    return folded


class Token(NamedTuple):
    """One term at a position, with the character span it came from in the NFC text.

    (A NamedTuple: a long text makes a great many of them, and tuples are cheap to build.)
    """

    term: str
    position: int
    start: int
    end: int


def analyze(text: str, mode: Mode = "index", *, normalized: bool = False) -> list[Token]:
    """Terms of ``text`` (NFC-normalised unless ``normalized``); offsets refer to the NFC text.

    ``index`` mode emits a symbol whole plus its parts and right-hand suffixes at one position;
    ``query`` mode emits the whole symbol only.
    """
    source = text if normalized else nfc(text)
    folded = fold(source)
    if len(folded) != len(source):  # lower() or mark removal changed lengths: fold per token
        folded = ""
    tokens: list[Token] = []
    append = tokens.append
    position = 0
    for match in _TOKEN_RE.finditer(source):
        start, end = match.span()
        whole = folded[start:end] if folded else fold(match.group())
        if mode == "query" or not ("/" in whole or "-" in whole or "." in whole):
            if len(whole) <= MAX_TERM_CHARS:
                append(Token(whole, position, start, end))
            else:
                tokens.extend(_parts(source, _spans(match), position))
            position += 1
            continue
        tokens.extend(_symbol(source, whole, _spans(match), position, start, end))
        position += 1
    return tokens


def _spans(match: re.Match[str]) -> list[tuple[int, int]]:
    offset = match.start()
    return [(m.start() + offset, m.end() + offset) for m in _PART_RE.finditer(match.group())]


def _parts(source: str, parts: list[tuple[int, int]], position: int) -> list[Token]:
    out = []
    for s, e in parts:
        term = fold(source[s:e])
        if len(term) <= MAX_TERM_CHARS:
            out.append(Token(term, position, s, e))
    return out


def _symbol(
    source: str, whole: str, parts: list[tuple[int, int]], position: int, start: int, end: int
) -> list[Token]:
    """Whole symbol, its parts, and its right-hand suffixes, all at ``position``."""
    seen: set[str] = set()
    out: list[Token] = []

    def emit(term: str, s: int, e: int) -> None:
        if term not in seen and len(term) <= MAX_TERM_CHARS:
            seen.add(term)
            out.append(Token(term, position, s, e))

    emit(whole, start, end)
    for s, e in parts:
        emit(fold(source[s:e]), s, e)
    for s, _ in parts[1:-1]:
        emit(fold(source[s:end]), s, end)
    return out


T = TypeVar("T")

_WORD_TERMS: dict[str, str | tuple[str, ...]] = {}
_WORD_TERMS_MAX: Final = 200_000
"""Terms of each distinct word seen (a language has far fewer distinct words than a corpus has
tokens); emptied when it grows past this many entries, so memory stays bounded."""


def _word_terms(word: str) -> str | tuple[str, ...]:
    terms = [t.term for t in analyze(word, normalized=True)]
    return terms[0] if len(terms) == 1 else tuple(terms)


def index_terms(make: Callable[[str, int, int, int], T], text: str) -> list[T]:
    """The terms and positions of :func:`analyze` in ``index`` mode, each built as
    ``make(term, position, 0, 0)``: for an engine that indexes positions but not offsets
    (tantivy's ``Token`` takes these four arguments).

    The text is split into words by one C-speed scan and each *distinct* word is analysed once
    (cached), not each occurrence: a word's terms depend on the word alone. Tested to give
    exactly :func:`analyze`'s terms and positions (tests/unit/search/test_analyzer.py).
    """
    cache = _WORD_TERMS
    if len(cache) > _WORD_TERMS_MAX:
        cache.clear()
    tokens: list[T] = []
    append = tokens.append
    for position, word in enumerate(_TOKEN_RE.findall(nfc(text))):
        terms = cache.get(word)
        if terms is None:
            terms = cache[word] = _word_terms(word)
        if type(terms) is str:
            append(make(terms, position, 0, 0))
        else:
            for term in terms:
                append(make(term, position, 0, 0))
    return tokens
