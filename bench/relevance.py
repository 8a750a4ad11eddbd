"""Relevance of search on Vietnamese text: recall@3 and MRR of a query set written by code.

    .venv/bin/python -m bench.relevance                     # table by kind of query
    .venv/bin/python -m bench.relevance --backend whoosh --json

The documents are the Vietnamese laws of ``tests/fixtures/vietnamese-laws`` (one document per
law: its title, its number as the symbol, its whole text) and the sample documents of the demo
(``archive.demo.samples``: subject, số và ký hiệu, body and recipients). The queries are derived
from them by code with a fixed seed, the way records officers type:

- ``no_diacritics``: five neighbouring words of a text, without diacritics;
- ``phrase``: four neighbouring words in quotes, as written;
- ``title``: a law's title without diacritics ("luat dat dai");
- ``abbreviation``: words around a full form ("Hội đồng nhân dân") with the form abbreviated
  ("hdnd"), a title abbreviated, a demo document by type, number and issuer ("qd 123 ubnd
  tinh"), and the reverse: a recipient line that says "HĐND" typed in full;
- ``variant``: words around an i/y spelling (lý/lí, kỹ/kĩ, quy/qui …) typed the other way;
- ``tone``: words around an old/new tone placement (hòa/hoà, thủy/thuỷ …) typed the other way;
- ``symbol``: a law's or a demo document's number and symbol, whole or by a part;
- ``fallback``: a title with one word mistyped (no document has every word).

The expected documents of a query are those whose text holds the words it was made from, compared
without case, diacritics or i/y spelling (a rule of this file, not the analyzer's); only words
found in at most three documents are used, so that the measures mean something. Measures, over
the top 10: **recall@3** (the share of the expected documents in the first three, out of at most
three) and **MRR** (the mean of 1 / rank of the first expected document; 0 when none is in the top
10). Results: docs/search.md ("Relevance"). The file only uses the search port (``open_backend``,
``SearchQuery``), so the same query set can be run on older code.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import statistics
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archive.demo.samples import DEMO_DOSSIERS, Attachment, SignedDocument
from archive.search.api import IndexDoc, SearchIndex, SearchQuery, SearchRequest, SearchResult
from archive.search.service import open_backend

try:  # the fallback to the closest matches (issue #18); older code answers with the index alone
    from archive.search.service import answer
except ImportError:  # pragma: no cover - only when run on code before issue #18

    def answer(index: SearchIndex, query: SearchQuery) -> SearchResult:
        return index.search(query)


LAWS = Path(__file__).resolve().parents[1] / "tests/fixtures/vietnamese-laws/corpus"
SEED = 18
TOP = 10
MAX_EXPECTED = 3
KINDS = (
    "no_diacritics",
    "phrase",
    "title",
    "abbreviation",
    "variant",
    "tone",
    "symbol",
    "fallback",
)

# How officers abbreviate (full form, as they type it). The test's own list, independent of the
# analyzer's table, so that the query set does not change with the code it measures.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("tòa án nhân dân", "TAND"),
    ("viện kiểm sát nhân dân", "VKSND"),
    ("thủ tướng chính phủ", "TTg"),
    ("chính phủ", "CP"),
    ("quyết định", "QĐ"),
    ("nghị định", "NĐ"),
    ("nghị quyết", "NQ"),
    ("thông tư", "TT"),
    ("bảo hiểm xã hội", "BHXH"),
    ("bảo hiểm y tế", "BHYT"),
    ("ngân sách nhà nước", "NSNN"),
    ("công nghệ thông tin", "CNTT"),
    ("mặt trận tổ quốc", "MTTQ"),
    ("giấy chứng nhận", "GCN"),
    ("quyền sử dụng đất", "QSDĐ"),
    ("trách nhiệm hữu hạn", "TNHH"),
    ("bộ tài chính", "BTC"),
    ("bộ tư pháp", "BTP"),
    ("bộ công an", "BCA"),
    ("bộ quốc phòng", "BQP"),
    ("cộng hòa xã hội chủ nghĩa", "CHXHCN"),
    ("phó chủ tịch", "PCT"),
    ("việt nam", "VN"),
)
TYPE_ABBREVIATIONS = {"02": "qd", "07": "tb", "10": "kh", "14": "bc", "15": "ttr", "20": "bb"}
TYPE_ABBREVIATIONS["26"] = "gm"
ISSUER_ABBREVIATIONS = {
    "Ủy ban nhân dân tỉnh Hòa Bình": "ubnd tinh",
    "Sở Tài nguyên và Môi trường tỉnh Hòa Bình": "stnmt",
}

_WORD_RE = re.compile(r"[^\W_]+(?:[/.\-][^\W_]+)*")
_I_Y_RE = re.compile(r"(qu|[hklmstv])y")
_VARIANT_RE = re.compile(r"(qu|[hklmst])[iy]")
"""The syllables written with either i or y: hy/hi, kỹ/kĩ, lý/lí, mỹ/mĩ, sĩ/sỹ, tỷ/tỉ, quy/qui
(vĩ/vỹ too, but "vi" in "vi phạm" never takes a y, so v is left out of the queries)."""
_TONES = "\u0300\u0301\u0303\u0309\u0323"


@functools.cache
def plain(text: str) -> str:
    """Lower case without diacritics (đ → d): what a keyboard without Vietnamese input gives."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")


