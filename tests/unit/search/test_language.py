"""Administrative language on every backend: abbreviations both ways, i/y spellings, tone
placement, prefixes across spellings, and the fallback to the closest matches (issue #18)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from archive.search.abbreviations import Abbreviations
from archive.search.api import (
    FACET_FIELDS,
    Filters,
    SearchIndex,
    SearchQuery,
    SearchRequest,
    SearchResult,
)
from archive.search.service import answer, open_backend
from tests.unit.search.conftest import make_doc

DOCS = (
    make_doc(
        "0000011",
        subject="Về việc giao đất cho Công ty Hòa An",
        symbol="123/QĐ-UBND",
        type_code="02",
        text="Quyết định số 123 ngày 18/01/2023 của Ủy ban nhân dân tỉnh Hòa Bình về giao đất.",
    ),
    make_doc(
        "0000012",
        subject="Kế hoạch của UBND tỉnh",
        symbol="45/KH-UBND",
        type_code="10",
        text="Thường trực HĐND tỉnh; các PCT UBND tỉnh; Sở TNMT thực hiện QĐ số 7.",
    ),
    make_doc(
        "0000013",
        subject="Luật Sĩ quan Quân đội nhân dân Việt Nam",
        symbol="16/1999/QH10",
        type_code="32",
        text="Sĩ quan kỹ thuật; quản lý theo quy định; kỷ luật; công tác thủy lợi.",
    ),
    make_doc(
        "0000014",
        subject="Luật sỹ quan dự bị",
        symbol="",
        type_code="32",
        text="Sỹ quan kĩ thuật; quản lí theo qui định; kỉ luật; công tác thuỷ lợi; Uỷ ban.",
        mode="02",
    ),
    make_doc(
        "0000015",
        subject="Báo cáo bầu cử đại biểu Hội đồng nhân dân",
        symbol="9/BC-HĐBC",
        type_code="14",
        text="Cuộc bầu cử đại biểu Hội đồng nhân dân các cấp; quyết toán kinh phí.",
    ),
)
PUBLIC = frozenset({"01"})
BOTH = frozenset({"01", "02"})


@pytest.fixture
def index(backend: str, tmp_path: Path) -> Iterator[SearchIndex]:
    idx = open_backend(backend, tmp_path / backend)
    with idx.writing() as writer:
        writer.upsert(DOCS)
    try:
        yield idx
    finally:
        idx.close()


def ask(index: SearchIndex, text: str, modes: frozenset[str] = BOTH, **kw: object) -> SearchResult:
    request = SearchRequest(text=text, **kw)  # type: ignore[arg-type]
    return answer(index, SearchQuery(request, modes))


def found(index: SearchIndex, text: str, **kw: object) -> set[str]:
    return {h.doc_code[-2:] for h in ask(index, text, **kw).hits}


def test_abbreviation_finds_the_full_form_and_the_reverse(index: SearchIndex) -> None:
    # "Quyết định số 123 … Ủy ban nhân dân tỉnh", first: its own symbol is 123/QĐ-UBND.
    assert ask(index, "qd 123 ubnd tinh").hits[0].doc_code.endswith("11")
    assert found(index, "quyet dinh uy ban nhan dan tinh") >= {"11", "12"}  # QĐ, UBND tỉnh
    assert found(index, "hdnd") == {"12", "15"}
    assert found(index, "thuong truc hoi dong nhan dan tinh") == {"12"}
    assert found(index, "bau cu dai bieu hdnd") == {"15"}
    assert found(index, "So tai nguyen va moi truong") >= {"12"}  # Sở TNMT, not in the table…
    assert ask(index, "So tai nguyen va moi truong").fallback  # …so the closest matches


def test_phrases_with_abbreviations(index: SearchIndex) -> None:
    assert found(index, '"ubnd tỉnh Hòa Bình"') == {"11"}
    assert found(index, '"Ủy ban nhân dân tỉnh"') == {"11", "12"}
    assert found(index, '"thường trực hội đồng nhân dân"') == {"12"}


def test_symbols_still_match_whole_and_by_parts(index: SearchIndex) -> None:
    assert found(index, "123/QĐ-UBND") == {"11"}
    assert found(index, "QĐ-UBND") == {"11"}
    assert found(index, "KH-UBND") == {"12"}
    assert found(index, "45") == {"12"}
    assert found(index, "16/1999/QH10") == {"13"}


@pytest.mark.parametrize(
    "text",
    [
        "luat sy quan",
        "luật sỹ quan",
        "luat si quan",
        "Luật Sĩ quan",
        "si quan ky thuat",
        "sỹ quan kĩ thuật",
        "quan li theo qui dinh",
        "quản lý theo quy định",
        "kỉ luật",
        "ky luat",
    ],
)
def test_i_and_y_spellings_find_each_other(index: SearchIndex, text: str) -> None:
    assert found(index, text) >= {"13", "14"}, text


@pytest.mark.parametrize("text", ["thuỷ lợi", "thủy lợi", "thuy loi", '"công tác thuỷ lợi"'])
def test_old_and_new_tone_placement_find_each_other(index: SearchIndex, text: str) -> None:
    assert found(index, text) == {"13", "14"}, text


def test_a_prefix_finds_every_spelling(index: SearchIndex) -> None:
    assert found(index, "quy*") >= {"11", "13", "14", "15"}  # quyết, quy, qui
    assert found(index, "sy*") == {"13", "14"}  # the word sỹ/sĩ
    assert found(index, "qui*") == {"13", "14"}  # quy/qui, not quyết
    assert "<mark>quy định</mark>" not in str(ask(index, "quy*").hits)  # words marked one by one
    marked = [s.html() for h in ask(index, "qui* sĩ").hits for s in h.snippets]
    assert any("<mark>qui</mark>" in m for m in marked)
    assert any("<mark>quy</mark>" in m for m in marked)


def test_highlights_mark_the_other_form(index: SearchIndex) -> None:
    hit = next(h for h in ask(index, "ubnd").hits if h.doc_code.endswith("11"))
    text = next(s for s in hit.snippets if s.field == "text").marked()
    assert "[Ủy] [ban] [nhân] [dân]" in text
    hit = next(h for h in ask(index, "kĩ thuật").hits if h.doc_code.endswith("13"))
    assert "[kỹ] [thuật]" in next(s for s in hit.snippets if s.field == "text").marked()


def test_no_hit_falls_back_to_the_closest_matches(index: SearchIndex) -> None:
    exact = ask(index, "sĩ quan kỹ thuật")
    assert not exact.fallback and exact.total == 2
    closest = ask(index, "sĩ quan kỹ thuật xyzzy")
    assert closest.fallback and {h.doc_code[-2:] for h in closest.hits} == {"13", "14"}
    # Ranked: the documents with more of the words come first.
    ranked = ask(index, "sĩ quan bầu cử xyzzy hội đồng nhân dân")
    assert ranked.fallback and ranked.hits[0].doc_code.endswith("15")
    # A quoted phrase that is nowhere falls back to its words.
    phrase = ask(index, '"kỹ thuật sĩ quan"')
    assert phrase.fallback and {h.doc_code[-2:] for h in phrase.hits} >= {"13", "14"}


def test_the_fallback_keeps_filters_access_and_counts(index: SearchIndex) -> None:
    public = ask(index, "sĩ quan xyzzy", modes=PUBLIC)
    assert public.fallback and {h.doc_code[-2:] for h in public.hits} == {"13"}
    assert public.total == 1 and public.facet("mode") == {"01": 1}
    assert sum(public.facet("type").values()) == public.total
    filtered = ask(index, "sĩ quan giao đất xyzzy", filters=Filters(types=("02",)))
    assert filtered.fallback and {h.doc_code[-2:] for h in filtered.hits} == {"11"}
    assert ask(index, "sĩ quan xyzzy", sort="newest").fallback
    # No fallback for one word, nor when even the closest matches are nothing.
    assert not ask(index, "xyzzy").fallback and ask(index, "xyzzy").total == 0
    nothing = ask(index, "xyzzy qwerty")
    assert not nothing.fallback and nothing.total == 0
    assert nothing.as_dict(SearchRequest("xyzzy qwerty"), "officer")["notice"] is None


def test_the_fallback_says_so_in_both_languages(index: SearchIndex) -> None:
    request = SearchRequest("sĩ quan xyzzy", facets=FACET_FIELDS)
    data = answer(index, SearchQuery(request, BOTH)).as_dict(request, "officer")
    assert data["fallback"] is True
    notice = data["notice"]
    assert isinstance(notice, dict)
    assert notice["vi"].startswith("Không có văn bản") and notice["en"].startswith("No document")


def test_a_changed_table_is_used_at_once(index: SearchIndex) -> None:
    changes = {"TNMT": ["tài nguyên và môi trường"], "STNMT": [], "HĐND": []}
    table = Abbreviations.with_changes(changes)
    query = SearchQuery(SearchRequest("so tai nguyen va moi truong"), BOTH, abbreviations=table)
    result = answer(index, query)
    assert not result.fallback and {h.doc_code[-2:] for h in result.hits} == {"12"}
    word = answer(index, replace(query, request=SearchRequest("hdnd")))
    assert {h.doc_code[-2:] for h in word.hits} == {"12"}  # HĐND removed: only the word itself
