"""What a user types, turned into terms, phrases and prefixes (the same for every backend).

The syntax is small on purpose (a records officer on a phone keyboard, not a query language):

- words are required, in any field: ``quyet dinh 123 dat dai`` needs all five;
- ``"…"`` is a phrase: the words in that order (``"quyết định"`` does not match "định quyết");
- ``word*`` is a prefix: ``ngân*`` finds ngân, ngành…, ``45/2020*`` finds the symbol
  ``45/2020/NĐ-CP``;
- case, diacritics and the i/y spelling never matter; a symbol (``123/QĐ-UBND``) is one exact
  term;
- an abbreviation also finds its full forms and a full form its abbreviation
  (:mod:`archive.search.abbreviations`): such a word becomes a *group*, one of whose
  :class:`Alternative` must match (each word of a typed full form its own group: the word or
  the abbreviation).

Each pair of neighbouring plain words is also tried as a phrase, as an optional boost:
Vietnamese words are several syllables separated by spaces, so "quyết định" *together* should
rank above "quyết toán … định mức" (docs/search.md).

With no hit, a search falls back to the closest matches (:meth:`ParsedQuery.relaxed`): any of
the words, ranked by how many match and how well.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Final

from archive.search.abbreviations import MAX_EXPANSIONS, MAX_PHRASE_VARIANTS, Abbreviations
from archive.search.analyzer import analyze, fold_marks, fold_spelling, nfc, spellings

__all__ = [
    "MAX_SYMBOL_GUESSES",
    "MIN_PREFIX_CHARS",
    "Alternative",
    "Group",
    "ParsedQuery",
    "parse_query",
]

MAX_SYMBOL_GUESSES: Final = 4
"""Most symbols guessed from a query's parts (``qd 123 ubnd`` → ``123/qd-ubnd``)."""
MIN_PREFIX_CHARS: Final = 2
"""A shorter prefix (``a*``) would expand to most of the dictionary: a backend searches it as a
word, and the service refuses it (``short_prefixes``, archive.search.limits)."""

_PIECE_RE: Final = re.compile(r'"([^"]*)"?|(\S+)')


Alternative = tuple[str, ...]
"""One way a group matches: a word, or several words side by side in this order (a phrase)."""

Group = tuple[Alternative, ...]
"""Any one of these alternatives; the first is what was typed."""


