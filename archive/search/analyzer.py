"""The Vietnamese analyzer shared by every search backend.

One function, :func:`analyze`, turns text into terms; both engines index exactly its output
(Whoosh through a thin analyzer wrapper, tantivy as pre-tokenized text), so the two cannot drift
apart. The rules, each tested (tests/unit/search/test_analyzer.py):

- **NFC first.** Text extracted from PDFs is often NFD (base letter + combining marks); the text
  is NFC-normalised before tokenising, so "quyết" never splits into ``quye`` + ``t``.
- **Case and diacritic folding with an explicit table**, including ``đ``/``Đ`` → ``d`` (``đ`` has
  no Unicode decomposition, so "strip the combining marks" alone leaves it): ``Quyết Định`` and
  ``quyet dinh`` give the same terms. Old and new tone placement (``hoà``/``hòa``,
  ``thuỷ``/``thủy``, ``uỷ``/``ủy``) differ only in where the tone mark sits, so they fold alike.
- **Spelling variants folded** (:func:`fold_spelling`): a syllable of ``h``, ``k``, ``l``, ``m``,
  ``s``, ``t``, ``v`` or ``qu`` followed by a lone ``y`` is written with ``i``, as both spellings
  are in use (``sĩ``/``sỹ``, ``kỹ``/``kĩ``, ``lý``/``lí``, ``mỹ``/``mĩ``, ``tỷ``/``tỉ``,
  ``quy``/``qui``): all fold to ``si``, ``ki``, ``li``, ``mi``, ``ti``, ``qui``. A ``y`` after a
  vowel (``thủy``, ``tuyến``) or in a longer syllable (``quyết``) stays.
- **Document symbols** (``123/QĐ-UBND``, ``45/2020/NĐ-CP``, dates ``15/3/2024``, codes joined by
  ``/``, ``-`` or ``.``) are indexed whole, plus each part and each right-hand suffix
  (``qd-ubnd``, ``2020/nd-cp``), all at the *same position*. A phrase containing the symbol
  still lines up, and the whole symbol, a suffix or a part are each one term. Query mode emits
  only the whole symbol: a typed symbol is one exact term, never an AND of common parts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import Final, Literal, NamedTuple

__all__ = [
    "MAX_TERM_CHARS",
    "PAIR_JOINER",
    "IndexStreams",
    "Token",
    "analyze",
    "fold",
    "fold_marks",
    "fold_spelling",
    "index_streams",
    "nfc",
    "pair_cover",
    "pair_terms",
    "spellings",
]

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


def fold_marks(text: str) -> str:
    """Lower-case, remove diacritics (đ → d): ``Quyết Định`` → ``quyet dinh``; the spelling
    is kept (``lý`` → ``ly``). The input should be NFC; leftover combining marks go too."""
    folded = text.lower().translate(_FOLD)
    if not folded.isascii():
        folded = _COMBINING_RE.sub("", folded)
    return folded


# The letters after which a lone final y is also written i (docs/search.md, "Spelling").
_SPELLING_ONSETS: Final = ("qu", "h", "k", "l", "m", "s", "t", "v")
_SPELLING_RE: Final = re.compile(rf"(?<![^\W_])({'|'.join(_SPELLING_ONSETS)})y(?![^\W_])")


def fold_spelling(folded: str) -> str:
    """``folded`` (from :func:`fold_marks`) with the i/y spellings made one: a syllable of an
    onset of ``_SPELLING_ONSETS`` and a lone ``y`` ends in ``i`` (``ly`` → ``li``, ``quy`` →
    ``qui``). The length never changes, so offsets still hold."""
    if "y" not in folded:
        return folded
    return _SPELLING_RE.sub(r"\1i", folded)


def fold(text: str) -> str:
    """The form of every indexed and searched term: :func:`fold_marks`, then
    :func:`fold_spelling` (``Quyết Định`` → ``quyet dinh``, ``Sỹ quan`` → ``si quan``)."""
    return fold_spelling(fold_marks(text))


def spellings(term: str) -> tuple[str, ...]:
    """Every spelling (after :func:`fold_marks`) that folds to ``term``: ``li`` → ``("li",
    "ly")``, ``dat`` → ``("dat",)``. For matching text folded without the spelling step."""
    found = _SPELLING_RE.fullmatch(term[:-1] + "y") if term.endswith("i") else None
    return (term, term[:-1] + "y") if found else (term,)


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


_WORD_TERMS: dict[str, tuple[str, str]] = {}
_WORD_TERMS_MAX: Final = 200_000
"""Per distinct word seen: (its first term, all its terms joined by spaces). A language has far
fewer distinct words than a corpus has tokens; emptied when it grows past this many entries, so
memory stays bounded."""

PAIR_JOINER: Final = "_"
"""Joins two neighbouring terms into one pair term ("quyet_dinh"); never inside a term."""


class IndexStreams(NamedTuple):
    """One text as an engine with a plain whitespace tokenizer indexes it."""

    terms: str
    """Every term of :func:`analyze` (a symbol's parts and suffixes too), space-separated.
    For a field indexed without positions: the order does not matter."""
    pairs: str
    """Each position's first term joined to the next position's (``quyet_dinh dinh_so …``),
    space-separated, one per position: a phrase of *n* words is a phrase of *n − 1* pairs
    here, and a two-word phrase a single term."""


def _word_terms(word: str) -> tuple[str, str]:
    terms = [t.term for t in analyze(word, normalized=True)]
    return (terms[0] if terms else "", " ".join(terms))


def index_streams(text: str) -> IndexStreams:
    """The terms and neighbour pairs of :func:`analyze` in ``index`` mode, as two strings an
    engine splits on spaces in its own (compiled) code.

    The text is split into words by one C-speed scan and each *distinct* word is analysed once
    (cached), not each occurrence: a word's terms depend on the word alone. Tested against
    :func:`analyze` (tests/unit/search/test_analyzer.py).
    """
    cache = _WORD_TERMS
    if len(cache) > _WORD_TERMS_MAX:
        cache.clear()
    get = cache.get
    entries: list[tuple[str, str]] = []
    append = entries.append
    for word in _TOKEN_RE.findall(nfc(text)):
        entry = get(word)
        if entry is None:
            entry = cache[word] = _word_terms(word)
        append(entry)
    firsts = [entry[0] for entry in entries]
    # A word with no term (too long) still holds its position, as in analyze(): its pairs are
    # a lone joiner, which no query pair equals, so no phrase runs across it.
    pairs = " ".join(
        [a + PAIR_JOINER + b if a and b else PAIR_JOINER for a, b in itertools.pairwise(firsts)]
    )
    return IndexStreams(" ".join([entry[1] for entry in entries if entry[1]]), pairs)


def pair_terms(words: Sequence[str]) -> list[str]:
    """The pair terms of a phrase's words, as :func:`index_streams` indexes them."""
    return [a + PAIR_JOINER + b for a, b in itertools.pairwise(words)]


def pair_cover(words: Sequence[str]) -> list[tuple[int, str]]:
    """The fewest pair terms, with their positions, that pin down every word of a phrase:
    pairs 0, 2, 4 … and the last one (``a b c d e`` → ``a_b``@0, ``c_d``@2, ``d_e``@3).

    A phrase matches at position *p* exactly when each of these pairs is at *p* + its offset,
    as it does when all *n − 1* pairs are, but tantivy checks about half the positions.
    """
    pairs = pair_terms(words)
    cover = [(i, pairs[i]) for i in range(0, len(pairs), 2)]
    if len(pairs) % 2 == 0:  # an even number of pairs leaves the last word uncovered
        cover.append((len(pairs) - 1, pairs[-1]))
    return cover
