"""Relevance on Vietnamese text (issue #18): the query set of bench/relevance.py, written by
code from the laws of tests/fixtures/vietnamese-laws and the demo documents, must keep the
recall@3 and MRR recorded in docs/search.md ("Relevance"), kind by kind, on the default engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.relevance import KINDS, Outcome, build, cases, evaluate, summary

# At most 0.02 below the figures recorded in docs/search.md (tantivy), so that a change that
# costs relevance fails here and must be argued for there.
FLOORS = {
    "no_diacritics": (0.66, 0.65),
    "phrase": (1.0, 1.0),
    "title": (1.0, 1.0),
    "abbreviation": (0.94, 0.92),
    "variant": (0.74, 0.66),
    "tone": (0.83, 0.80),
    "symbol": (1.0, 0.98),
    "fallback": (1.0, 1.0),
    "all": (0.88, 0.85),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Outcome]]:
    index = build("tantivy", Path(tmp_path_factory.mktemp("relevance")) / "tantivy")
    try:
        yield evaluate(index, cases())
    finally:
        index.close()


def test_the_set_has_every_kind_and_enough_queries(outcomes: list[Outcome]) -> None:
    kinds = {o.case.kind for o in outcomes}
    assert kinds == set(KINDS) and len(outcomes) >= 100
    assert all(o.case.expected for o in outcomes)


def test_recall_and_mrr_hold(outcomes: list[Outcome]) -> None:
    figures = summary(outcomes)
    for kind, (recall, mrr) in FLOORS.items():
        assert figures[kind]["recall_at_3"] >= recall, (kind, figures[kind])
        assert figures[kind]["mrr"] >= mrr, (kind, figures[kind])


def test_the_examples_of_the_issue(outcomes: list[Outcome]) -> None:
    by_text = {o.case.text: o for o in outcomes}
    for text in ("luat bau cu dai bieu hdnd", "qd 123 ubnd tinh"):
        assert by_text[text].reciprocal_rank == 1.0, by_text[text]
    assert all(o.fallback for o in outcomes if o.case.kind == "fallback")
    assert not any(o.fallback for o in outcomes if o.case.kind in ("phrase", "title", "symbol"))
