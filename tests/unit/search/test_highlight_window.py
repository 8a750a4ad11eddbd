"""The snippet window: the linear search picks the same window as the direct count."""

from __future__ import annotations

import random

from archive.search.highlight import SNIPPET_CHARS, _best_start


def direct(spans: list[tuple[int, int, str]], lead: int) -> int:
    best, best_score = 0, -1
    for start, _, _ in spans:
        begin = max(0, start - lead)
        score = len({t for s, e, t in spans if s >= begin and e <= begin + SNIPPET_CHARS})
        if score > best_score:
            best, best_score = begin, score
    return best


def test_linear_window_matches_the_direct_count() -> None:
    rng = random.Random(11)
    for _ in range(400):
        spans, cursor = [], 0
        for _ in range(rng.randint(0, 60)):
            cursor += rng.randint(1, 120)
            length = rng.choice((2, 4, 7, 30, 300))
            spans.append((cursor, cursor + length, rng.choice("abcdef")))
            cursor += length
        assert _best_start(spans, SNIPPET_CHARS // 4) == direct(spans, SNIPPET_CHARS // 4)


def test_overlapping_spans_use_the_direct_count() -> None:
    spans = [(0, 11, "123/qd-ubnd"), (0, 3, "123"), (4, 6, "qd"), (7, 11, "ubnd"), (300, 304, "x")]
    assert _best_start(spans, 60) == direct(spans, 60) == 0
