"""Abbreviations of Vietnamese administrative language, and what a query does with them.

Records officers type the way they write: ``qd 123 ubnd tinh`` for "Quyết định số 123 … Ủy ban
nhân dân tỉnh", and the other way round. The table maps an abbreviation to its full forms
(``UBND`` → "ủy ban nhân dân"); :mod:`archive.search.parse` uses it when it reads a query, never
when a document is indexed, so changing the table needs no reindex. For each word of a query:

- **an abbreviation also finds its full forms** as phrases: ``ubnd`` is ``ubnd`` *or* "ủy ban
  nhân dân" (the pair terms of ADR 0010: a two-word form is one term, a longer one a short
  phrase of pairs);
- **a full form also finds its abbreviation**: ``uy ban nhan dan`` is those four words (as
  before) *or* ``ubnd`` — only for an abbreviation with one meaning that cannot be read as a
  Vietnamese word (``CT`` is chỉ thị and chủ tịch, so "chủ tịch" never turns into ``ct``);
- inside quotes, the phrase is also tried with each form swapped (``"ubnd tỉnh"`` finds "Ủy ban
  nhân dân tỉnh");
- a symbol (``123/QĐ-UBND``, ``QĐ-UBND``) is never expanded: it stays one exact term, and its
  parts are indexed as before.

The cost is bounded by construction (docs/search.md, "Limits"): at most
:data:`MAX_EXPANSIONS` abbreviations or full forms of one query are expanded (the rest are
searched as typed), a table entry has at most :data:`MAX_MEANINGS` full forms of at most
:data:`MAX_FORM_WORDS` words, and a quoted phrase is tried in at most :data:`MAX_PHRASE_VARIANTS`
spellings. The built-in table is :data:`BUILTIN_ABBREVIATIONS`; the setting
``search_abbreviations`` adds entries or removes them (docs/configuration.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Final

from archive.errors import ConfigurationError
from archive.search.analyzer import analyze

__all__ = [
    "BUILTIN_ABBREVIATIONS",
    "MAX_EXPANSIONS",
    "MAX_FORM_WORDS",
    "MAX_MEANINGS",
    "MAX_PHRASE_VARIANTS",
    "Abbreviations",
    "builtin_abbreviations",
    "reads_as_word",
]

MAX_EXPANSIONS: Final = 8
"""Most abbreviations and full forms of one query that are expanded."""
MAX_MEANINGS: Final = 3
"""Most full forms of one abbreviation."""
MAX_FORM_WORDS: Final = 8
"""Most words of one full form."""
MAX_PHRASE_VARIANTS: Final = 4
"""Most spellings of one quoted phrase tried (the phrase as typed first)."""

BUILTIN_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    # Types of documents: NĐ 30/2020/NĐ-CP, Phụ lục III (docs/domain.md); CV and TTLT in use.
    # Left out: ĐA (đề án), DA (dự án), SY (bản sao y): they read as words (đã, da, sỹ).
    "NQ": ("nghị quyết",),
    "QĐ": ("quyết định",),
    "CT": ("chỉ thị", "chủ tịch"),
    "QC": ("quy chế",),
    "QyĐ": ("quy định",),
    "TB": ("thông báo",),
    "HD": ("hướng dẫn",),
    "HĐ": ("hợp đồng", "hội đồng"),
    "CTr": ("chương trình",),
    "KH": ("kế hoạch",),
    "PA": ("phương án",),
    "BC": ("báo cáo",),
    "BB": ("biên bản",),
    "TTr": ("tờ trình",),
    "CĐ": ("công điện",),
    "BGN": ("bản ghi nhớ",),
    "BTT": ("bản thỏa thuận",),
    "GUQ": ("giấy ủy quyền",),
    "GM": ("giấy mời",),
    "GGT": ("giấy giới thiệu",),
    "GNP": ("giấy nghỉ phép",),
    "PG": ("phiếu gửi",),
    "PC": ("phiếu chuyển",),
    "PB": ("phiếu báo",),
    "SL": ("bản sao lục", "số lượng"),
    "TrS": ("bản trích sao",),
    "CV": ("công văn",),
    "NĐ": ("nghị định",),
    "TT": ("thông tư",),
    "TTLT": ("thông tư liên tịch",),
    # State bodies.
    "QH": ("quốc hội",),
    "UBTVQH": ("ủy ban thường vụ quốc hội",),
    "CP": ("chính phủ",),
    "TTg": ("thủ tướng chính phủ",),
    "VPCP": ("văn phòng chính phủ",),
    "TW": ("trung ương",),
    "UBND": ("ủy ban nhân dân",),
    "HĐND": ("hội đồng nhân dân",),
    "TAND": ("tòa án nhân dân",),
    "VKSND": ("viện kiểm sát nhân dân",),
    "MTTQ": ("mặt trận tổ quốc",),
    "UBMTTQ": ("ủy ban mặt trận tổ quốc",),
    "VP": ("văn phòng",),
    "TTCP": ("thanh tra chính phủ",),
    "KTNN": ("kiểm toán nhà nước",),
    "NHNN": ("ngân hàng nhà nước",),
    "QĐND": ("quân đội nhân dân",),
    "CAND": ("công an nhân dân",),
    # Ministries (Bộ) and provincial departments (Sở).
    "BNV": ("bộ nội vụ",),
    "BTC": ("bộ tài chính",),
    "BTP": ("bộ tư pháp",),
    "BCA": ("bộ công an",),
    "BQP": ("bộ quốc phòng",),
    "BNG": ("bộ ngoại giao",),
    "BYT": ("bộ y tế",),
    "BCT": ("bộ công thương",),
    "BXD": ("bộ xây dựng",),
    "BGDĐT": ("bộ giáo dục và đào tạo",),
    "BTNMT": ("bộ tài nguyên và môi trường",),
    "BKHĐT": ("bộ kế hoạch và đầu tư",),
    "BKHCN": ("bộ khoa học và công nghệ",),
    "BTTTT": ("bộ thông tin và truyền thông",),
    "BGTVT": ("bộ giao thông vận tải",),
    "BLĐTBXH": ("bộ lao động thương binh và xã hội",),
    "BNNPTNT": ("bộ nông nghiệp và phát triển nông thôn",),
    "BVHTTDL": ("bộ văn hóa thể thao và du lịch",),
    "SNV": ("sở nội vụ",),
    "STC": ("sở tài chính",),
    "STP": ("sở tư pháp",),
    "SXD": ("sở xây dựng",),
    "SCT": ("sở công thương",),
    "SGDĐT": ("sở giáo dục và đào tạo",),
    "STNMT": ("sở tài nguyên và môi trường",),
    "SKHĐT": ("sở kế hoạch và đầu tư",),
    "SNNPTNT": ("sở nông nghiệp và phát triển nông thôn",),
    "SLĐTBXH": ("sở lao động thương binh và xã hội",),
    # Offices and places.
    "PCT": ("phó chủ tịch",),
    "GĐ": ("giám đốc",),
    "GD": ("giáo dục",),
    "PGĐ": ("phó giám đốc",),
    "TP": ("thành phố",),
    "TX": ("thị xã",),
    "VN": ("việt nam",),
    "CHXHCN": ("cộng hòa xã hội chủ nghĩa",),
    "XHCN": ("xã hội chủ nghĩa",),
    # Subjects of administrative work.
    "BHXH": ("bảo hiểm xã hội",),
    "BHYT": ("bảo hiểm y tế",),
    "BHTN": ("bảo hiểm thất nghiệp",),
    "NSNN": ("ngân sách nhà nước",),
    "CNTT": ("công nghệ thông tin",),
    "CCHC": ("cải cách hành chính",),
    "TTHC": ("thủ tục hành chính",),
    "KTXH": ("kinh tế xã hội",),
    "ANTT": ("an ninh trật tự",),
    "ATGT": ("an toàn giao thông",),
    "PCCC": ("phòng cháy chữa cháy",),
    "GCN": ("giấy chứng nhận",),
    "QSDĐ": ("quyền sử dụng đất",),
    "GCNQSDĐ": ("giấy chứng nhận quyền sử dụng đất",),
    "GPMB": ("giải phóng mặt bằng",),
    "ĐTM": ("đánh giá tác động môi trường",),
    "TNHH": ("trách nhiệm hữu hạn",),
    "CBCC": ("cán bộ công chức",),
    "CBCCVC": ("cán bộ công chức viên chức",),
    "THPT": ("trung học phổ thông",),
    "THCS": ("trung học cơ sở",),
}
"""Abbreviation as written → its full forms. Keys that fold alike (``HD``, ``HĐ`` → ``hd``)
share their forms."""

# A folded Vietnamese syllable: onset, one to three vowels (a lone y ends the syllable), final
# consonant. A key of this shape (da, pa) can be a word, so a full form never turns into it.
_SYLLABLE_RE: Final = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"([aeiouy]{2,3}(ch|nh|ng|[cmnpt])?|[aeiou](ch|nh|ng|[cmnpt])?|y)"
)


def reads_as_word(key: str) -> bool:
    """Whether a folded abbreviation could be a Vietnamese word (``da``: đã, đá, da)."""
    return bool(_SYLLABLE_RE.fullmatch(key))


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.term for t in analyze(text, "query"))


def _key(written: str) -> str:
    words = _words(written)
    if len(words) != 1 or not words[0].isalnum():
        raise ConfigurationError(
            f"search_abbreviations: “{written}” phải là một từ, không dấu cách, '/', '-' hay '.' "
            f"/ “{written}” must be one word, without spaces, '/', '-' or '.'"
        )
    return words[0]


def _forms(written: str, forms: Sequence[str]) -> list[tuple[str, ...]]:
    out = [_words(form) for form in forms]
    if len(out) > MAX_MEANINGS or any(not 1 <= len(w) <= MAX_FORM_WORDS for w in out):
        raise ConfigurationError(
            f"search_abbreviations: “{written}” cần 1 đến {MAX_MEANINGS} dạng đầy đủ, mỗi dạng "
            f"1 đến {MAX_FORM_WORDS} từ / “{written}” needs 1 to {MAX_MEANINGS} full forms of "
            f"1 to {MAX_FORM_WORDS} words each"
        )
    return out


class Abbreviations:
    """A table of abbreviations, folded as the analyzer folds (``QĐ`` → ``qd``, "Ủy ban nhân
    dân" → ``uy ban nhan dan``), ready for the query parser."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        forward: dict[str, list[tuple[str, ...]]] = {}
        for written, forms in table.items():
            known = forward.setdefault(_key(written), [])
            known += [f for f in _forms(written, forms) if f not in known]
        self.forward: dict[str, tuple[tuple[str, ...], ...]] = {
            key: tuple(forms[:MAX_MEANINGS]) for key, forms in forward.items() if forms
        }
        """Abbreviation → its full forms (word tuples)."""
        owners: dict[tuple[str, ...], list[str]] = {}
        for key, meanings in self.forward.items():
            if len(meanings) == 1 and len(meanings[0]) > 1 and not reads_as_word(key):
                owners.setdefault(meanings[0], []).append(key)
        self.reverse: dict[tuple[str, ...], str] = {
            form: keys[0] for form, keys in owners.items() if len(keys) == 1
        }
        """Full form → its abbreviation, where that abbreviation means only this form."""
        self.longest = max((len(form) for form in self.reverse), default=0)
        """Most words of a full form in :attr:`reverse`."""

    @classmethod
    def with_changes(cls, changes: Mapping[str, Sequence[str]]) -> Abbreviations:
        """The built-in table with ``changes`` (the ``search_abbreviations`` setting): an
        entry adds an abbreviation or replaces the built-in forms of one; an empty list of
        forms removes it. Keys compare as the analyzer folds them (``QĐ`` = ``qd``)."""
        if not changes:
            return builtin_abbreviations()
        table: dict[str, Sequence[str]] = {}
        changed = {_key(written): forms for written, forms in changes.items()}
        for written, forms in BUILTIN_ABBREVIATIONS.items():
            if _key(written) not in changed:
                table[written] = forms
        table.update({written: forms for written, forms in changes.items() if forms})
        return cls(table)


@functools.cache
def builtin_abbreviations() -> Abbreviations:
    """The built-in table (read once)."""
    return Abbreviations(BUILTIN_ABBREVIATIONS)
