"""The worst search the default bounds allow (docs/search.md, "The time a query may take").

    .venv/bin/python -m bench.search_limits --docs 20000 --words 300

Builds a tantivy index of ``bench.search`` documents, finds the 2-letter prefixes with the most
postings among those the bounds allow, and times (median and max of 5, warm) the worst query:
``search_max_prefixes`` of them plus words up to ``search_max_terms``, with facets; then the
same prefixes on the last page of the results window, and two baselines.
"""

from __future__ import annotations

import argparse
import statistics
import string
import tempfile
import time
from pathlib import Path

from archive.search.api import SearchQuery, SearchRequest
from archive.search.limits import SearchLimits, check_request
from archive.search.service import open_backend
from bench.search import make_docs

_WORDS = ("quyet", "dinh", "giao", "dat", "ngan", "sach", "nha", "nuoc", "ke", "hoach", "bao")


def _prefixes(searcher: object, allowed: int) -> list[tuple[int, int, str]]:
    """(postings, words, prefix) of every 2-character prefix within ``allowed`` words."""
    out = []
    alphabet = string.ascii_lowercase + string.digits
    for prefix in (a + b for a in alphabet for b in alphabet):
        found: dict[str, int] = {}
        for field in ("subject", "symbol", "meta", "text"):
            for term, count in searcher.terms_with_prefix(field, prefix):  # type: ignore[attr-defined]
                found[term] = found.get(term, 0) + count
        if found and len(found) <= allowed:
            out.append((sum(found.values()), len(found), prefix))
    return sorted(out, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=300)
    args = parser.parse_args()
    limits = SearchLimits()
    with tempfile.TemporaryDirectory() as tmp:
        index = open_backend("tantivy", Path(tmp) / "t", threads=2)
        with index.writing() as writer:
            for start in range(0, args.docs, 5000):
                count = min(5000, args.docs - start)
                writer.upsert(list(make_docs(count, args.words, start + 7, start)))
        searcher = index._index.searcher()  # type: ignore[attr-defined]
        candidates = _prefixes(searcher, limits.max_prefix_expansions)
        print("prefixes with the most postings (postings, words, prefix):", candidates[:6])
        top = " ".join(p + "*" for _, _, p in candidates[: limits.max_prefixes])
        words = " ".join(_WORDS[: limits.max_terms - limits.max_prefixes])
        queries = {
            "prefixes + words, relevance, facets": SearchRequest(text=f"{top} {words}"),
            "prefixes only, facets": SearchRequest(text=top),
            "prefixes, newest, last page of the window (100 hits)": SearchRequest(
                text=top, sort="newest", offset=limits.max_results_window - 100, limit=100
            ),
            "no text, last page of the window": SearchRequest(
                offset=limits.max_results_window - 100, limit=100
            ),
            "baseline: ngan sach": SearchRequest(text="ngan sach"),
        }
        for name, request in queries.items():
            check_request(request, limits)  # the query is one the bounds allow
            query = SearchQuery(request, frozenset({"01", "02"}), limits.max_prefix_expansions)
            times = []
            for _ in range(6):
                started = time.perf_counter()
                result = index.search(query)
                times.append((time.perf_counter() - started) * 1000)
            warm = times[1:]
            print(
                f"{name}: median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms, "
                f"total {result.total} [{request.text[:50]}]"
            )
        index.close()


if __name__ == "__main__":
    main()
