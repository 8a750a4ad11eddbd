"""Whoosh backend (``whoosh-reloaded``, pure Python): fine for a few thousand documents.

Whoosh pickles the analyzer into the index's table of contents *by module path*: the class
:class:`WhooshVietnameseAnalyzer` must stay importable as
``archive.search.whoosh_index.WhooshVietnameseAnalyzer`` or existing indexes cannot be opened
(after a rename, run ``archive search reindex``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import Analyzer
from whoosh.analysis import Token as WhooshToken
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.writing import IndexWriter as _WhooshWriter

from archive.search._fields import FACET_SOURCE, SEARCHED, doc_values, searchable, to_hit
from archive.search.analyzer import analyze, fold
from archive.search.api import Facet, IndexDoc, SearchQuery, SearchResult
from archive.search.limits import too_many_expansions
from archive.search.parse import Alternative, Group, ParsedQuery, parse_query

__all__ = ["WhooshIndex", "WhooshVietnameseAnalyzer"]

_KEYWORDS = ("dossier_code", "organ", "organ_key", "type", "year", "maintenance", "mode", "fonds")


class WhooshVietnameseAnalyzer(Analyzer):  # type: ignore[misc]
    """The archive analyzer (``archive.search.analyzer.analyze``) in Whoosh's clothes."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        del keeporiginal, removestops, tokenize, kwargs
        for tok in analyze(value, "query" if mode == "query" else "index"):
            out = WhooshToken(positions, chars, mode=mode)
            out.text = tok.term
            out.boost = 1.0
            out.stopped = False
            if positions:
                out.pos = start_pos + tok.position
            if chars:
                out.startchar = start_char + tok.start
                out.endchar = start_char + tok.end
            yield out


def _schema() -> Schema:
    analyzer = WhooshVietnameseAnalyzer()
    keywords = {name: ID(stored=name != "organ_key", sortable=True) for name in _KEYWORDS}
    return Schema(
        doc_code=ID(stored=True, unique=True, sortable=True),
        file_code=STORED(),
        subject=TEXT(analyzer=analyzer, stored=True, field_boost=SEARCHED["subject"]),
        symbol=TEXT(analyzer=analyzer, stored=True, field_boost=SEARCHED["symbol"]),
        meta=TEXT(analyzer=analyzer, field_boost=SEARCHED["meta"]),
        text=TEXT(analyzer=analyzer, stored=True, field_boost=SEARCHED["text"]),
        issued=ID(stored=True),
        sort_key=ID(sortable=True),
        dossier_title=STORED(),
        text_status=ID(stored=True),
        **keywords,
    )


class _Writer:
    def __init__(self, writer: _WhooshWriter) -> None:
        self._w = writer

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        for doc in docs:
            values: dict[str, Any] = doc_values(doc)
            values.update(searchable(doc))
            # Stored as given; the analysed subject also carries the type label.
            values["_stored_subject"] = doc.subject
            self._w.update_document(**values)

    def delete(self, doc_codes: Sequence[str]) -> None:
        for code in doc_codes:
            self._w.delete_by_term("doc_code", code)

    def delete_dossier(self, dossier_code: str) -> None:
        self._w.delete_by_term("dossier_code", dossier_code)


