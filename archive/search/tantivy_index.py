"""tantivy backend (the ``tantivy`` wheel: the Rust engine in-process, no server).

Text is analysed in Python by :func:`archive.search.analyzer.index_streams` (the terms of
:func:`~archive.search.analyzer.analyze`: NFC, folding with đ → d, symbols whole and in parts)
and handed to tantivy as space-separated terms, which its whitespace tokenizer splits in Rust,
in the writer's own threads. Each searched field is indexed twice:

- ``<field>``: every term, with frequencies but no positions (BM25 scoring, prefix search);
- ``<field>_pairs``: each word joined to the next (``quyet_dinh``), with positions. A phrase of
  *n* words is a phrase of *n − 1* pairs there, and a two-word phrase one term, so a phrase
  over common words reads short posting lists instead of checking the positions of every
  document holding both words; the "neighbouring words rank first" boost is a term query.

Measured at 1,000,000 documents: docs/decisions/0010-pair-terms.md. Queries are built term by
term, never through tantivy's query parser (which would tokenise again, and drops ``*``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import tantivy

from archive.search._fields import FACET_SOURCE, SEARCHED, doc_values, searchable, to_hit
from archive.search.analyzer import fold, index_streams, pair_cover
from archive.search.api import Facet, IndexDoc, SearchQuery, SearchResult
from archive.search.limits import too_many_expansions
from archive.search.parse import Alternative, Group, ParsedQuery, parse_query

__all__ = ["TantivyIndex"]

_KEYWORDS: Final = (
    "doc_code",
    "dossier_code",
    "organ",
    "organ_key",
    "type",
    "maintenance",
    "mode",
    "fonds",
    "issued",
    "text_status",
)
_FAST: Final = frozenset({"organ", "type", "maintenance", "mode", "fonds", "sort_key"})
_STORED_ONLY: Final = ("file_code", "dossier_title")
_WRITER_HEAP: Final = 64 * 1024 * 1024
_AGG_SIZE: Final = 65_000
_TOTAL: Final = "__total"
_PAIRS: Final = "_pairs"
_NEIGHBOUR_BOOST: Final = 3.0
"""Weight of the optional "neighbouring words" clauses (two typed words side by side). Was 1:
in long texts the single words' scores drowned it. Measured with bench.relevance on two query
sets (seeds 18 and 7), recall@3 over all queries: 0.80 / 0.86 at 1, 0.86 / 0.91 at 2,
0.90 / 0.92 at 3, 0.91 / 0.92 at 4 and 6 (docs/search.md, "Relevance"). Whoosh scores its
positional phrases on another scale and keeps 1 (3 was worse there: 0.81 → 0.69)."""


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in _KEYWORDS:
        sb.add_text_field(
            name,
            stored=name != "organ_key",
            fast=name in _FAST,
            tokenizer_name="raw",
            index_option="basic",
        )
    sb.add_text_field("sort_key", fast=True, tokenizer_name="raw", index_option="basic")
    for name in SEARCHED:
        sb.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
        sb.add_text_field(
            f"{name}{_PAIRS}", stored=False, tokenizer_name="whitespace", index_option="position"
        )
    for name in ("subject", "symbol", *_STORED_ONLY):
        sb.add_bytes_field(f"{name}_stored", stored=True, indexed=False)
    sb.add_bytes_field("text_stored", stored=True, indexed=False)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    return sb.build()


def _document(doc: IndexDoc) -> tantivy.Document:
    out = tantivy.Document()
    values = doc_values(doc)
    for name in _KEYWORDS:
        if values[name]:
            out.add_text(name, values[name])
    out.add_text("sort_key", values["sort_key"])
    for name, value in searchable(doc).items():
        streams = index_streams(value) if value else None
        if streams and streams.terms:
            out.add_text(name, streams.terms)
        if streams and streams.pairs:
            out.add_text(f"{name}{_PAIRS}", streams.pairs)
    for name, value in (
        ("subject", doc.subject),
        ("symbol", doc.symbol),
        ("file_code", doc.file_code),
        ("dossier_title", doc.dossier_title),
        ("text", doc.text),
    ):
        out.add_bytes(f"{name}_stored", value.encode("utf-8"))
    if doc.year is not None:
        out.add_integer("year", doc.year)
    return out


def _stored(doc: tantivy.Document) -> dict[str, object]:
    raw = doc.to_dict()
    out: dict[str, object] = {}
    for key, values in raw.items():
        value = values[0] if values else None
        if key.endswith("_stored") and isinstance(value, bytes):
            out[key.removesuffix("_stored")] = value.decode("utf-8")
        else:
            out[key] = value
    return out


class _Writer:
    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._w = writer

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        for doc in docs:
            self._w.delete_documents_by_term("doc_code", doc.doc_code)
            self._w.add_document(_document(doc))

    def delete(self, doc_codes: Sequence[str]) -> None:
        for code in doc_codes:
            self._w.delete_documents_by_term("doc_code", code)

    def delete_dossier(self, dossier_code: str) -> None:
        self._w.delete_documents_by_term("dossier_code", dossier_code)


class TantivyIndex:
    """A tantivy index in ``directory`` (created when missing)."""

    backend = "tantivy"

    def __init__(self, directory: Path, *, threads: int = 1) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        self._index = tantivy.Index(self._schema, path=str(directory), reuse=True)
        self._threads = threads
        self._facets_pool: ThreadPoolExecutor | None = None

    @contextmanager
    def writing(self) -> Iterator[_Writer]:
        """A writer; commits at the end of the block, rolls back if it raises."""
        writer = self._index.writer(_WRITER_HEAP * self._threads, self._threads)
        try:
            yield _Writer(writer)
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()
            raise
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def count(self) -> int:
        """Number of documents."""
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def stored(self, doc_code: str) -> dict[str, object] | None:
        """Stored fields of one document."""
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(self._term("doc_code", doc_code), 1).hits
        return _stored(searcher.doc(found[0][1])) if found else None

    def close(self) -> None:
        """Stop the facet thread (files are closed with the object)."""
        if self._facets_pool is not None:
            self._facets_pool.shutdown(wait=True)
            self._facets_pool = None

    def _facet_thread(self) -> ThreadPoolExecutor:
        if self._facets_pool is None:
            self._facets_pool = ThreadPoolExecutor(1, thread_name_prefix="facets")
        return self._facets_pool

    # ----------------------------------------------------------------------------- search

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits, exact total and facets, all within ``query.allowed_modes``."""
        started = time.perf_counter()
        request = query.request
        if not query.allowed_modes:
            return SearchResult(0, (), tuple(Facet(f, ()) for f in request.facets))
        parsed = parse_query(request.text, query.abbreviations)
        if query.relaxed:
            parsed = parsed.relaxed()
        self._index.reload()
        searcher = self._index.searcher()
        expanded = self._expand(searcher, parsed.prefixes, query.max_prefix_expansions)
        # The adjacent-words boosts only order hits by relevance; other sorts leave them out.
        q = self._query(parsed, query, expanded, boosts=request.sort == "relevance")
        kwargs: dict[str, Any] = {"offset": request.offset}
        if request.sort != "relevance":
            kwargs["order_by_field"] = "sort_key"
            kwargs["order"] = tantivy.Order.Desc if request.sort == "newest" else tantivy.Order.Asc
        # Facets need a second pass over the matches (an aggregation); that pass counts them
        # too (unscored), so the top hits are then collected without a count. Without facets,
        # one pass collects the top hits and counts (a second pass would cost more).
        faceted = bool(request.facets)
        counting: Future[dict[str, Any]] | None = None
        if faceted:
            # The same matches without the scoring-only phrase boosts: no positions to check.
            # It runs on another thread while this one collects the top hits (tantivy releases
            # the GIL as it searches): one faceted page at 1M documents, 126 → 80 ms.
            matching = self._query(parsed, query, expanded, boosts=False)
            counting = self._facet_thread().submit(
                self._aggregate, searcher, matching, request.facets
            )
        result = searcher.search(q, max(1, request.limit), count=not faceted, **kwargs)
        hits = []
        for key, address in result.hits[: request.limit]:
            stored = _stored(searcher.doc(address))
            score = float(key) if request.sort == "relevance" else 0.0
            hits.append(to_hit(stored, score, parsed, str(stored.get("text") or "")))
        facets: tuple[Facet, ...] = ()
        if counting is not None:
            raw = counting.result()
            facets = self._facets(raw, request.facets, request.facet_size)
            # Every hit has exactly one access mode (the query requires one of the allowed
            # modes), so the mode buckets add up to the exact total.
            modes = raw.get(_TOTAL, {})
            total = sum(int(b["doc_count"]) for b in modes.get("buckets", []))
            total += int(modes.get("sum_other_doc_count", 0) or 0)
        else:
            total = int(getattr(result, "count", 0) or 0)  # the type stub omits ``count``
        took = (time.perf_counter() - started) * 1000
        return SearchResult(total, tuple(hits), facets, took)

    def _aggregate(
        self, searcher: tantivy.Searcher, q: tantivy.Query, names: Sequence[str]
    ) -> dict[str, Any]:
        """One aggregation pass: the asked facets, plus the access-mode counts for the total."""
        spec = {name: {"terms": {"field": FACET_SOURCE[name], "size": _AGG_SIZE}} for name in names}
        spec[_TOTAL] = {"terms": {"field": "mode", "size": _AGG_SIZE}}
        raw: dict[str, Any] = searcher.aggregate(q, spec)
        return raw

    def _facets(self, raw: dict[str, Any], names: Sequence[str], size: int) -> tuple[Facet, ...]:
        out = []
        for name in names:
            counts: dict[str, int] = {}
            for bucket in raw.get(name, {}).get("buckets", []):
                key = bucket["key"]
                value = str(int(key)) if isinstance(key, int | float) else str(key)
                counts[value] = int(bucket["doc_count"])
            out.append(Facet.from_counts(name, counts, size))
        return tuple(out)

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self._schema, field, value)

    def _any_field(self, make: Any, suffix: str = "") -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.boost_query(make(name + suffix), boost))
                for name, boost in SEARCHED.items()
            ]
        )

    def _phrase(self, words: Sequence[str]) -> tantivy.Query:
        """Words side by side, in this order: pair terms at their offsets (``pair_cover``)."""
        pairs = pair_cover(words)
        if len(pairs) == 1:  # two words: one pair term
            return self._any_field(lambda f: self._term(f, pairs[0][1]), _PAIRS)
        cover: list[str | tuple[int, str]] = list(pairs)
        return self._any_field(lambda f: tantivy.Query.phrase_query(self._schema, f, cover), _PAIRS)

    def _expand(
        self, searcher: tantivy.Searcher, prefixes: Sequence[str], allowed: int | None
    ) -> list[dict[str, list[str]]]:
        """Each prefix's words in each searched field, read from the term dictionaries.

        Done here rather than by a regex query so that (1) a prefix standing for more than
        ``allowed`` words is refused before any posting list is read, and (2) no regex automaton
        is compiled per prefix and field (that alone cost 1.6 ms a prefix on a tiny index)."""
        out = []
        for prefix in prefixes:
            words = {name: searcher.terms_with_prefix(name, prefix) for name in SEARCHED}
            distinct = {term for found in words.values() for term, _ in found}
            if allowed is not None and len(distinct) > allowed:
                raise too_many_expansions(prefix, allowed)
            whole = ParsedQuery.prefix_words(prefix)  # quy* also finds the word quy (qui)
            out.append({name: [t for t, _ in found] + list(whole) for name, found in words.items()})
        return out

    def _prefix(self, words: dict[str, list[str]]) -> tantivy.Query:
        """One prefix in any field: the set of its words (unscored, as a regex query was)."""
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.boost_query(self._terms(name, words[name]), boost))
            for name, boost in SEARCHED.items()
            if words[name]
        ]
        return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()

    def _word(self, term: str) -> tantivy.Query:
        return self._any_field(lambda f: tantivy.Query.term_query(self._schema, f, term))

    def _alternative(self, alt: Alternative) -> tantivy.Query:
        return self._word(alt[0]) if len(alt) == 1 else self._phrase(alt)

    def _group(self, group: Group) -> tantivy.Query:
        """Any one of the alternatives (an abbreviation or one of its full forms)."""
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._alternative(alt)) for alt in group]
        )

    def _text_query(
        self, parsed: ParsedQuery, expanded: list[dict[str, list[str]]], *, boosts: bool = True
    ) -> tantivy.Query | None:
        if parsed.empty:
            return None
        required = [self._word(t) for t in parsed.terms]
        required += [self._phrase(p) for p in parsed.phrases]
        required += [self._prefix(words) for words in expanded]
        required += [self._group(g) for g in parsed.groups]
        # The fallback (parsed.any) asks for any part: every document holding one matches,
        # ranked by the sum of the parts it holds.
        occur = tantivy.Occur.Should if parsed.any else tantivy.Occur.Must
        clauses = [(occur, q) for q in required]
        clauses += [
            (tantivy.Occur.Should, tantivy.Query.boost_query(self._phrase(p), _NEIGHBOUR_BOOST))
            for p in (parsed.boosts if boosts else ())
        ]
        symbol_weight = SEARCHED["symbol"] * _NEIGHBOUR_BOOST
        clauses += [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(self._term("symbol", s), symbol_weight),
            )
            for s in (parsed.symbols if boosts else ())
        ]
        return tantivy.Query.boolean_query(clauses)

    def _terms(self, field: str, values: Sequence[str]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self._schema, field, list(values))

    def _query(
        self,
        parsed: ParsedQuery,
        query: SearchQuery,
        expanded: list[dict[str, list[str]]],
        *,
        boosts: bool = True,
    ) -> tantivy.Query:
        """The whole query: access modes and filters (unscored), and the text; ``boosts=False``
        leaves out the optional adjacent-words phrases, which change scores but not matches."""
        f = query.request.filters
        modes = sorted(query.allowed_modes & set(f.modes) if f.modes else query.allowed_modes)
        filters = [self._terms("mode", modes) if modes else tantivy.Query.empty_query()]
        if f.organs:
            filters.append(self._terms("organ_key", [fold(o).strip() for o in f.organs]))
        for field, values in (
            ("type", f.types),
            ("maintenance", f.maintenance),
            ("fonds", f.fonds),
        ):
            if values:
                filters.append(self._terms(field, values))
        if f.year_from is not None or f.year_to is not None:
            filters.append(
                tantivy.Query.range_query(
                    self._schema, "year", tantivy.FieldType.Integer, f.year_from, f.year_to
                )
            )
        text = self._text_query(parsed, expanded, boosts=boosts)
        clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in filters]
        clauses.append(
            (tantivy.Occur.Must, text if text is not None else tantivy.Query.all_query())
        )
        return tantivy.Query.boolean_query(clauses)