@functools.cache
def canon(word: str) -> str:
    """``plain`` with the i/y spellings made one (lý = lí → li): the ground truth's folding."""
    folded = plain(word)
    return folded[:-1] + "i" if _I_Y_RE.fullmatch(folded) else folded


@dataclass
class Source:
    """One indexed document and its words, as written and folded for the ground truth."""

    doc: IndexDoc
    words: list[str]
    canon: str = field(init=False)
    flat: str = field(init=False)
    """The text with its whitespace made single spaces (a window must be in it as written: no
    punctuation or line break between its words)."""

    def __post_init__(self) -> None:
        self.canon = " " + " ".join(canon(w) for w in self.words) + " "
        self.flat = " ".join(self.doc.text.split())


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    expected: frozenset[str]


# ----------------------------------------------------------------------------- documents


def _law_doc(path: Path, text: str) -> IndexDoc:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    number = next((ln for ln in lines[:15] if re.match(r"^(Luật )?[Ss]ố:", ln)), "")
    symbol = re.sub(r"\s+", "", number.split(":", 1)[1]) if number else ""
    start = next(i for i, ln in enumerate(lines[:30]) if re.match(r"^(BỘ LUẬT|LUẬT|HIẾN PHÁP)", ln))
    title = lines[start + 1]
    title = re.split(r" VỀ ", title, maxsplit=1)[-1] if title.startswith(("CỦA ", "SỐ ")) else title
    title = title.split(" CỦA QUỐC HỘI", 1)[0]
    kind = lines[start].capitalize()
    found = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", text[:2000])
    issued = date(int(found[3]), int(found[2]), int(found[1])) if found else None
    return IndexDoc(
        doc_code=f"LAW.{path.stem}",
        dossier_code="LAWS",
        file_code="LAWS",
        subject=f"{kind} {title.lower()}",
        symbol=symbol,
        type_code="32",
        organ="Quốc hội",
        issued=issued,
        maintenance="01",
        mode="01",
        fonds="",
        dossier_title="Văn bản quy phạm pháp luật",
        meta="",
        text=text,
    )


def _demo_doc(code: str, item: SignedDocument | Attachment, title: str) -> IndexDoc:
    if isinstance(item, SignedDocument):
        symbol = f"{item.number}/{item.notation}"
        text = "\n".join((*item.body, *item.recipients))
    else:
        symbol = ""
        text = "\n".join(" ".join(row) for row in (item.columns, *item.rows))
    return IndexDoc(
        doc_code=code,
        dossier_code=code.rsplit(".", 1)[0],
        file_code=code.rsplit(".", 1)[0],
        subject=item.subject,
        symbol=symbol,
        type_code=item.type_code,
        organ=item.issuer.name,
        issued=item.issued,
        maintenance="01",
        mode="01",
        fonds=item.issuer.fonds_code,
        dossier_title=title,
        meta=item.keyword,
        text=text,
    )


