"""What a user types, turned into terms, phrases and prefixes (the same for every backend).

The syntax is small on purpose (a records officer on a phone keyboard, not a query language):

- words are required, in any field: ``quyet dinh 123 dat dai`` needs all five;
- ``"…"`` is a phrase: the words in that order (``"quyết định"`` does not match "định quyết");
- ``word*`` is a prefix: ``ngân*`` finds ngân, ngành…, ``45/2020*`` finds the symbol
  ``45/2020/NĐ-CP``;
- case and diacritics never matter; a symbol (``123/QĐ-UBND``) is one exact term.

Each pair of neighbouring plain words is also tried as a phrase, as an optional boost:
Vietnamese words are several syllables separated by spaces, so "quyết định" *together* should
rank above "quyết toán … định mức" (docs/search.md).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Final

from archive.search.analyzer import analyze, nfc

__all__ = ["MIN_PREFIX_CHARS", "ParsedQuery", "parse_query"]

MIN_PREFIX_CHARS: Final = 2
"""A shorter prefix (``a*``) would expand to most of the dictionary: a backend searches it as a
word, and the service refuses it (``short_prefixes``, archive.search.limits)."""

_PIECE_RE: Final = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class ParsedQuery:
    """Required terms, phrases and prefixes, plus the optional phrase boosts."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()
    boosts: tuple[tuple[str, str], ...] = ()
    short_prefixes: tuple[str, ...] = ()
    """Prefixes typed with fewer than MIN_PREFIX_CHARS letters (kept in ``terms`` as words)."""

    @property
    def empty(self) -> bool:
        """Nothing to match: every (allowed) document is a hit."""
        return not (self.terms or self.phrases or self.prefixes)

    @property
    def words(self) -> frozenset[str]:
        """Every exact term the query looks for (for highlighting)."""
        return frozenset(self.terms).union(*self.phrases)


def parse_query(text: str) -> ParsedQuery:
    """Parse the search box."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    boosts: list[tuple[str, str]] = []
    short: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        boosts.extend(itertools.pairwise(run))
        run.clear()

    for match in _PIECE_RE.finditer(nfc(text)):
        quoted, word = match.group(1), match.group(2)
        if quoted is not None:
            close_run()
            phrase = tuple(t.term for t in analyze(quoted, "query", normalized=True))
            if len(phrase) > 1:
                phrases.append(phrase)
            elif phrase:
                terms.append(phrase[0])
            continue
        words = [t.term for t in analyze(word, "query", normalized=True)]
        if word.endswith("*") and words and len(words[-1]) >= MIN_PREFIX_CHARS:
            terms.extend(words[:-1])
            run.extend(words[:-1])
            close_run()
            prefixes.append(words[-1])
            continue
        if word.endswith("*") and words:
            short.append(words[-1])
        terms.extend(words)
        run.extend(words)
    close_run()
    return ParsedQuery(
        _unique(terms),
        tuple(dict.fromkeys(phrases)),
        _unique(prefixes),
        tuple(dict.fromkeys(boosts)),
        _unique(short),
    )


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
