"""Search backends on synthetic Vietnamese documents: indexing rate and query latency.

    .venv/bin/python -m bench.search --backend tantivy --docs 10000 100000 1000000
    .venv/bin/python -m bench.search --backend whoosh --docs 10000
    .venv/bin/python -m bench.search --backend tantivy --corpus laws --docs 100000

Documents are generated deterministically (seeded) from administrative vocabulary
(``--corpus synthetic``, the default: words drawn independently, so word pairs are rare) or as
windows of the Vietnamese laws in ``tests/fixtures/vietnamese-laws`` (``--corpus laws``: real
word pairs, the common ones in most documents, and realistic phrase queries), with symbols like
``123/QĐ-UBND``, several agencies, types and years, in batches (memory stays flat at any
size), and go through the archive's own code path (analyzer, backend, facets,
highlighting of the returned page). Query kinds: term, phrase, prefix, filtered (phrase +
organ + year range) — top 10 with the exact total, no facets — and faceted (words + all six
facets, as the result page asks). p50/p95 over the query set, warm (second of two passes).
Results: docs/performance.md (Search) and docs/decisions/0005-search-engine.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from archive.search.api import (
    FACET_FIELDS,
    Filters,
    IndexDoc,
    SearchIndex,
    SearchQuery,
    SearchRequest,
    SearchResult,
)
from archive.search.service import open_backend

try:  # abbreviations and the fallback to the closest matches (issue #18)
    from archive.search.service import answer
except ImportError:  # pragma: no cover - only when measuring code before issue #18

    def answer(index: SearchIndex, query: SearchQuery) -> SearchResult:
        return index.search(query)


WORDS = [
    "quyết",
    "định",
    "giao",
    "đất",
    "thu",
    "hồi",
    "bồi",
    "thường",
    "hỗ",
    "trợ",
    "tái",
    "định",
    "cư",
    "ngân",
    "sách",
    "nhà",
    "nước",
    "dự",
    "toán",
    "quyết",
    "toán",
    "kế",
    "hoạch",
    "báo",
    "cáo",
    "tổng",
    "hợp",
    "thực",
    "hiện",
    "nhiệm",
    "vụ",
    "công",
    "tác",
    "cải",
    "cách",
    "hành",
    "chính",
    "chuyển",
    "đổi",
    "số",
    "cơ",
    "sở",
    "dữ",
    "liệu",
    "đất",
    "đai",
    "môi",
    "trường",
    "tài",
    "nguyên",
    "khoáng",
    "sản",
    "đầu",
    "tư",
    "công",
    "giải",
    "ngân",
    "vốn",
    "dự",
    "án",
    "khu",
    "dân",
    "cư",
    "đô",
    "thị",
    "nông",
    "thôn",
    "mới",
    "giáo",
    "dục",
    "đào",
    "tạo",
    "y",
    "tế",
    "bảo",
    "hiểm",
    "xã",
    "hội",
    "lao",
    "động",
    "việc",
    "làm",
    "an",
    "ninh",
    "trật",
    "tự",
    "phòng",
    "cháy",
    "chữa",
    "cháy",
    "giao",
    "thông",
    "vận",
    "tải",
    "xây",
    "dựng",
    "quy",
    "hoạch",
    "cấp",
    "giấy",
    "chứng",
    "nhận",
    "quyền",
    "sử",
    "dụng",
    "đất",
    "thanh",
    "tra",
    "kiểm",
    "tra",
    "xử",
    "lý",
    "vi",
    "phạm",
    "hành",
    "chính",
    "ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "sở",
    "ban",
    "ngành",
    "căn",
    "cứ",
    "luật",
    "nghị",
    "định",
    "thông",
    "tư",
    "hướng",
    "dẫn",
    "điều",
    "khoản",
]
ORGANS = [f"Ủy ban nhân dân huyện {n}" for n in ("Đà Bắc", "Lương Sơn", "Mai Châu", "Tân Lạc")]
ORGANS += ["Ủy ban nhân dân tỉnh Hòa Bình", "Sở Tài nguyên và Môi trường tỉnh Hòa Bình"]
NOTATIONS = ("QĐ-UBND", "TB-UBND", "BC-STNMT", "KH-UBND", "CV-UBND", "TTr-STNMT")
TYPES = ("02", "07", "14", "10", "22", "15")


LAWS = Path(__file__).resolve().parents[1] / "tests/fixtures/vietnamese-laws/corpus"
"""The Vietnamese laws kept with the tests (``--corpus laws``; provenance in that folder)."""


@functools.cache
def law_words() -> list[str]:
    """Every word of the laws in ``LAWS``, in order (NFC): real Vietnamese word pairs."""
    files = sorted(LAWS.glob("*.txt"))
    if not files:  # they are in the repository: a checkout without them is broken
        raise FileNotFoundError(f"the law texts are missing from {LAWS}")
    out: list[str] = []
    for path in files:
        out += unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split()
    return out


def _body(rng: random.Random, words: int, corpus: str) -> str:
    if corpus == "synthetic":
        return " ".join(rng.choices(WORDS, k=words))
    text = law_words()  # a window of consecutive words at a random place
    first = rng.randrange(len(text) - words)
    return " ".join(text[first : first + words])


def make_docs(
    count: int, words: int, seed: int = 7, start: int = 0, corpus: str = "synthetic"
) -> Iterator[IndexDoc]:
    """``count`` documents, numbered from ``start``; the same seed gives the same documents.
    ``corpus``: ``synthetic`` (words drawn at random from administrative vocabulary) or ``laws``
    (windows of real law text, whose common word pairs are as common as in real documents)."""
    rng = random.Random(seed)
    for i in range(start, start + count):
        kind = rng.randrange(len(TYPES))
        body = _body(rng, words, corpus)
        symbol = f"{rng.randint(1, 999)}/{NOTATIONS[kind]}"
        yield IndexDoc(
            doc_code=f"000.00.00.H49.2023.01.VP.{i:07d}",
            dossier_code=f"D{i // 5}",
            file_code=f"F{i // 5}",
            subject=_body(rng, 12, corpus),
            symbol=symbol,
            type_code=TYPES[kind],
            organ=rng.choice(ORGANS),
            issued=date(rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28)),
            maintenance=rng.choice(("01", "05", "06")),
            mode=rng.choice(("01", "01", "01", "02")),
            fonds="H49.01",
            dossier_title="Hồ sơ",
            meta="",
            text=f"Số: {symbol} {body}",
        )


QUERIES = {
    "term": ["thue", "ngân", "quyet", "đất", "dự", "khoáng", "tái"],
    "phrase": ['"ngân sách nhà nước"', '"quyet dinh"', '"giao đất"', '"cải cách hành chính"'],
    "prefix": ["ngan*", "quy*", "thanh*", "khoa*"],
    "filtered": ['"ngân sách nhà nước"', '"giao đất"', "quyet dinh", "bao cao"],
    "faceted": ["quyet dinh giao dat", "ngan sach nha nuoc", "bao cao tong hop", "dat dai"],
    "symbol": ["123/QĐ-UBND", "45/BC-STNMT", "QĐ-UBND"],
    "abbreviation": [
        "ubnd tinh",
        "qd giao dat",
        "nsnn",
        "qd 123 ubnd tinh",
        "uy ban nhan dan tinh",
    ],
    "fallback": [
        "quyet dinh giao dat xyzzy",
        "ngan sach nha nuoc qwerty",
        "bao cao tong hop ubnd tinh zzqx",
    ],
}
LAW_QUERIES = {
    "term": ["thue", "đất", "quyen", "toa", "nguoi", "khoáng", "tài"],
    "phrase": [
        '"quyết định"',
        '"ủy ban nhân dân"',
        '"theo quy định của pháp luật"',
        '"cơ quan nhà nước có thẩm quyền"',
    ],
    "prefix": ["ngan*", "quy*", "thanh*", "khoa*"],
    "filtered": ['"quyết định"', '"ủy ban nhân dân"', "quyen nghia vu", "xu phat"],
    "faceted": ["quyen va nghia vu", "co quan nha nuoc", "xu phat vi pham hanh chinh", "dat dai"],
    "symbol": ["123/QĐ-UBND", "45/BC-STNMT", "QĐ-UBND"],
    "abbreviation": ["ubnd", "hdnd tinh", "qd ubnd", "to chuc tand", "uy ban nhan dan tinh"],
    "fallback": [
        "quyen va nghia vu xyzzy",
        "co quan nha nuoc co tham quyen qwerty",
        "xu phat vi pham hanh chinh zzqx",
    ],
}
"""Realistic queries for ``--corpus laws``: the phrases are among the commonest in the laws.
``abbreviation``: words the table expands (issue #18: ``ubnd`` is also "ủy ban nhân dân", in 24 %
of these documents); ``fallback``: common words and one no document has, answered by the closest
matches (any of the words) after an empty first answer."""
QUERY_SETS = {"synthetic": QUERIES, "laws": LAW_QUERIES}
BATCH = 10_000


def build(
    backend: str,
    directory: Path,
    count: int,
    words: int,
    commit_every: int = 0,
    corpus: str = "synthetic",
) -> dict[str, float]:
    """Index ``count`` documents; seconds and docs/s. One writer (one commit) unless
    ``commit_every``: then a commit per that many documents, with progress on stderr, so an
    interrupted long build leaves a usable index of the documents committed so far."""
    index = open_backend(backend, directory, threads=2)
    started = time.perf_counter()
    generating = 0.0
    chunk = commit_every or count
    try:
        for first in range(0, count, chunk):
            with index.writing() as writer:
                for start in range(first, min(count, first + chunk), BATCH):
                    n = min(BATCH, count - start, first + chunk - start)
                    t = time.perf_counter()
                    docs = list(make_docs(n, words, start + 7, start, corpus))
                    generating += time.perf_counter() - t
                    writer.upsert(docs)
            if commit_every:
                done = min(count, first + chunk)
                elapsed = time.perf_counter() - started - generating
                print(f"{done} docs committed, {done / elapsed:.0f} docs/s", file=sys.stderr)
    finally:
        index.close()
    seconds = time.perf_counter() - started - generating
    return {
        "generate_s": round(generating, 1),
        "index_s": round(seconds, 1),
        "docs_per_s": round(count / seconds, 1),
    }


def _request(kind: str, text: str) -> SearchRequest:
    if kind == "filtered":
        filters = Filters(year_from=2015, year_to=2020, organs=(ORGANS[0],))
        return SearchRequest(text, filters, limit=10, facets=())
    if kind == "faceted":
        return SearchRequest(text, limit=10)
    return SearchRequest(text, limit=10, facets=())


def measure(
    backend: str, directory: Path, repeats: int = 3, corpus: str = "synthetic"
) -> dict[str, object]:
    """p50 / p95 per query kind (warm: the second of two passes, each running the query set
    ``repeats`` times) against an index built by :func:`build`."""
    index = open_backend(backend, directory)
    out: dict[str, object] = {}
    modes = frozenset({"01", "02"})
    try:
        for kind, texts in QUERY_SETS[corpus].items():
            times: list[float] = []
            for _ in range(2):  # the second pass is the warm one
                times = []
                for _repeat in range(repeats):
                    for text in texts:
                        t = time.perf_counter()
                        answer(index, SearchQuery(_request(kind, text), modes))
                        times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            out[kind] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}
        single = []
        for n in range(5):
            extra = list(make_docs(1, 800, 10_000_000 + n, 10_000_000 + n, corpus))
            t = time.perf_counter()
            with index.writing() as writer:
                writer.upsert(extra)
            single.append((time.perf_counter() - t) * 1000)
        out["single_doc_commit_ms_p50"] = round(statistics.median(single), 1)
    finally:
        index.close()
    return out


def parts(directory: Path, corpus: str = "synthetic") -> dict[str, object]:
    """Where each query's time goes on a tantivy index (median ms of 3): the top 10 with and
    without the neighbouring-words boosts, and the six facets with the total (a fallback query:
    its second, relaxed search)."""
    from archive.search.parse import parse_query
    from archive.search.tantivy_index import TantivyIndex

    index = TantivyIndex(directory)
    searcher = index._index.searcher()
    modes = frozenset({"01", "02"})

    def median_ms(call: Callable[[], object]) -> float:
        call()
        times = []
        for _ in range(3):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        return round(statistics.median(times), 1)

    out: dict[str, object] = {}
    for kind in ("phrase", "filtered", "faceted", "abbreviation", "fallback"):
        for text in QUERY_SETS[corpus][kind]:
            query = SearchQuery(_request(kind, text), modes)
            parsed = parse_query(text, query.abbreviations)
            if kind == "fallback":
                parsed = parsed.relaxed()
            expanded = index._expand(searcher, parsed.prefixes, None)
            boosted = index._query(parsed, query, expanded, boosts=True)
            plain = index._query(parsed, query, expanded, boosts=False)
            out[f"{kind} {text}"] = {
                "top10_boosts_ms": median_ms(lambda q=boosted: searcher.search(q, 10, count=False)),
                "top10_no_boosts_ms": median_ms(lambda q=plain: searcher.search(q, 10)),
                "facets_total_ms": median_ms(
                    lambda q=plain, f=query.request.facets or FACET_FIELDS: index._aggregate(
                        searcher, q, f
                    )
                ),
                "hits": searcher.search(plain, 1).count,
            }
    return out


def run(
    backend: str,
    count: int,
    words: int,
    keep: Path | None = None,
    step: str = "both",
    commit_every: int = 0,
    repeats: int = 3,
    corpus: str = "synthetic",
) -> dict[str, object]:
    """Build an index of ``count`` documents and measure it (``step``: build, measure, both;
    ``measure`` alone reuses the index a ``build`` left in ``keep``)."""
    with tempfile.TemporaryDirectory() as tmp:
        name = f"{backend}-{count}" + ("" if corpus == "synthetic" else f"-{corpus}")
        directory = (keep or Path(tmp)) / name
        result: dict[str, object] = {
            "backend": backend,
            "corpus": corpus,
            "docs": count,
            "words_per_doc": words,
        }
        if step == "parts":
            result.update(parts(directory, corpus))
            return result
        if step != "measure":
            result.update(build(backend, directory, count, words, commit_every, corpus))
        if step != "build":
            result.update(measure(backend, directory, repeats, corpus))
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("tantivy", "whoosh"), default="tantivy")
    parser.add_argument("--docs", type=int, nargs="+", default=[2000])
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--keep", type=Path, help="keep the indexes in this folder")
    parser.add_argument(
        "--step",
        choices=("both", "build", "measure", "parts"),
        default="both",
        help="build only, or measure an index kept by an earlier --step build (needs --keep); "
        "parts: time each part of the phrase, filtered and faceted queries (tantivy)",
    )
    parser.add_argument(
        "--commit-every", type=int, default=0, help="commit every N documents (long builds)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="times the query set runs in each pass (1 for a slow backend at a large size)",
    )
    parser.add_argument(
        "--corpus",
        choices=sorted(QUERY_SETS),
        default="synthetic",
        help="synthetic: random administrative words; laws: windows of the Vietnamese laws in "
        "tests/fixtures/vietnamese-laws, with their real word pairs and realistic queries",
    )
    args = parser.parse_args()
    if args.step != "both" and args.keep is None:
        parser.error("--step build/measure needs --keep")
    for count in args.docs:
        result = run(
            args.backend,
            count,
            args.words,
            args.keep,
            args.step,
            args.commit_every,
            args.repeats,
            args.corpus,
        )
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