@functools.cache
def sources() -> tuple[Source, ...]:
    """The laws (the empty one left out) and every demo document (all public here)."""
    out = []
    for path in sorted(LAWS.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        if text.strip():
            doc = _law_doc(path, text)
            out.append(Source(doc, _WORD_RE.findall(f"{doc.subject}\n{text}")))
    for dossier in DEMO_DOSSIERS:
        for n, item in enumerate(dossier.documents, start=1):
            doc = _demo_doc(dossier.doc_code(n), item, dossier.title)
            words = _WORD_RE.findall(f"{doc.subject}\n{doc.symbol}\n{doc.text}")
            out.append(Source(doc, words))
    return tuple(out)


def expected(words: Sequence[str]) -> frozenset[str]:
    """The documents holding these words side by side (ground truth folding)."""
    needle = " " + " ".join(canon(w) for w in words) + " "
    return frozenset(s.doc.doc_code for s in sources() if needle in s.canon)


# ----------------------------------------------------------------------------- queries


def _letters(word: str) -> bool:
    return word.isalpha() and len(word) > 1


def _window(
    rng: random.Random,
    size: int,
    pick: Callable[[str], bool] = lambda _w: True,
    laws_only: bool = True,
) -> list[str] | None:
    """``size`` neighbouring words (letters only) of a random document, one of them ``pick``ed,
    found in at most MAX_EXPECTED documents; None if no such window turned up."""
    pool = [s for s in sources() if not laws_only or s.doc.doc_code.startswith("LAW.")]
    for _ in range(200):
        src = rng.choice(pool)
        hits = [i for i, w in enumerate(src.words) if pick(w)]
        if not hits:
            continue
        at = rng.choice(hits)
        first = max(0, min(at - rng.randrange(size), len(src.words) - size))
        words = src.words[first : first + size]
        if (
            len(words) == size
            and all(map(_letters, words))
            and " ".join(words) in src.flat
            and len(expected(words)) <= MAX_EXPECTED
        ):
            return words
    return None


def _swap_i_y(word: str) -> str:
    """lý ↔ lí, kỹ ↔ kĩ, quy ↔ qui: the same tone on the other letter."""
    nfd = unicodedata.normalize("NFD", word)
    base = nfd.rstrip(_TONES)
    tone = nfd[len(base) :]
    other = {"i": "y", "y": "i", "I": "Y", "Y": "I"}[base[-1]]
    return unicodedata.normalize("NFC", base[:-1] + other + tone)


@functools.cache
def _is_i_y(word: str) -> bool:
    return bool(_VARIANT_RE.fullmatch(plain(word)))


_TONE_PLACE_RE = re.compile(r"(?i)^(?!qu)[^\W\d_]*(o[ae]|uy)$")


def _untoned(char: str) -> tuple[str, str]:
    """A letter without its tone mark, and the mark ("" if none)."""
    nfd = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in nfd if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES)), tone


@functools.cache
def _tone_placed(word: str) -> str | None:
    """hòa ↔ hoà, thủy ↔ thuỷ: the tone moved to the other vowel of a final oa/oe/uy (None if
    the word has no such tone to move)."""
    if len(word) < 2:
        return None
    head, (a, tone_a), (b, tone_b) = word[:-2], _untoned(word[-2]), _untoned(word[-1])
    if bool(tone_a) == bool(tone_b) or any(t in unicodedata.normalize("NFD", head) for t in _TONES):
        return None
    if not _TONE_PLACE_RE.match(head + a + b):
        return None
    tone = tone_a or tone_b
    a, b = (a, b + tone) if tone_a else (a + tone, b)
    return unicodedata.normalize("NFC", head + a + b)


def _laws() -> list[Source]:
    return [s for s in sources() if s.doc.doc_code.startswith("LAW.")]


def _demo() -> list[Source]:
    return [s for s in sources() if not s.doc.doc_code.startswith("LAW.")]


def _windows(
    rng: random.Random,
    kind: str,
    n: int,
    size: int,
    typed: Callable[[list[str]], str],
    pick: Callable[[str], bool] = lambda _w: True,
) -> list[Case]:
    out = []
    while len(out) < n:
        words = _window(rng, size, pick)
        if words is None:
            break
        out.append(Case(kind, typed(words), expected(words)))
    return out


def _title_words(src: Source) -> list[str]:
    return _WORD_RE.findall(src.doc.subject)


def _abbreviated(words: Sequence[str], uppercase: bool) -> tuple[str, bool]:
    """``words`` without diacritics, each full form of ABBREVIATIONS replaced by its
    abbreviation; whether any was."""
    text = " " + " ".join(plain(w) for w in words) + " "
    changed = False
    for full, short in ABBREVIATIONS:
        needle = f" {plain(full)} "
        if needle in text:
            changed = True
            text = text.replace(needle, f" {short if uppercase else plain(short)} ")
    return " ".join(text.split()), changed


