"""The Vietnamese analyzer and the query syntax (docs/search.md, "Query syntax")."""

from __future__ import annotations

import unicodedata

import pytest

from archive.search.analyzer import (
    MAX_TERM_CHARS,
    analyze,
    fold,
    fold_marks,
    index_streams,
    pair_cover,
    pair_terms,
    spellings,
)
from archive.search.parse import parse_query


def terms(text: str, mode: str = "index") -> list[str]:
    return [t.term for t in analyze(text, mode)]  # type: ignore[arg-type]


def test_index_tokens_match_the_reference_stream() -> None:
    text = "Quyết định số 123/QĐ-UBND ngày 15/3/2024 của UBND tỉnh"
    assert [(t.term, t.position) for t in analyze(text)] == [
        ("quyet", 0),
        ("dinh", 1),
        ("so", 2),
        ("123/qd-ubnd", 3),
        ("123", 3),
        ("qd", 3),
        ("ubnd", 3),
        ("qd-ubnd", 3),
        ("ngay", 4),
        ("15/3/2024", 5),
        ("15", 5),
        ("3", 5),
        ("2024", 5),
        ("3/2024", 5),
        ("cua", 6),
        ("ubnd", 7),
        ("tinh", 8),
    ]


def test_query_mode_keeps_a_symbol_whole() -> None:
    assert terms("Quyết định số 123/QĐ-UBND ngày", "query") == [
        "quyet",
        "dinh",
        "so",
        "123/qd-ubnd",
        "ngay",
    ]


@pytest.mark.parametrize(
    "query", ["123/QĐ-UBND", "123/qd-ubnd", "123", "QĐ-UBND", "qd-ubnd", "ubnd", "UBND"]
)
def test_symbol_is_searchable_whole_and_in_parts(query: str) -> None:
    indexed = set(terms("Số: 123/QĐ-UBND"))
    assert set(terms(query, "query")) <= indexed


def test_longer_symbols_have_every_suffix() -> None:
    assert terms("45/2020/NĐ-CP") == [
        "45/2020/nd-cp",
        "45",
        "2020",
        "nd",
        "cp",
        "2020/nd-cp",
        "nd-cp",
    ]


def test_nfc_first() -> None:
    nfd = unicodedata.normalize("NFD", "quyết định")
    assert len(nfd) > len("quyết định")
    assert terms(nfd) == ["quyet", "dinh"]
    # Offsets refer to the NFC text.
    tok = analyze(nfd)[1]
    assert "quyết định"[tok.start : tok.end] == "định"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quyết Định", "quyet dinh"),
        ("QUYẾT ĐỊNH", "quyet dinh"),
        ("đất đai", "dat dai"),
        ("ĐẮK LẮK", "dak lak"),
        ("Ủy ban nhân dân tỉnh Hòa Bình", "uy ban nhan dan tinh hoa binh"),
        ("ưu ơ ư Ơ", "uu o u o"),
        ("Nguyễn Thị Hạnh", "nguyen thi hanh"),
    ],
)
def test_case_and_diacritic_folding(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert terms(text) == folded.split()


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (("sĩ", "sỹ", "Sĩ", "SỸ", "si", "sy"), "si"),
        (("kỹ", "kĩ", "ky", "ki"), "ki"),
        (("lý", "lí", "ly", "li"), "li"),
        (("mỹ", "mĩ"), "mi"),
        (("tỷ", "tỉ"), "ti"),
        (("quy", "qui", "quý", "quí", "quỹ", "quĩ", "QUY"), "qui"),
        (("hy", "hi"), "hi"),
        (("vỹ", "vĩ"), "vi"),
    ],
)
def test_i_and_y_spellings_fold_alike(variants: tuple[str, ...], folded: str) -> None:
    assert {fold(v) for v in variants} == {folded}
    assert set(spellings(folded)) == {fold_marks(v) for v in variants}


@pytest.mark.parametrize(
    "word", ["thủy", "thuỷ", "tuyến", "quyết", "quyền", "khi", "thi", "chi", "y", "ý", "yêu", "huy"]
)
def test_y_stays_after_a_vowel_alone_or_in_a_longer_syllable(word: str) -> None:
    assert fold(word) == fold_marks(word)
    assert spellings(fold(word)) == (fold(word),)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ", "thủy"),
        ("uý", "úy"),
        ("Uỷ ban", "Ủy ban"),
        ("khoẻ", "khỏe"),
        ("toà", "tòa"),
        ("hoá", "hóa"),
    ],
)
def test_old_and_new_tone_placement_fold_alike(old: str, new: str) -> None:
    assert fold(old) == fold(new) == fold_marks(new)
    assert terms(unicodedata.normalize("NFD", old)) == terms(new)


