"""Splitting one search over several cores: shard numbers, shard groups, merged answers.

tantivy can search the segments of an index on several threads, but its Python binding does not
expose that. So each document carries a shard number (``shard_of``, fixed when it is indexed),
and a search runs once per *group* of shards, each on its own thread (tantivy releases the GIL
while it searches), and the answers are merged here. The statistics behind the scores are those
of the whole index, so a hit scores the same in its group as in a search of everything; counts
and facet buckets add up. ADR 0010.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from typing import Any, Final

__all__ = [
    "SHARDS",
    "default_search_threads",
    "merge_aggregations",
    "merge_hits",
    "shard_groups",
    "shard_of",
]

SHARDS: Final = 16
"""Shard numbers in an index: a search can use up to this many threads."""


def shard_of(doc_code: str) -> str:
    """The shard number of a document (stable: the same docCode, the same shard)."""
    return str(zlib.crc32(doc_code.encode("utf-8")) % SHARDS)


def shard_groups(threads: int) -> list[list[str]]:
    """The shards split into ``threads`` groups (one per thread), every shard in one group."""
    count = max(1, min(threads, SHARDS))
    return [[str(s) for s in range(SHARDS) if s % count == g] for g in range(count)]


def default_search_threads() -> int:
    """Threads one search uses when ``search_threads`` is 0: the cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def merge_hits(
    parts: Sequence[Sequence[tuple[Any, Any]]], *, descending: bool, offset: int, limit: int
) -> list[tuple[Any, Any]]:
    """The page ``offset`` … ``offset + limit`` of the best hits of every group.

    Each part holds a group's best ``offset + limit`` hits as (key, DocAddress): a score
    (``descending``) or a sort value. Ties go to the lower address, so a page is the same
    however the shards are grouped.
    """
    hits = [hit for part in parts for hit in part]
    hits.sort(key=lambda h: (h[1].segment_ord, h[1].doc))
    hits.sort(key=lambda h: h[0], reverse=descending)  # stable: ties keep the address order
    return hits[offset : offset + limit]


def merge_aggregations(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Terms aggregations of several groups added up, bucket by bucket (all buckets are
    returned by each group, so the sums are exact)."""
    merged: dict[str, Any] = {}
    for name in {name for part in parts for name in part}:
        counts: dict[Any, int] = {}
        other = 0
        for part in parts:
            result = part.get(name) or {}
            for bucket in result.get("buckets", []):
                counts[bucket["key"]] = counts.get(bucket["key"], 0) + int(bucket["doc_count"])
            other += int(result.get("sum_other_doc_count", 0) or 0)
        buckets = [{"key": k, "doc_count": n} for k, n in counts.items()]
        buckets.sort(key=lambda b: -b["doc_count"])
        merged[name] = {"buckets": buckets, "sum_other_doc_count": other}
    return merged
