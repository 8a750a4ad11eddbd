"""Bounds on what one search may ask, checked before the engine does any work.

Every door (web page, JSON API, ``archive search``) goes through
:meth:`archive.search.service.SearchService.search`, which calls :func:`check_request`; the
backends refuse a prefix that stands for too many words (:func:`too_many_expansions`), since
only they see the term dictionary. A refusal is a :class:`~archive.errors.LimitExceeded` with a
code naming the bound and a message in Vietnamese and English from :data:`LIMIT_MESSAGES`
(the CLI exits 2, the web answers 400). Why these bounds and what the worst allowed query
costs: docs/search.md ("Limits"). Abbreviations add alternatives to a query, not typed words;
what they may add is bounded where they are expanded (``MAX_EXPANSIONS`` and the other bounds of
:mod:`archive.search.abbreviations`), and the fallback to the closest matches runs only after an
empty answer, with these same bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from archive.config import Settings
from archive.errors import LimitExceeded
from archive.search.api import Filters, SearchRequest
from archive.search.parse import parse_query

__all__ = [
    "LIMIT_MESSAGES",
    "MAX_FILTER_CHARS",
    "MAX_FILTER_VALUES",
    "YEAR_RANGE",
    "SearchLimits",
    "check_request",
    "page_window",
    "parse_number",
    "refuse",
    "too_many_expansions",
]

YEAR_RANGE: Final = (1, 9999)
"""Years a date of issue can have (Python's ``date``); anything else cannot match, and a huge
value made tantivy's range query fail (HTTP 500)."""
MAX_FILTER_VALUES: Final = 50
"""Most values of one repeated filter (``type=…&type=…``)."""
MAX_FILTER_CHARS: Final = 200
"""Longest filter value (an organ name is the longest real one)."""

# code: (Vietnamese template, English template); fields: {allowed}, {found}, {name}.
LIMIT_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "number": (
        "{name} phải là một số nguyên (nhận được “{found}”)",
        "{name} must be a whole number (got “{found}”)",
    ),
    "page": (
        "Số trang (page) phải từ 1 trở lên (nhận được {found})",
        "The page number (page) must be 1 or more (got {found})",
    ),
    "per_page": (
        "Số kết quả mỗi trang (per_page) phải từ 1 đến {allowed} (nhận được {found})",
        "Results per page (per_page) must be between 1 and {allowed} (got {found})",
    ),
    "window": (
        "Chỉ xem được {allowed} kết quả đầu tiên (trang × số kết quả mỗi trang); hãy thêm từ "
        "khóa hoặc bộ lọc để thu hẹp kết quả",
        "Only the first {allowed} results can be paged through (page × per_page); add words or "
        "filters to narrow the search",
    ),
    "year": (
        "Năm ({name}) phải từ {allowed} (nhận được {found})",
        "The year ({name}) must be from {allowed} (got {found})",
    ),
    "year_order": (
        "Năm bắt đầu ({found}) sau năm kết thúc ({allowed})",
        "The start year ({found}) is after the end year ({allowed})",
    ),
    "filter_values": (
        "Bộ lọc {name}: nhiều nhất {allowed} giá trị, mỗi giá trị tối đa {found} ký tự",
        "Filter {name}: at most {allowed} values of at most {found} characters each",
    ),
    "query_chars": (
        "Câu tìm kiếm dài quá {allowed} ký tự (có {found}); hãy rút gọn",
        "The search text is longer than {allowed} characters ({found}); shorten it",
    ),
    "terms": (
        "Câu tìm kiếm có quá nhiều từ: tối đa {allowed} (có {found})",
        "The search has too many words: at most {allowed} (it has {found})",
    ),
    "prefixes": (
        "Câu tìm kiếm có quá nhiều tiền tố có dấu *: tối đa {allowed} (có {found})",
        "The search has too many prefixes (word*): at most {allowed} (it has {found})",
    ),
    "prefix_chars": (
        "Tiền tố “{name}” quá ngắn: cần ít nhất {allowed} chữ trước dấu *",
        "The prefix “{name}” is too short: type at least {allowed} letters before the *",
    ),
    "prefix_expansions": (
        "Tiền tố “{name}” khớp với quá nhiều từ (hơn {allowed}); hãy gõ thêm chữ trước dấu *",
        "The prefix “{name}” matches too many words (more than {allowed}); type more letters "
        "before the *",
    ),
}


