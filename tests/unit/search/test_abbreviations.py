"""Abbreviations and full forms in queries (archive/search/abbreviations.py, parse.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.errors import ConfigurationError
from archive.search.abbreviations import (
    BUILTIN_ABBREVIATIONS,
    MAX_EXPANSIONS,
    MAX_PHRASE_VARIANTS,
    Abbreviations,
    builtin_abbreviations,
    reads_as_word,
)
from archive.search.analyzer import fold
from archive.search.parse import MAX_SYMBOL_GUESSES, parse_query

DOC = Path(__file__).resolve().parents[3] / "docs" / "search.md"
TABLE = builtin_abbreviations()


def test_an_abbreviation_also_looks_for_its_full_form() -> None:
    parsed = parse_query("qd 123 UBND tỉnh", TABLE)
    assert parsed.terms == ("123", "tinh")
    assert parsed.groups == (
        (("qd",), ("quyet", "dinh")),
        (("ubnd",), ("uy", "ban", "nhan", "dan")),
    )
    # Neighbours of the full form rank first too ("… nhân dân tỉnh").
    assert {("dinh", "123"), ("dan", "tinh"), ("ubnd", "tinh")} <= set(parsed.boosts)


def test_symbols_said_in_parts_are_guessed() -> None:
    """Officers say a symbol as type, number, organ: the document that *is* 123/QĐ-UBND ranks
    above those that cite it (an optional boost, never a requirement)."""
    assert parse_query("qd 123 ubnd tinh", TABLE).symbols == ("123/qd-ubnd", "123/ubnd-tinh")
    assert parse_query("quyết định 123 ủy ban nhân dân", TABLE).symbols == ("123/qd-ubnd",)
    assert parse_query("123 ubnd", TABLE).symbols == ()
    assert len(parse_query("1 2 a b c d e f", TABLE).symbols) == MAX_SYMBOL_GUESSES
    assert parse_query("qd 123 ubnd").symbols == ()  # without a table, as typed


def test_a_full_form_also_looks_for_its_abbreviation() -> None:
    parsed = parse_query("quyết định 123 ủy ban nhân dân tỉnh", TABLE)
    assert parsed.terms == ("123", "tinh")
    # Each word, or the abbreviation: (quyet ∨ qd) ∧ (dinh ∨ qd) = (quyet ∧ dinh) ∨ qd.
    assert parsed.groups == (
        (("quyet",), ("qd",)),
        (("dinh",), ("qd",)),
        (("uy",), ("ubnd",)),
        (("ban",), ("ubnd",)),
        (("nhan",), ("ubnd",)),
        (("dan",), ("ubnd",)),
    )
    # The longest form wins: Thủ tướng Chính phủ is TTg, not "thủ tướng" + CP.
    longest = parse_query("thu tuong chinh phu", TABLE).groups
    assert {group[1] for group in longest} == {("ttg",)} and len(longest) == 4


def test_an_abbreviation_of_several_meanings_is_never_the_target() -> None:
    """CT is chỉ thị and chủ tịch: "chủ tịch" must not find every Chỉ thị (…/CT-UBND)."""
    assert TABLE.forward["ct"] == (("chi", "thi"), ("chu", "tich"))
    assert parse_query("chu tich", TABLE).groups == ()
    assert parse_query("chi thi", TABLE).groups == ()
    assert len(parse_query("ct", TABLE).groups[0]) == 3


def test_symbols_are_never_expanded() -> None:
    for text in ("123/QĐ-UBND", "QĐ-UBND", "45/2020/NĐ-CP", "qd-ubnd"):
        parsed = parse_query(text, TABLE)
        assert parsed.groups == () and parsed.terms == (fold(text),), text


def test_a_quoted_phrase_is_tried_in_both_forms() -> None:
    parsed = parse_query('"UBND tỉnh Hòa Bình"', TABLE)
    assert parsed.phrases == ()
    assert parsed.groups == (
        (("ubnd", "tinh", "hoa", "binh"), ("uy", "ban", "nhan", "dan", "tinh", "hoa", "binh")),
    )
    reverse = parse_query('"ủy ban nhân dân tỉnh"', TABLE).groups[0]
    assert reverse == (("uy", "ban", "nhan", "dan", "tinh"), ("ubnd", "tinh"))
    many = parse_query('"qd ubnd hdnd tt nd"', TABLE).groups[0]
    assert len(many) == MAX_PHRASE_VARIANTS and many[0] == ("qd", "ubnd", "hdnd", "tt", "nd")
    assert parse_query('"giao đất"', TABLE).phrases == (("giao", "dat"),)


def test_expansions_are_bounded() -> None:
    words = " ".join(["ubnd", "hdnd", "qd", "nd", "tt", "cv", "bnv", "btc", "tand", "vksnd"])
    parsed = parse_query(words, TABLE)
    assert len(parsed.groups) == MAX_EXPANSIONS
    assert parsed.terms == ("tand", "vksnd")  # searched as typed
    # Expansions add no typed words: the ``terms`` bound counts what was typed.
    assert parsed.typed_words == 10 == parse_query(words).typed_words


def test_prefixes_keep_their_spelling() -> None:
    """quy* is a prefix of quyết; the word quy itself is indexed as qui (i/y folded)."""
    parsed = parse_query("quy* sỹ*", TABLE)
    assert parsed.prefixes == ("quy", "sy")
    assert parsed.prefix_words("quy") == ("qui",) and parsed.prefix_words("quye") == ()
    assert {"qui", "si"} <= parsed.words


def test_the_fallback_relaxes_every_part() -> None:
    parsed = parse_query('luat "bảo hiểm xã hội" ubnd ngan*', TABLE)
    loose = parsed.relaxed()
    assert loose.any and not parsed.any
    assert loose.terms == ("luat", "bao", "hiem", "xa", "hoi")  # the phrase's words, loose
    assert loose.phrases == parsed.phrases and loose.groups == parsed.groups
    assert parsed.relaxable
    assert not parse_query("ubnd", TABLE).relaxable  # one word: nothing to relax
    assert not parse_query("dat", TABLE).relaxable
    assert parse_query('"giao dat"', TABLE).relaxable


def test_reads_as_word() -> None:
    assert all(reads_as_word(w) for w in ("da", "pa", "quyen", "nghieng", "khuya", "thuy", "y"))
    assert not any(reads_as_word(w) for w in ("ubnd", "tand", "hdnd", "qd", "ttg", "byt", "vn"))
    assert "pa" in TABLE.forward and ("phuong", "an") not in TABLE.reverse


def test_keys_that_fold_alike_share_their_forms() -> None:
    assert TABLE.forward["hd"] == (("huong", "dan"), ("hop", "dong"), ("hoi", "dong"))


def test_changes_add_replace_and_remove() -> None:
    changed = Abbreviations.with_changes(
        {"STNMT": ["Sở Tài nguyên và Môi trường tỉnh"], "ubnd": [], "HN": ["Hà Nội"]}
    )
    assert changed.forward["stnmt"] == (("so", "tai", "nguyen", "va", "moi", "truong", "tinh"),)
    assert "ubnd" not in changed.forward and ("uy", "ban", "nhan", "dan") not in changed.reverse
    assert changed.reverse[("ha", "noi")] == "hn"
    assert changed.forward["hdnd"] == TABLE.forward["hdnd"]
    assert Abbreviations.with_changes({}) is builtin_abbreviations()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"QĐ-UBND": ["quyết định"]}, "must be one word"),
        ({"A B": ["x"]}, "must be one word"),
        ({"XY": ["một", "hai", "ba", "bốn"]}, "1 to 3 full forms"),
        ({"XY": ["một hai ba bốn năm sáu bảy tám chín"]}, "1 to 8 words"),
        ({"XY": [""]}, "1 to 8 words"),
    ],
)
def test_a_bad_entry_is_refused_with_its_reason(
    changes: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Abbreviations.with_changes(changes)


def test_the_built_in_table_is_documented() -> None:
    """docs/search.md lists every built-in abbreviation with its full forms."""
    text = DOC.read_text(encoding="utf-8").split("\n## The built-in abbreviations\n", 1)[1]
    text = text.split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([^`]+)` \| ([^|]+) \|$", text, flags=re.MULTILINE))
    assert set(rows) == set(BUILTIN_ABBREVIATIONS)
    for key, forms in BUILTIN_ABBREVIATIONS.items():
        assert [f.strip() for f in rows[key].split(";")] == list(forms), key
