"""The search bounds (archive/search/limits.py) and the backends' prefix-expansion bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.config import load_settings
from archive.errors import InvalidInput, LimitExceeded
from archive.search.api import Filters, SearchIndex, SearchQuery, SearchRequest
from archive.search.limits import (
    LIMIT_MESSAGES,
    SearchLimits,
    check_request,
    page_window,
    parse_number,
)

LIMITS = SearchLimits()


def refused(request: SearchRequest, limits: SearchLimits = LIMITS) -> LimitExceeded:
    with pytest.raises(LimitExceeded) as caught:
        check_request(request, limits)
    return caught.value


def test_page_window() -> None:
    assert page_window(1, 10, LIMITS) == (0, 10)
    assert page_window(100, 100, LIMITS) == (9_900, 100)  # the last page of the window
    for page, per_page, code in [
        (101, 100, "window"),
        (10**12, 10, "window"),
        (0, 10, "page"),
        (-1, 10, "page"),
        (1, 0, "per_page"),
        (1, 101, "per_page"),
        (1, -10, "per_page"),
    ]:
        with pytest.raises(LimitExceeded) as caught:
            page_window(page, per_page, LIMITS)
        assert caught.value.code == code, (page, per_page)


def test_parse_number() -> None:
    assert parse_number(None, "page") is None and parse_number(" ", "page") is None
    assert parse_number("12", "page") == 12 and parse_number("-3", "page") == -3
    for text in ("x", "1e9", "1_000", "٣", "9" * 19, "1.5"):
        with pytest.raises(LimitExceeded) as caught:
            parse_number(text, "page")
        assert caught.value.code == "number", text


def test_each_bound_has_its_code_and_both_languages() -> None:
    cases = {
        "window": SearchRequest(offset=9_995, limit=10),
        "per_page": SearchRequest(limit=101),
        "page": SearchRequest(offset=-1),
        "year": SearchRequest(filters=Filters(year_from=10_000)),
        "year_order": SearchRequest(filters=Filters(year_from=2024, year_to=2020)),
        "filter_values": SearchRequest(filters=Filters(organs=("x" * 201,))),
        "query_chars": SearchRequest(text="a" * 501),
        "terms": SearchRequest(text='"' + " ".join(f"w{n}" for n in range(33)) + '"'),
        "prefixes": SearchRequest(text="ab* cd* ef* gh* ij*"),
        "prefix_chars": SearchRequest(text="a*"),
    }
    assert set(cases) <= set(LIMIT_MESSAGES)
    for code, request in cases.items():
        error = refused(request)
        assert error.code == code
        assert isinstance(error, InvalidInput)  # every door already maps it to "bad request"
        assert str(error) == f"{error.message_vi} / {error.message_en}"
        assert error.message_vi != error.message_en


def test_within_the_bounds_passes() -> None:
    check_request(SearchRequest(offset=9_900, limit=100), LIMITS)
    check_request(SearchRequest(text="a" * 500), LIMITS)
    check_request(
        SearchRequest(text="ab* cd* ef* gh* " + " ".join(f"w{n}" for n in range(28))), LIMITS
    )
    check_request(SearchRequest(filters=Filters(year_from=1, year_to=9999)), LIMITS)


def test_abbreviations_count_as_typed() -> None:
    """A full form is the words typed, an abbreviation one word, whatever they stand for."""
    typed = " ".join(f"w{n}" for n in range(28)) + " uy ban nhan dan"
    check_request(SearchRequest(text=typed), LIMITS)
    too_many = refused(SearchRequest(text=typed + " ubnd"))
    assert too_many.code == "terms" and "(it has 33)" in too_many.message_en


def test_settings_tune_the_bounds(tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path,
        search_max_prefixes=1,
        search_min_prefix_chars=3,
        search_max_page_size=5,
        search_max_results_window=20,
        search_max_query_chars=10,
        search_max_terms=2,
    )
    limits = SearchLimits.from_settings(settings)
    assert refused(SearchRequest(text="abc* def*", limit=5), limits).code == "prefixes"
    assert refused(SearchRequest(text="ab*", limit=5), limits).code == "prefix_chars"
    assert refused(SearchRequest(text="mot hai ba", limit=5), limits).code == "terms"
    assert refused(SearchRequest(text="x" * 11, limit=5), limits).code == "query_chars"
    assert refused(SearchRequest(limit=6), limits).code == "per_page"
    assert page_window(4, 5, limits) == (15, 5)
    with pytest.raises(LimitExceeded):
        page_window(5, 5, limits)


def test_a_prefix_standing_for_too_many_words_is_refused(index: SearchIndex) -> None:
    def ask(text: str, allowed: int | None) -> set[str]:
        query = SearchQuery(SearchRequest(text=text), frozenset({"01", "02"}), allowed)
        return {h.doc_code[-1] for h in index.search(query).hits}

    # "ng*" stands for ngân, nguồn, ngày, nghị… in DOCS.
    with pytest.raises(LimitExceeded) as caught:
        ask("ng*", 2)
    assert caught.value.code == "prefix_expansions" and "“ng*”" in str(caught.value)
    # Within the bound (or unbounded) the answer is the same as before.
    assert ask("ngân*", 1) == ask("ngân*", None) == {"3", "4"}
    assert ask("ng*", 1_000) == ask("ng*", None)
