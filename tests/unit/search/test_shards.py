"""One search split over shard groups answers exactly as one search of everything."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from archive.search.api import Filters, SearchQuery, SearchRequest, SearchResult
from archive.search.service import open_backend
from archive.search.shards import SHARDS, merge_aggregations, shard_groups, shard_of
from archive.search.tantivy_index import TantivyIndex
from tests.unit.search.conftest import SO, UBND, make_doc

WORDS = ["quyết", "định", "giao", "đất", "ngân", "sách", "nhà", "nước", "báo", "cáo"]
MODES = frozenset({"01", "02"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    docs = [
        make_doc(
            f"{n:07d}",
            subject=" ".join(rng.choices(WORDS, k=6)),
            text=" ".join(rng.choices(WORDS, k=rng.randint(5, 60))),
            organ=rng.choice((UBND, SO)),
            type_code=rng.choice(("02", "14", "15")),
            issued=date(rng.randint(2015, 2024), 1 + n % 12, 1 + n % 28),
            mode=rng.choice(("01", "01", "02", "03")),
        )
        for n in range(300)
    ]
    path = tmp_path_factory.mktemp("shards") / "t"
    index = open_backend("tantivy", path, search_threads=1)
    with index.writing() as writer:
        writer.upsert(docs)
    index.close()
    return path


@pytest.fixture(scope="module", params=[1, 2, 3, SHARDS])
def index(folder: Path, request: pytest.FixtureRequest) -> Iterator[TantivyIndex]:
    idx = TantivyIndex(folder, search_threads=int(request.param))
    yield idx
    idx.close()


def answer(result: SearchResult) -> tuple[object, ...]:
    return (
        result.total,
        [(h.doc_code, round(h.score, 5)) for h in result.hits],
        [(f.field, [(b.value, b.count) for b in f.buckets]) for f in result.facets],
    )


REQUESTS = [
    SearchRequest(text, sort=sort, offset=offset, limit=limit, facets=facets)  # type: ignore[arg-type]
    for text in ("", "quyet dinh", '"giao đất"', "ngân*", '"nhà nước báo cáo"')
    for sort in ("relevance", "newest", "oldest")
    for offset, limit in ((0, 10), (7, 5), (290, 20))
    for facets in ((), ("organ", "type", "year", "mode"))
] + [SearchRequest("dat", Filters(organs=(SO,), year_from=2018, year_to=2021), limit=50)]


def test_every_grouping_gives_the_same_answers(folder: Path, index: TantivyIndex) -> None:
    whole = TantivyIndex(folder, search_threads=1)
    try:
        for request in REQUESTS:
            expected = answer(whole.search(SearchQuery(request, MODES)))
            assert answer(index.search(SearchQuery(request, MODES))) == expected, request
    finally:
        whole.close()


def test_pages_do_not_overlap_and_cover_everything(index: TantivyIndex) -> None:
    seen: list[str] = []
    for offset in range(0, 400, 25):
        page = index.search(SearchQuery(SearchRequest("dat", offset=offset, limit=25), MODES))
        seen += [h.doc_code for h in page.hits]
    total = index.search(SearchQuery(SearchRequest("dat", facets=()), MODES)).total
    assert len(seen) == len(set(seen)) == total > 25


def test_shards_are_stable_and_spread() -> None:
    codes = [f"000.00.00.H49.2024.01.VP.{n:07d}" for n in range(1600)]
    counts = [sum(shard_of(c) == str(s) for c in codes) for s in range(SHARDS)]
    assert shard_of(codes[0]) == shard_of(codes[0]) and min(counts) > 50
    for threads in (1, 2, 3, 5, 16, 40):
        groups = shard_groups(threads)
        assert sorted(int(s) for g in groups for s in g) == list(range(SHARDS))
        assert len(groups) == min(threads, SHARDS)


def test_aggregations_add_up() -> None:
    a = {"mode": {"buckets": [{"key": "01", "doc_count": 3}], "sum_other_doc_count": 0}}
    b = {"mode": {"buckets": [{"key": "01", "doc_count": 2}, {"key": "02", "doc_count": 4}]}}
    merged = merge_aggregations([a, b])
    assert merged["mode"] == {
        "buckets": [{"key": "01", "doc_count": 5}, {"key": "02", "doc_count": 4}],
        "sum_other_doc_count": 0,
    }