def refuse(code: str, allowed: object, found: object = "", name: str = "") -> LimitExceeded:
    """The refusal for bound ``code`` (not raised: the caller raises it)."""
    vi, en = LIMIT_MESSAGES[code]
    params: dict[str, Any] = {"allowed": allowed, "found": found, "name": name}
    return LimitExceeded(code, allowed, vi.format(**params), en.format(**params))


@dataclass(frozen=True)
class SearchLimits:
    """The bounds in force (from the ``search_max_*`` settings; defaults for code and tests)."""

    max_query_chars: int = 500
    max_terms: int = 32
    max_prefixes: int = 4
    min_prefix_chars: int = 2
    max_prefix_expansions: int = 1_000
    max_page_size: int = 100
    max_results_window: int = 10_000

    @classmethod
    def from_settings(cls, settings: Settings) -> SearchLimits:
        """The limits an operator configured."""
        return cls(
            max_query_chars=settings.search_max_query_chars,
            max_terms=settings.search_max_terms,
            max_prefixes=settings.search_max_prefixes,
            min_prefix_chars=settings.search_min_prefix_chars,
            max_prefix_expansions=settings.search_max_prefix_expansions,
            max_page_size=settings.search_max_page_size,
            max_results_window=settings.search_max_results_window,
        )


def parse_number(value: str | None, name: str) -> int | None:
    """A whole number typed in a form or URL (None if absent or empty)."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    # int() would accept 4,300 digits of an attacker's number (and "1_000"): take plain digits.
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
        raise refuse("number", "", text[:40], name)
    return int(text)


def page_window(page: int, per_page: int, limits: SearchLimits) -> tuple[int, int]:
    """``(offset, limit)`` of page ``page`` (from 1) of ``per_page`` hits, within the bounds."""
    if page < 1:
        raise refuse("page", 1, page)
    if not 1 <= per_page <= limits.max_page_size:
        raise refuse("per_page", limits.max_page_size, per_page)
    if page > limits.max_results_window // per_page:
        raise refuse("window", limits.max_results_window, page)
    return (page - 1) * per_page, per_page


def check_request(request: SearchRequest, limits: SearchLimits) -> None:
    """Refuse ``request`` if it goes beyond any bound (before the engine sees it)."""
    if request.offset < 0:
        raise refuse("page", 1, request.offset)
    if not 0 <= request.limit <= limits.max_page_size:
        raise refuse("per_page", limits.max_page_size, request.limit)
    if request.offset + request.limit > limits.max_results_window:
        raise refuse("window", limits.max_results_window)
    _check_filters(request.filters)
    _check_text(request.text, limits)


def _check_filters(filters: Filters) -> None:
    low, high = YEAR_RANGE
    for name, year in (("from", filters.year_from), ("to", filters.year_to)):
        if year is not None and not low <= year <= high:
            raise refuse("year", f"{low} – {high}", year, name)
    if (
        filters.year_from is not None
        and filters.year_to is not None
        and filters.year_from > filters.year_to
    ):
        raise refuse("year_order", filters.year_to, filters.year_from)
    for name, values in (
        ("organ", filters.organs),
        ("type", filters.types),
        ("maintenance", filters.maintenance),
        ("mode", filters.modes),
        ("fonds", filters.fonds),
    ):
        if len(values) > MAX_FILTER_VALUES or any(len(v) > MAX_FILTER_CHARS for v in values):
            raise refuse("filter_values", MAX_FILTER_VALUES, MAX_FILTER_CHARS, name)


def _check_text(text: str, limits: SearchLimits) -> None:
    # Length first: parsing an unbounded text would itself be the cost being bounded.
    if len(text) > limits.max_query_chars:
        raise refuse("query_chars", limits.max_query_chars, len(text))
    parsed = parse_query(text)
    if parsed.short_prefixes:
        raise refuse("prefix_chars", limits.min_prefix_chars, name=parsed.short_prefixes[0] + "*")
    for prefix in parsed.prefixes:
        if len(prefix) < limits.min_prefix_chars:
            raise refuse("prefix_chars", limits.min_prefix_chars, name=prefix + "*")
    if len(parsed.prefixes) > limits.max_prefixes:
        raise refuse("prefixes", limits.max_prefixes, len(parsed.prefixes))
    words = parsed.typed_words  # what was typed: abbreviations' full forms are bounded apart
    if words > limits.max_terms:
        raise refuse("terms", limits.max_terms, words)


def too_many_expansions(prefix: str, allowed: int) -> LimitExceeded:
    """The refusal of a prefix that stands for more than ``allowed`` indexed words."""
    return refuse("prefix_expansions", allowed, name=prefix + "*")
