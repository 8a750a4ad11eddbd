"""Search backends on synthetic Vietnamese documents: indexing rate and query latency.

    .venv/bin/python -m bench.search --backend tantivy --docs 20000
    .venv/bin/python -m bench.search --backend whoosh --docs 2000

Documents are generated deterministically (seeded) from administrative vocabulary, with
symbols like ``123/QĐ-UBND``, several agencies, types and years, and go through the archive's
own code path (analyzer, backend, facets, highlighting of the returned page). Each query is the
top 10 with the exact total and all six facets, as the result page asks; p50/p95 over the
query set, warm (second pass). Results: docs/decisions/0005-search-engine.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from archive.search.api import Filters, IndexDoc, SearchQuery, SearchRequest
from archive.search.service import open_backend

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


def make_docs(count: int, words: int, seed: int = 7) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        kind = rng.randrange(len(TYPES))
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        symbol = f"{rng.randint(1, 999)}/{NOTATIONS[kind]}"
        docs.append(
            IndexDoc(
                doc_code=f"000.00.00.H49.2023.01.VP.{i:07d}",
                dossier_code=f"D{i // 5}",
                file_code=f"F{i // 5}",
                subject=" ".join(rng.choice(WORDS) for _ in range(12)),
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
        )
    return docs


QUERIES = {
    "term": ["thue", "ngân", "quyet", "đất", "dự"],
    "phrase": ['"ngân sách nhà nước"', '"quyet dinh"', '"giao đất"', '"cải cách hành chính"'],
    "words": ["quyet dinh giao dat", "ngan sach nha nuoc", "bao cao tong hop"],
    "prefix": ["ngan*", "quy*", "thanh*"],
    "symbol": ["123/QĐ-UBND", "45/BC-STNMT", "QĐ-UBND"],
}


def run(backend: str, count: int, words: int) -> dict[str, object]:
    docs = make_docs(count, words)
    with tempfile.TemporaryDirectory() as tmp:
        index = open_backend(backend, Path(tmp) / backend, threads=2)
        started = time.perf_counter()
        with index.writing() as writer:
            writer.upsert(docs)
        build = time.perf_counter() - started
        single = []
        for n in range(5):
            extra = make_docs(1, words, seed=1000 + n)[0]
            t = time.perf_counter()
            with index.writing() as writer:
                writer.upsert([extra])
            single.append((time.perf_counter() - t) * 1000)
        out: dict[str, object] = {
            "backend": backend,
            "docs": count,
            "words_per_doc": words,
            "index_s": round(build, 2),
            "docs_per_s": round(count / build, 1),
            "single_doc_commit_ms_p50": round(statistics.median(single), 1),
        }
        modes = frozenset({"01", "02"})
        for kind, texts in QUERIES.items():
            for filtered in (False, True):
                filters = Filters(year_from=2015, year_to=2020, organs=(ORGANS[0],))
                times = []
                for _ in range(2):  # second pass is the warm one
                    times = []
                    for text in texts:
                        request = SearchRequest(text, filters if filtered else Filters(), limit=10)
                        t = time.perf_counter()
                        index.search(SearchQuery(request, modes))
                        times.append((time.perf_counter() - t) * 1000)
                times.sort()
                name = f"{kind}{'+filter' if filtered else ''}"
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                out[name] = f"{statistics.median(times):.1f} / {p95:.1f} ms"
        index.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("tantivy", "whoosh"), default="tantivy")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.docs, args.words), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
