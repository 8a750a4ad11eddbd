"""tantivy answers phrases from pair terms (ADR 0010): the same phrase semantics as positions,
except that inside a quoted phrase a document symbol counts whole (docs/search.md)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from archive.search.api import SearchQuery, SearchRequest
from archive.search.service import open_backend
from archive.search.tantivy_index import TantivyIndex
from tests.unit.search.conftest import DOCS, make_doc

MODES = frozenset({"01", "02"})


@pytest.fixture
def index(tmp_path: Path) -> Iterator[TantivyIndex]:
    idx = open_backend("tantivy", tmp_path / "t")
    assert isinstance(idx, TantivyIndex)
    with idx.writing() as writer:
        writer.upsert(DOCS)
    yield idx
    idx.close()


def found(index: TantivyIndex, text: str) -> set[str]:
    result = index.search(SearchQuery(SearchRequest(text=text, facets=()), MODES))
    return {h.doc_code[-1] for h in result.hits}


def test_pairs_are_terms_of_their_own_field(index: TantivyIndex) -> None:
    searcher = index._index.searcher()
    schema = index._index.schema

    def count(term: str) -> int:
        return int(searcher.search(tantivy.Query.term_query(schema, "text_pairs", term), 1).count)

    assert count("quyet_dinh") >= 2 and count("quyet_toan") == 1
    assert count("dinh_quyet") == 0 and count("quyet") == 0  # only pairs live there


def test_long_phrases_line_up_pair_by_pair(index: TantivyIndex) -> None:
    assert found(index, '"Quyết định số 123/QĐ-UBND ngày 18/01/2023"') == {"1"}
    assert found(index, '"quyết định số 123/QĐ-UBND ngày 19/01/2023"') == set()
    assert found(index, '"giao đất cho công ty"') == {"1", "2"}
    assert found(index, '"cho giao đất công ty"') == set()


def test_a_symbol_counts_whole_inside_a_phrase(index: TantivyIndex) -> None:
    assert found(index, '"số 123/QĐ-UBND"') == {"1"}
    assert found(index, '"QĐ-UBND ngày"') == set()  # Whoosh finds it (part at the same position)
    assert found(index, "QĐ-UBND ngày") == {"1"}  # as words it is found


def test_phrases_match_exactly_where_the_words_stand_in_order(tmp_path: Path) -> None:
    """Seeded documents over a tiny vocabulary (so every pair recurs) and phrases of 2–7 words:
    tantivy's hits equal a direct scan of each document's words."""
    rng = random.Random(20261123)
    vocabulary = ["quyết", "định", "giao", "đất", "cho", "công", "ty"]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(5, 40))) for _ in range(60)]
    docs = [make_doc(f"{n:07d}", subject="x", text=text, mode="01") for n, text in enumerate(texts)]
    idx = open_backend("tantivy", tmp_path / "exact")
    with idx.writing() as writer:
        writer.upsert(docs)
    checked = 0
    for _ in range(80):
        words = rng.choices(vocabulary, k=rng.randint(2, 7))
        phrase = " ".join(words)
        expected = {d.doc_code for d in docs if f" {phrase} " in f" {d.text} "}
        request = SearchRequest(text=f'"{phrase}"', facets=(), limit=100)
        result = idx.search(SearchQuery(request, MODES))
        assert {h.doc_code for h in result.hits} == expected, phrase
        assert result.total == len(expected)
        checked += bool(expected)
    idx.close()
    assert checked >= 20  # the phrases are found, not only missed