@dataclass(frozen=True)
class ParsedQuery:
    """Required terms, phrases, prefixes and groups, plus the optional phrase boosts."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()
    """Prefixes as typed, folded without the i/y step (``quy*`` finds ``quyết``; the word
    ``quy`` itself is indexed as ``qui``: see :attr:`prefix_words`)."""
    boosts: tuple[tuple[str, str], ...] = ()
    short_prefixes: tuple[str, ...] = ()
    """Prefixes typed with fewer than MIN_PREFIX_CHARS letters (kept in ``terms`` as words)."""
    groups: tuple[Group, ...] = ()
    """Abbreviations and full forms: one alternative of each group must match."""
    any: bool = False
    """The fallback: documents with *any* of the terms, phrases, prefixes and groups."""
    symbols: tuple[str, ...] = ()
    """Symbols said in parts, as officers say them (``qd 123 ubnd`` → ``123/qd-ubnd``): an
    optional boost of the document whose own number and symbol they are, over the documents
    that cite it."""

    @property
    def empty(self) -> bool:
        """Nothing to match: every (allowed) document is a hit."""
        return not (self.terms or self.phrases or self.prefixes or self.groups)

    @property
    def words(self) -> frozenset[str]:
        """Every exact term the query looks for (for highlighting)."""
        alternatives = (alt for group in self.groups for alt in group)
        variants = (word for prefix in self.prefixes for word in self.prefix_words(prefix))
        return frozenset(self.terms).union(*self.phrases, *alternatives, variants)

    @property
    def typed_words(self) -> int:
        """How many words were typed: plain words, words of phrases, prefixes (the ``terms``
        bound of archive.search.limits; an expansion adds none)."""
        typed = sum(len(group[0]) for group in self.groups)
        return len(self.terms) + len(self.prefixes) + sum(map(len, self.phrases)) + typed

    @staticmethod
    def prefix_words(prefix: str) -> tuple[str, ...]:
        """The whole word a prefix also stands for when it is written with i or y: ``quy*`` →
        ``("qui",)`` (the word quy as indexed, which ``quy`` is no prefix of); none for most
        prefixes."""
        spelled = fold_spelling(prefix)
        return (spelled,) if len(spellings(spelled)) > 1 else ()

    def relaxed(self) -> ParsedQuery:
        """The fallback of a query without hits: any of its parts, a quoted phrase also word by
        word (an abbreviation's full forms stay whole)."""
        loose = [word for phrase in self.phrases for word in phrase]
        loose += [word for group in self.groups if len(group[0]) > 1 for word in group[0]]
        return replace(self, terms=_unique([*self.terms, *loose]), any=True)

    @property
    def relaxable(self) -> bool:
        """Whether the fallback asks for less than the query (it has two parts or more)."""
        loose = self.relaxed()
        return len(loose.terms) + len(loose.phrases) + len(loose.prefixes) + len(loose.groups) > 1


class _Builder:
    """The parts of one query as its pieces are read."""

    def __init__(self, table: Abbreviations | None) -> None:
        self.table = table
        self.budget = MAX_EXPANSIONS if table is not None else 0
        self.terms: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        self.prefixes: list[str] = []
        self.boosts: list[tuple[str, str]] = []
        self.short: list[str] = []
        self.groups: list[Group] = []
        self.symbols: list[str] = []
        self.run: list[str] = []

    def _reverse_at(self, words: list[str], i: int) -> tuple[int, str] | None:
        """The longest full form starting at ``words[i]``: (its length, its abbreviation)."""
        if self.table is None or not self.budget:
            return None
        for size in range(min(self.table.longest, len(words) - i), 1, -1):
            key = self.table.reverse.get(tuple(words[i : i + size]))
            if key is not None:
                return size, key
        return None

    def _forward(self, word: str) -> tuple[tuple[str, ...], ...]:
        if self.table is None or not self.budget:
            return ()
        return self.table.forward.get(word, ())

    def close_run(self) -> None:
        """Plain words typed side by side: terms, groups, and the neighbouring-word boosts."""
        run, i = self.run, 0
        self.boosts.extend(itertools.pairwise(run))
        spoken: list[str] = []  # the run with each full form said as its abbreviation
        while i < len(run):
            before = run[i - 1 : i]
            found = self._reverse_at(run, i)
            if found is not None:
                size, key = found
                self.budget -= 1
                # (uy ∧ ban ∧ nhan ∧ dan) ∨ ubnd, written as (uy ∨ ubnd) ∧ (ban ∨ ubnd) ∧ …:
                # the same documents, and each word stays a flat clause of the query (an
                # intersection nested in a union scored 3× slower at 300,000 documents).
                self.groups += [((word,), (key,)) for word in run[i : i + size]]
                self._edge_boosts(before, (key,), run[i + size : i + size + 1])
                spoken.append(key)
                i += size
                continue
            forms = self._forward(run[i])
            if forms:
                self.budget -= 1
                self.groups.append(((run[i],), *forms))
                for form in forms:
                    self._edge_boosts(before, form, run[i + 1 : i + 2])
            else:
                self.terms.append(run[i])
            spoken.append(run[i])
            i += 1
        self._guess_symbols(spoken)
        self.run = []

    def _guess_symbols(self, spoken: list[str]) -> None:
        """``qd 123 ubnd tinh`` → ``123/qd-ubnd``, ``123/ubnd-tinh``: a number with each pair
        of neighbouring words around it, the way a symbol number/type-organ is said."""
        if self.table is None:
            return
        words = [w for w in spoken if w.isalpha()]
        for number in (w for w in spoken if w.isdigit()):
            for first, second in itertools.pairwise(words):
                if len(self.symbols) < MAX_SYMBOL_GUESSES:
                    self.symbols.append(f"{number}/{first}-{second}")

    def _edge_boosts(self, before: list[str], form: tuple[str, ...], after: list[str]) -> None:
        """Boosts for the other form next to its neighbours ("đại biểu" + "hội đồng")."""
        self.boosts += [(word, form[0]) for word in before] + [(form[-1], w) for w in after]

    def phrase(self, words: tuple[str, ...]) -> None:
        """A quoted phrase, tried in the other forms of its abbreviations too."""
        variants = self._phrase_variants(list(words))
        if len(variants) > 1:
            self.groups.append(tuple(variants))
        elif len(words) > 1:
            self.phrases.append(words)
        elif words:
            self.terms.append(words[0])

    def _phrase_variants(self, words: list[str]) -> list[tuple[str, ...]]:
        options: list[tuple[tuple[str, ...], ...]] = []
        i = 0
        while i < len(words):
            found = self._reverse_at(words, i)
            forms = self._forward(words[i]) if found is None else ()
            if found is not None:
                self.budget -= 1
                options.append((tuple(words[i : i + found[0]]), (found[1],)))
                i += found[0]
                continue
            if forms:
                self.budget -= 1
            options.append(((words[i],), *forms))
            i += 1
        variants = itertools.islice(itertools.product(*options), MAX_PHRASE_VARIANTS)
        return [tuple(w for part in variant for w in part) for variant in variants]

    def parsed(self) -> ParsedQuery:
        self.close_run()
        return ParsedQuery(
            _unique(self.terms),
            tuple(dict.fromkeys(self.phrases)),
            _unique(self.prefixes),
            tuple(dict.fromkeys(self.boosts)),
            _unique(self.short),
            tuple(dict.fromkeys(self.groups)),
            symbols=_unique(self.symbols),
        )


def parse_query(text: str, abbreviations: Abbreviations | None = None) -> ParsedQuery:
    """Parse the search box; ``abbreviations``: the table to expand with (None: none)."""
    query = _Builder(abbreviations)
    for match in _PIECE_RE.finditer(nfc(text)):
        quoted, word = match.group(1), match.group(2)
        if quoted is not None:
            query.close_run()
            query.phrase(tuple(t.term for t in analyze(quoted, "query", normalized=True)))
            continue
        tokens = analyze(word, "query", normalized=True)
        words = [t.term for t in tokens]
        if word.endswith("*") and words and len(words[-1]) >= MIN_PREFIX_CHARS:
            query.run.extend(words[:-1])
            query.close_run()
            last = tokens[-1]
            query.prefixes.append(fold_marks(word[last.start : last.end]))
            continue
        if word.endswith("*") and words:
            query.short.append(words[-1])
        query.run.extend(words)
    return query.parsed()


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
