"""Every catalog table is classified once (ADR 0019); the catalog-only list of the code is the
one docs/operations.md shows; a table nobody classified fails the comparison."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert
from sqlalchemy.orm import Session

from archive.audit.rowstate import event_state, with_state
from archive.db.engine import make_engine
from archive.rebuild.compare import compare
from archive.rebuild.tables import CATALOG_ONLY, DERIVED, FROM_EVENTS, FROM_OBJECTS
from archive.retention.models import Hold
from archive.schema import metadata

OPERATIONS = Path(__file__).parents[3] / "docs" / "operations.md"


def test_every_table_is_classified_once() -> None:
    groups = [set(FROM_OBJECTS), set(FROM_EVENTS), set(DERIVED), set(CATALOG_ONLY)]
    assert sum(len(g) for g in groups) == len(set().union(*groups))  # no table twice
    assert set().union(*groups) == set(metadata.tables)


def test_operations_lists_the_catalog_only_tables_of_the_code() -> None:
    text = OPERATIONS.read_text(encoding="utf-8")
    section = text.split("### What the catalog alone holds", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert listed == list(CATALOG_ONLY)


def test_a_table_nobody_classified_is_a_difference(tmp_path: Path) -> None:
    extra = MetaData()
    table = Table(
        "novel_table", extra, Column("id", Integer, primary_key=True), Column("x", String)
    )
    engines = [make_engine(f"sqlite:///{tmp_path / f'{n}.sqlite3'}") for n in ("a", "b")]
    for engine in engines:
        extra.create_all(engine)
    with engines[0].begin() as conn:
        conn.execute(insert(table).values(id=1, x="a"))
    with Session(engines[0]) as live, Session(engines[1]) as rebuilt:
        (diff,) = compare(live, rebuilt, extra, 0).differences
    assert (diff.table, diff.live) == ("novel_table", "unclassified")
    for engine in engines:
        engine.dispose()


def test_an_event_carries_the_rows_it_leaves_and_old_events_carry_none() -> None:
    hold = Hold(id=3, arc_file_code="A", reason="Thanh tra", placed_by="lan", placed_at="t")
    state = event_state(with_state("hold 3; S3 legal hold on 0 key(s)", hold))
    assert state is not None and state.note.startswith("hold 3")
    ((table, values),) = state.rows
    assert table == "holds" and values["id"] == 3 and values["released_at"] is None
    assert event_state("hold 3; S3 legal hold on 0 key(s)") is None
    assert event_state('{"items": []}') is None  # JSON without rows: an older event
