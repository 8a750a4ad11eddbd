"""tantivy answers phrases from pair terms (ADR 0010): the same phrase semantics as positions,
except that inside a quoted phrase a document symbol counts whole (docs/search.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from archive.search.api import SearchQuery, SearchRequest
from archive.search.service import open_backend
from archive.search.tantivy_index import TantivyIndex
from tests.unit.search.conftest import DOCS

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