def test_spelling_keeps_lengths_and_symbols_agree() -> None:
    text = "Luật Sỹ quan, Quản lý 12/2023/TT-BKHCN, công ty my-ly"
    assert len(fold(text)) == len(text)
    assert terms("SỸ-QUAN/LÝ") == terms("sĩ-quan/lí")
    assert terms("Quy định", "query") == terms("qui dinh", "query") == ["qui", "dinh"]


def test_dd_folds_although_it_has_no_decomposition() -> None:
    assert unicodedata.decomposition("đ") == ""
    assert terms("Đ đ") == ["d", "d"]


def test_long_symbols_keep_their_parts() -> None:
    long = "-".join(["abcdefghij"] * 10)
    found = terms(long)
    assert long not in found and "abcdefghij" in found
    assert all(len(t) <= MAX_TERM_CHARS for t in found)


def test_parse_words_phrases_prefixes() -> None:
    parsed = parse_query('quyet dinh "Quyết định số 123/QĐ-UBND" ngân* a*')
    assert parsed.terms == ("quyet", "dinh", "a")
    assert parsed.phrases == (("quyet", "dinh", "so", "123/qd-ubnd"),)
    assert parsed.prefixes == ("ngan",)
    assert parsed.boosts == (("quyet", "dinh"),)
    assert parse_query("  ,;  ").empty
    assert parse_query('"đất"').terms == ("dat",)
    assert parse_query("45/2020*").prefixes == ("45/2020",)


_SAMPLES = [
    "Quyết định số 123/QĐ-UBND ngày 15/3/2024 của UBND tỉnh",
    unicodedata.normalize("NFD", "Căn cứ Nghị định 45/2020/NĐ-CP, ĐẮK LẮK; Hòa Bình…"),
    "-".join(["abcdefghij"] * 10) + " a.b.c x_y ÆØÅ straße İstanbul v1.2.3-rc",
    "Số: 07/2023/TT-BTNMT\n\nđiều 5 khoản 2 — 1.000.000 đồng; e-mail: vp@ubnd.gov.vn",
    "ab" * 50 + " " + "quyết " * 3,
]


def _pairs_of(text: str) -> list[str]:
    """Each position's first term joined to the next position's, from analyze() itself."""
    firsts: dict[int, str] = {}
    for token in analyze(text):
        firsts.setdefault(token.position, token.term)
    last = max(firsts, default=-1)
    return [
        f"{firsts[p]}_{firsts[p + 1]}" if p in firsts and p + 1 in firsts else "_"
        for p in range(last)
    ]


@pytest.mark.parametrize("text", _SAMPLES)
def test_index_streams_give_the_terms_and_pairs_of_analyze(text: str) -> None:
    """The tantivy path (cached per word, joined for a whitespace tokenizer) indexes exactly
    analyze()'s terms, and one pair per position."""
    reference = sorted(t.term for t in analyze(text))
    for _ in range(2):  # the second pass answers from the per-word cache
        streams = index_streams(text)
        assert sorted(streams.terms.split()) == reference
        assert streams.pairs.split() == _pairs_of(text)
        assert all(" " not in t and "_" not in t for t in reference)


def test_a_phrase_is_its_pairs() -> None:
    streams = index_streams("Quyết định số 123/QĐ-UBND ngày 15/3/2024")
    assert streams.pairs.split()[:4] == [
        "quyet_dinh",
        "dinh_so",
        "so_123/qd-ubnd",
        "123/qd-ubnd_ngay",
    ]
    phrase = parse_query('"quyết định số 123/QĐ-UBND"').phrases[0]
    assert pair_terms(phrase) == streams.pairs.split()[:3]


def test_a_word_without_terms_breaks_the_pairs() -> None:
    too_long = "x" * (MAX_TERM_CHARS + 1)
    assert index_streams(f"giao {too_long} đất").pairs.split() == ["_", "_"]


@pytest.mark.parametrize("n", range(2, 9))
def test_the_pair_cover_pins_every_word_with_half_the_pairs(n: int) -> None:
    words = [f"w{i}" for i in range(n)]
    cover = pair_cover(words)
    covered = {i + k for i, _ in cover for k in (0, 1)}
    assert covered == set(range(n))
    assert len(cover) == n // 2 + n % 2  # ceil(n / 2) pairs instead of n - 1
    assert all(pair == pair_terms(words)[i] for i, pair in cover)