def _abbreviation_cases(rng: random.Random) -> list[Case]:
    bau_cu = frozenset({"LAW.luat-bau-cu-dai-bieu-quoc-hoi"})
    out = [Case("abbreviation", "luat bau cu dai bieu hdnd", bau_cu)]  # issue #18, as typed
    for src in _laws():  # titles that have a full form
        typed, changed = _abbreviated(_title_words(src), uppercase=len(out) % 2 == 0)
        if changed:
            out.append(Case("abbreviation", typed, frozenset({src.doc.doc_code})))
    for n, (full, _short) in enumerate(ABBREVIATIONS):  # words around a full form
        form = [plain(w) for w in full.split()]

        def starts_form(word: str, form: list[str] = form) -> bool:
            return plain(word) == form[0]

        for _ in range(2):
            words = _window(rng, len(form) + 3, starts_form)
            if words is None or " ".join(form) not in " ".join(map(plain, words)):
                continue
            typed, _ = _abbreviated(words, uppercase=n % 2 == 0)
            out.append(Case("abbreviation", typed, expected(words)))
            break
    for src in _demo():  # a document by type, number and issuer: "qd 123 ubnd tinh"
        symbol = src.doc.symbol
        kind = TYPE_ABBREVIATIONS.get(src.doc.type_code)
        issuer = ISSUER_ABBREVIATIONS.get(src.doc.organ)
        if symbol and kind and issuer:
            number = symbol.split("/")[0]
            same = {s.doc.doc_code for s in _demo() if s.doc.symbol == symbol}
            out.append(Case("abbreviation", f"{kind} {number} {issuer}", frozenset(same)))
    seen = set()
    for src in _demo():  # the reverse: a line that abbreviates, typed in full
        for line in src.doc.text.splitlines():
            words = _WORD_RE.findall(line)
            spelled = [f for w in words for f in _spelled_out(w)]
            if spelled != words and line not in seen and len(expected(words)) <= MAX_EXPECTED:
                seen.add(line)
                out.append(Case("abbreviation", " ".join(map(plain, spelled)), expected(words)))
    return out


def _spelled_out(word: str) -> list[str]:
    for full, short in ABBREVIATIONS:
        if word == short:
            return full.split()
    return [word]


def _symbol_cases(rng: random.Random) -> list[Case]:
    with_symbol = [s for s in sources() if "/" in s.doc.symbol]
    out = []
    for n, src in enumerate(rng.sample(with_symbol, 20)):
        symbol = src.doc.symbol
        same = frozenset(
            s.doc.doc_code for s in with_symbol if plain(s.doc.symbol) == plain(symbol)
        )
        out.append(Case("symbol", symbol if n % 2 else plain(symbol), same))
    for part in ("QĐ-UBND", "bc-stnmt", "ttr-stnmt"):
        same = frozenset(s.doc.doc_code for s in with_symbol if plain(part) in plain(s.doc.symbol))
        out.append(Case("symbol", part, same))
    return out


def _fallback_cases(rng: random.Random) -> list[Case]:
    """A title with one word mistyped (two letters swapped, a word no document has)."""
    vocabulary = {canon(w) for s in sources() for w in s.words}
    out = []
    for src in rng.sample(_laws(), len(_laws())):
        words = [plain(w) for w in _title_words(src)]
        if len(words) < 3:
            continue
        at = rng.randrange(1, len(words))
        word = words[at]
        typo = word[1] + word[0] + word[2:] if len(word) > 2 else ""
        if typo and typo not in vocabulary:
            words[at] = typo
            out.append(Case("fallback", " ".join(words), frozenset({src.doc.doc_code})))
        if len(out) == 10:
            break
    return out