class WhooshIndex:
    """A Whoosh index in ``directory`` (created when missing)."""

    backend = "whoosh"

    def __init__(self, directory: Path, *, lock_timeout_s: float = 60.0) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(directory)):
            self._ix = whoosh_index.open_dir(str(directory))
        else:
            self._ix = whoosh_index.create_in(str(directory), _schema())
        self._lock_timeout_s = lock_timeout_s

    @contextmanager
    def writing(self) -> Iterator[_Writer]:
        """A writer; commits at the end of the block, cancels if it raises."""
        writer = self._ix.writer(timeout=self._lock_timeout_s)
        try:
            yield _Writer(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def count(self) -> int:
        """Number of documents."""
        return int(self._ix.doc_count())

    def stored(self, doc_code: str) -> dict[str, object] | None:
        """Stored fields of one document."""
        with self._ix.searcher() as searcher:
            found = searcher.document(doc_code=doc_code)
        return dict(found) if found else None

    def close(self) -> None:
        """Close the index."""
        self._ix.close()

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits, exact total and facets, all within ``query.allowed_modes``."""
        started = time.perf_counter()
        request = query.request
        if not query.allowed_modes:
            return SearchResult(0, (), tuple(Facet(f, ()) for f in request.facets))
        parsed = parse_query(request.text, query.abbreviations)
        if query.relaxed:
            parsed = parsed.relaxed()
        relevance = request.sort == "relevance"  # else Whoosh puts the sort key in hit.score
        facets = sorting.Facets()
        for name in request.facets:
            facets.add_facet(name, sorting.FieldFacet(FACET_SOURCE[name], maptype=sorting.Count))
        with self._ix.searcher() as searcher:
            _check_expansions(searcher, parsed.prefixes, query.max_prefix_expansions)
            results = searcher.search(
                _text_query(parsed),
                limit=max(1, request.offset + request.limit),
                filter=_filter(query),
                groupedby=facets if request.facets else None,
                sortedby=_sort(request.sort),
            )
            total = len(results)
            hits = tuple(
                to_hit(
                    hit.fields(),
                    hit.score if relevance and hit.score is not None else 0.0,
                    parsed,
                    str(hit.get("text") or ""),
                )
                for hit in results[request.offset : request.offset + request.limit]
            )
            facet_list = tuple(
                Facet.from_counts(
                    name,
                    {str(k): int(v) for k, v in results.groups(name).items() if k},
                    request.facet_size,
                )
                for name in request.facets
            )
        took = (time.perf_counter() - started) * 1000
        return SearchResult(total, hits, facet_list, took)


def _check_expansions(searcher: Any, prefixes: Sequence[str], allowed: int | None) -> None:
    """Refuse a prefix standing for more than ``allowed`` indexed words, as tantivy does."""
    if allowed is None:
        return
    reader = searcher.reader()
    for prefix in prefixes:
        words: set[bytes | str] = set(ParsedQuery.prefix_words(prefix))
        for name in SEARCHED:
            for word in reader.expand_prefix(name, prefix):
                words.add(word)
                if len(words) > allowed:
                    raise too_many_expansions(prefix, allowed)


def _any_field(make: Any) -> wq.Query:
    return wq.Or([make(name) for name in SEARCHED])


def _word(term: str) -> wq.Query:
    return _any_field(lambda f: wq.Term(f, term))


def _phrase(words: tuple[str, ...]) -> wq.Query:
    return _any_field(lambda f: wq.Phrase(f, list(words)))


def _alternative(alt: Alternative) -> wq.Query:
    return _word(alt[0]) if len(alt) == 1 else _phrase(alt)


def _group(group: Group) -> wq.Query:
    """Any one of the alternatives (an abbreviation or one of its full forms)."""
    return wq.Or([_alternative(alt) for alt in group])


def _prefix(prefix: str) -> wq.Query:
    """The prefix, and the whole word it also stands for (``quy*``: the word quy, as qui)."""
    whole = [wq.Term(f, w) for f in SEARCHED for w in ParsedQuery.prefix_words(prefix)]
    return wq.Or([*(wq.Prefix(f, prefix) for f in SEARCHED), *whole])


def _text_query(parsed: ParsedQuery) -> wq.Query:
    if parsed.empty:
        return wq.Every()
    required: list[wq.Query] = [_word(term) for term in parsed.terms]
    required += [_phrase(phrase) for phrase in parsed.phrases]
    required += [_prefix(prefix) for prefix in parsed.prefixes]
    required += [_group(group) for group in parsed.groups]
    # The fallback (parsed.any): any part matches, ranked by the sum of the parts found, with
    # Whoosh's bonus for holding more of them (scale; without it, 3 of 10 typo'd titles of
    # bench.relevance came first, with it 10 of 10).
    if len(required) == 1:
        main = required[0]
    else:
        main = wq.Or(required, scale=0.9) if parsed.any else wq.And(required)
    if not parsed.boosts and not parsed.symbols:
        return main
    pairs = [_any_field(lambda f, p=pair: wq.Phrase(f, list(p))) for pair in parsed.boosts]
    pairs += [wq.Term("symbol", symbol) for symbol in parsed.symbols]  # field boost: schema
    # Weight 1, unlike tantivy's 3 (its pair terms score on another scale; measured worse here).
    return wq.AndMaybe(main, wq.Or(pairs))


def _terms(field: str, values: Sequence[str]) -> wq.Query:
    return wq.Or([wq.Term(field, v) for v in values])


def _filter(query: SearchQuery) -> wq.Query:
    f = query.request.filters
    modes = sorted(query.allowed_modes & set(f.modes) if f.modes else query.allowed_modes)
    clauses: list[wq.Query] = [_terms("mode", modes) if modes else wq.NullQuery]
    if f.organs:
        clauses.append(_terms("organ_key", [fold(o).strip() for o in f.organs]))
    for field, values in (("type", f.types), ("maintenance", f.maintenance), ("fonds", f.fonds)):
        if values:
            clauses.append(_terms(field, values))
    if f.year_from is not None or f.year_to is not None:
        low = f"{f.year_from:04d}" if f.year_from is not None else None
        high = f"{f.year_to:04d}" if f.year_to is not None else None
        clauses.append(wq.TermRange("year", low, high))
    return wq.And(clauses)


def _sort(sort: str) -> sorting.FacetType | None:
    if sort == "relevance":
        return None
    return sorting.FieldFacet("sort_key", reverse=sort == "newest")
