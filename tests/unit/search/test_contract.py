"""The SearchIndex contract: every backend gives the same answers (real engines, tmp_path)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from archive.search.api import Filters, SearchIndex, SearchQuery, SearchRequest, SearchResult
from tests.unit.search.conftest import DOCS, SO, make_doc

PUBLIC = frozenset({"01"})
CONDITIONAL = frozenset({"01", "02"})
ALL = frozenset({"01", "02", "03"})


def ask(
    index: SearchIndex, text: str = "", modes: frozenset[str] = CONDITIONAL, **request: object
) -> SearchResult:
    return index.search(SearchQuery(SearchRequest(text=text, **request), modes))  # type: ignore[arg-type]


def codes(result: SearchResult) -> set[str]:
    return {h.doc_code[-1] for h in result.hits}


def test_without_diacritics_finds_with_diacritics(index: SearchIndex) -> None:
    for text in ("quyet dinh", "Quyết Định", "QUYẾT ĐỊNH", "quyết định"):
        assert codes(ask(index, text)) == {"1", "2", "3"}, text
    assert codes(ask(index, "quyet dinh 123 dat dai")) == {"1"}


def test_phrase_is_stricter_than_words(index: SearchIndex) -> None:
    assert codes(ask(index, '"quyết định"')) == {"1", "2"}  # doc 3 has quyết…định apart
    assert codes(ask(index, '"dinh quyet"')) == set()
    assert codes(ask(index, '"Quyết định số 123/QĐ-UBND ngày"')) == {"1"}


def test_adjacent_words_rank_first(index: SearchIndex) -> None:
    hits = ask(index, "quyet dinh").hits
    assert hits[-1].doc_code.endswith("3")  # quyết toán … định mức


def test_symbols_whole_and_in_parts(index: SearchIndex) -> None:
    for text in ("123/QĐ-UBND", "123/qd-ubnd", "QĐ-UBND", "qd-ubnd"):
        assert codes(ask(index, text)) == {"1"}, text
    assert codes(ask(index, "123")) == {"1"}  # a part of the symbol
    # UBND is a part of the symbol of 1, and an abbreviation: 2 says "Ủy ban nhân dân tỉnh".
    assert codes(ask(index, "ubnd")) == {"1", "2"}
    assert codes(ask(index, "NĐ-CP")) == {"1", "4"}
    assert codes(ask(index, "2020/NĐ-CP")) == {"4"}


def test_prefix(index: SearchIndex) -> None:
    assert codes(ask(index, "ngân*")) == {"3", "4"}
    assert codes(ask(index, "45/2020*")) == {"4"}
    assert codes(ask(index, "Quyết*")) == {"1", "2", "3"}
    assert codes(ask(index, "ngân* nhà")) == {"4"}


def test_filters(index: SearchIndex) -> None:
    assert codes(ask(index, filters=Filters(organs=(SO,)))) == {"2", "3", "4"}
    folded = "so tai nguyen va moi truong tinh hoa binh"
    assert codes(ask(index, filters=Filters(organs=(folded,)))) == {"2", "3", "4"}
    assert codes(ask(index, filters=Filters(types=("02", "15")))) == {"1", "2"}
    assert codes(ask(index, filters=Filters(year_from=2022))) == {"1", "2", "3"}
    assert codes(ask(index, filters=Filters(year_to=2021))) == {"4"}
    assert codes(ask(index, filters=Filters(year_from=2021, year_to=2021))) == {"4"}
    assert codes(ask(index, filters=Filters(maintenance=("05",)))) == {"3", "4"}
    assert codes(ask(index, filters=Filters(modes=("02",)))) == {"3"}
    assert codes(ask(index, filters=Filters(fonds=("H49.01",)))) == {"1"}
    both = Filters(organs=(SO,), year_from=2023)
    assert codes(ask(index, "giao", filters=both)) == {"2", "3"}
    assert codes(ask(index, "giao", filters=both, modes=PUBLIC)) == {"2"}


def test_facets_count_what_the_asker_may_see(index: SearchIndex) -> None:
    result = ask(index, modes=PUBLIC)
    assert result.total == 3
    assert result.facet("type") == {"02": 1, "15": 1, "10": 1}
    assert result.facet("year") == {"2023": 2, "2021": 1}
    assert result.facet("mode") == {"01": 3}
    assert result.facet("maintenance") == {"01": 2, "05": 1}
    assert result.facet("fonds") == {"H49.01": 1, "H49.11": 2}
    assert result.facet("organ") == {SO: 2, "Ủy ban nhân dân tỉnh Hòa Bình": 1}
    labels = {b.value: b.label for f in result.facets if f.field == "type" for b in f.buckets}
    assert labels["02"] == "Quyết định"
    conditional = ask(index, modes=CONDITIONAL)
    assert conditional.total == 4 and conditional.facet("type")["14"] == 1
    assert ask(index, "quyet", modes=CONDITIONAL).facet("maintenance") == {"01": 2, "05": 1}


def test_facets_follow_the_filters(index: SearchIndex) -> None:
    result = ask(index, filters=Filters(organs=(SO,)), modes=PUBLIC)
    assert result.facet("organ") == {SO: 2}
    assert result.facet("year") == {"2023": 1, "2021": 1}


def test_access_modes_hide_hits_totals_and_counts(index: SearchIndex) -> None:
    public = ask(index, "quyet dinh", modes=PUBLIC)
    assert codes(public) == {"1", "2"} and public.total == 2
    assert "14" not in public.facet("type") and "02" not in public.facet("mode")
    # Asking for mode 02 explicitly does not widen what the asker may see.
    assert ask(index, filters=Filters(modes=("02",)), modes=PUBLIC).total == 0
    # Mode 03 stays hidden unless allowed.
    assert "5" not in codes(ask(index, "tuan tra", modes=CONDITIONAL))
    assert codes(ask(index, "tuan tra", modes=ALL)) == {"5"}
    nothing = ask(index, "quyet", modes=frozenset())
    assert nothing.total == 0 and nothing.hits == ()
    assert all(not f.buckets for f in nothing.facets)


def test_sort_by_date(index: SearchIndex) -> None:
    newest = [h.issued for h in ask(index, sort="newest").hits]
    assert newest == ["2023-09-26", "2023-01-18", "2023-01-05", "2021-07-04"]
    oldest = [h.issued for h in ask(index, sort="oldest").hits]
    assert oldest == list(reversed(newest))


def test_pagination(index: SearchIndex) -> None:
    pages = [ask(index, sort="newest", offset=o, limit=2) for o in (0, 2, 4)]
    assert [p.total for p in pages] == [4, 4, 4]
    assert [len(p.hits) for p in pages] == [2, 2, 0]
    seen = [h.doc_code for p in pages for h in p.hits]
    assert len(set(seen)) == 4
    relevance = [ask(index, "dat", offset=o, limit=1) for o in (0, 1, 2)]
    assert len({h.doc_code for p in relevance for h in p.hits}) == 3


def test_highlights(index: SearchIndex) -> None:
    hit = next(h for h in ask(index, "quyet dinh 123").hits if h.doc_code.endswith("1"))
    text = next(s for s in hit.snippets if s.field == "text")
    marked = [t for t, is_hit in text.parts if is_hit]
    assert "Quyết" in marked and "định" in marked and "123" in marked
    assert "<mark>Quyết</mark> <mark>định</mark>" in text.html()
    assert "[QUYẾT] [ĐỊNH]" in text.marked()
    subject = ask(index, "giao dat").hits[0].snippets[0]
    assert subject.field == "subject" and ("đất", True) in subject.parts
    assert hit.as_dict()["snippets"]


def test_update_and_delete(index: SearchIndex) -> None:
    changed = replace(DOCS[0], subject="Về việc thu hồi đất", symbol="124/QĐ-UBND", text="thu hồi")
    with index.writing() as writer:
        writer.upsert([changed])
    assert codes(ask(index, "thu hoi")) == {"1"}
    assert "1" not in codes(ask(index, "123/QĐ-UBND"))
    assert index.count() == len(DOCS)
    with index.writing() as writer:
        writer.delete([DOCS[1].doc_code])
    assert "2" not in codes(ask(index, "giao"))
    with index.writing() as writer:
        writer.delete_dossier(DOCS[0].dossier_code)
    assert index.count() == 0


def test_a_failed_write_changes_nothing(index: SearchIndex) -> None:
    with pytest.raises(RuntimeError), index.writing() as writer:
        writer.upsert([make_doc("0000009", subject="tạm thời", issued=date(2024, 1, 1))])
        raise RuntimeError("boom")
    assert ask(index, "tam thoi").total == 0
    assert index.count() == len(DOCS)


def test_stored_fields(index: SearchIndex) -> None:
    stored = index.stored(DOCS[0].doc_code)
    assert stored is not None and stored["symbol"] == "123/QĐ-UBND"
    assert index.stored("nope") is None


@pytest.mark.parametrize("text", ["", "dat", "quyet dinh", "giao*", '"giao đất"', "khong co"])
def test_total_is_exact_on_every_page(index: SearchIndex, text: str) -> None:
    """The total does not depend on the page, the sort or whether facets are asked for."""
    everything = ask(index, text, limit=50, facets=())
    expected = len(everything.hits)
    for sort in ("relevance", "newest"):
        for limit in (1, 2, 3, 50):
            for offset in (0, 1, 2, 3, 4, 7):
                for facets in ((), ("type",), ("mode", "year")):
                    page = ask(index, text, sort=sort, offset=offset, limit=limit, facets=facets)
                    assert page.total == expected, (sort, limit, offset, facets)
                    assert len(page.hits) == max(0, min(limit, expected - offset))
    restricted = ask(index, text, modes=PUBLIC, limit=1, offset=1, facets=())
    assert restricted.total == len(ask(index, text, modes=PUBLIC, limit=50).hits)