def cases(seed: int = SEED) -> list[Case]:
    """The whole query set (the same on every run: seeded)."""
    rng = random.Random(seed)
    out = _windows(rng, "no_diacritics", 20, 5, lambda ws: " ".join(map(plain, ws)))
    out += _windows(rng, "phrase", 20, 4, lambda ws: '"' + " ".join(ws) + '"')
    out += [
        Case("title", " ".join(map(plain, _title_words(s))), frozenset({s.doc.doc_code}))
        for s in rng.sample(_laws(), 20)
    ]
    out += _abbreviation_cases(rng)

    def swap_variant(words: list[str]) -> str:
        typed = [_swap_i_y(w) if _is_i_y(w) else w for w in words]
        return " ".join(typed) if rng.random() < 0.5 else " ".join(map(plain, typed))

    out += _windows(rng, "variant", 30, 4, swap_variant, _is_i_y)
    out += _windows(
        rng,
        "tone",
        20,
        4,
        lambda ws: " ".join(_tone_placed(w) or w for w in ws),
        lambda w: _tone_placed(w) is not None,
    )
    out += _symbol_cases(rng)
    out += _fallback_cases(rng)
    return [c for c in out if c.expected]


# ----------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Outcome:
    case: Case
    ranked: tuple[str, ...]
    fallback: bool

    @property
    def recall_at_3(self) -> float:
        found = len(self.case.expected & set(self.ranked[:3]))
        return found / min(len(self.case.expected), 3)

    @property
    def reciprocal_rank(self) -> float:
        return next((1 / n for n, c in enumerate(self.ranked, 1) if c in self.case.expected), 0.0)


def build(backend: str, directory: Path) -> SearchIndex:
    """An index of every document of :func:`sources`."""
    index = open_backend(backend, directory, threads=2)
    with index.writing() as writer:
        writer.upsert([s.doc for s in sources()])
    return index


def evaluate(index: SearchIndex, queries: Iterable[Case]) -> list[Outcome]:
    """Each query's top 10 (as the result page asks: relevance, every mode allowed)."""
    modes = frozenset({"01", "02", "03"})
    out = []
    for case in queries:
        result = answer(index, SearchQuery(SearchRequest(case.text, limit=TOP, facets=()), modes))
        ranked = tuple(h.doc_code for h in result.hits)
        out.append(Outcome(case, ranked, bool(getattr(result, "fallback", False))))
    return out


def summary(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """recall@3 and MRR by kind of query, and over all of them."""
    groups: dict[str, list[Outcome]] = {kind: [] for kind in (*KINDS, "all")}
    for outcome in outcomes:
        groups[outcome.case.kind].append(outcome)
        groups["all"].append(outcome)
    return {
        kind: {
            "queries": len(found),
            "recall_at_3": round(statistics.fmean(o.recall_at_3 for o in found), 3),
            "mrr": round(statistics.fmean(o.reciprocal_rank for o in found), 3),
        }
        for kind, found in groups.items()
        if found
    }


def run(
    backend: str = "tantivy", seed: int = SEED, queries: int | None = None
) -> tuple[dict[str, dict[str, float]], list[Outcome]]:
    """Build the index in a temporary directory, run the queries (the first ``queries`` of
    each kind, or all), and measure."""
    every = cases(seed)
    chosen = [c for kind in KINDS for c in [c for c in every if c.kind == kind][:queries]]
    with tempfile.TemporaryDirectory() as tmp:
        index = build(backend, Path(tmp) / backend)
        try:
            outcomes = evaluate(index, chosen)
        finally:
            index.close()
    return summary(outcomes), outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("tantivy", "whoosh"), default="tantivy")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the queries missed at 3")
    parser.add_argument(
        "--seed", type=int, default=SEED, help="another query set (the recorded one: 18)"
    )
    parser.add_argument("--queries", type=int, help="only the first N queries of each kind")
    args = parser.parse_args()
    figures, outcomes = run(args.backend, args.seed, args.queries)
    if args.json:
        print(json.dumps({"backend": args.backend, "figures": figures}, ensure_ascii=False))
    else:
        print(f"{'kind':<14} {'queries':>7} {'recall@3':>9} {'MRR':>6}")
        for kind, row in figures.items():
            print(f"{kind:<14} {row['queries']:>7} {row['recall_at_3']:>9.3f} {row['mrr']:>6.3f}")
    if args.misses:
        for o in outcomes:
            if o.recall_at_3 < 1:
                print(
                    f"{o.case.kind:<13} {o.case.text!r} expected {sorted(o.case.expected)} "
                    f"got {list(o.ranked[:3])}{' (fallback)' if o.fallback else ''}",
                    file=sys.stderr,
                )


if __name__ == "__main__":
    main()
