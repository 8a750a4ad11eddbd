"""Two catalogs compared row for row (``archive rebuild --check``, the restore drill): every
table of the schema but the catalog-only ones (``archive.rebuild.tables``), rows matched by
their natural key, foreign keys compared by the natural key of the row they name (a rebuilt
catalog numbers its rows afresh)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData, Table, select
from sqlalchemy.orm import Session

from archive.rebuild.tables import (
    CATALOG_ONLY,
    CATALOG_ONLY_COLUMNS,
    DERIVED,
    FROM_EVENTS,
    FROM_OBJECTS,
    KEYS,
    ONE_SIDED,
    ROWS,
    SCOPES,
)

__all__ = ["Comparison", "Difference", "compare", "compared_tables"]

PRESENT, MISSING = "present", "missing"


@dataclass(frozen=True)
class Difference:
    """One disagreement: a row one side lacks (column ``*``), or one column's values."""

    table: str
    key: str
    column: str
    live: Any
    rebuilt: Any

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


@dataclass
class Comparison:
    """The outcome: rows compared per table, and every difference."""

    head_seq: int
    rows: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No difference at all."""
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "head_seq": self.head_seq,
            "rows": self.rows,
            "differences": [d.as_dict() for d in self.differences],
        }


def compared_tables(metadata: MetaData) -> list[Table]:
    """Every table of ``metadata`` but the catalog-only and derived ones."""
    skip = set(CATALOG_ONLY) | set(DERIVED)
    return [t for t in metadata.sorted_tables if t.name not in skip]


def _key_columns(table: Table) -> tuple[str, ...]:
    if table.name in KEYS:
        return KEYS[table.name]
    primary = tuple(c.name for c in table.primary_key)
    if primary != ("id",) or table.name in FROM_EVENTS:
        return primary
    for constraint in sorted(table.constraints, key=lambda c: str(c.name)):
        columns = tuple(c.name for c in getattr(constraint, "columns", ()))
        if constraint.__class__.__name__ == "UniqueConstraint" and columns:
            return columns
    unique = [c.name for c in table.columns if c.unique]
    unique += [c.name for i in table.indexes if i.unique for c in i.columns]
    return (unique[0],) if unique else primary


class _Side:
    """One catalog's rows, with every foreign key resolved to the named row's key."""

    def __init__(self, session: Session, metadata: MetaData, head_seq: int) -> None:
        self.session, self.metadata, self.head_seq = session, metadata, head_seq
        self.keys: dict[str, dict[Any, tuple[Any, ...]]] = {}

    def _raw(self, table: Table) -> list[dict[str, Any]]:
        query = select(table)
        if table.name in SCOPES:
            query = query.where(table.c[SCOPES[table.name]] <= self.head_seq)
        if table.name in ROWS:
            column, values = ROWS[table.name]
            query = query.where(table.c[column].in_(values))
        return [dict(r) for r in self.session.execute(query).mappings()]

    def key_of(self, table: Table) -> dict[Any, tuple[Any, ...]]:
        """Primary key value → the row's natural key (its foreign keys resolved)."""
        if table.name not in self.keys:
            self.keys[table.name] = {}
            primary = next(iter(table.primary_key)).name
            columns = _key_columns(table)
            for row in self.session.execute(select(table)).mappings():
                self.keys[table.name][row[primary]] = tuple(
                    self._value(table, c, row[c]) for c in columns
                )
        return self.keys[table.name]

    def _value(self, table: Table, column: str, value: Any) -> Any:
        if value is None:
            return None
        for fk in table.c[column].foreign_keys:
            target = fk.column.table
            if target.name == table.name or fk.column.name != "id":
                return value  # a reference by a kept key (events.seq) compares as it is
            return self.key_of(self.metadata.tables[target.name]).get(value, ("?", value))
        return value

    def rows(self, table: Table) -> dict[tuple[Any, ...], dict[str, Any]]:
        """Natural key → the row as compared."""
        columns = _key_columns(table)
        skip = set(CATALOG_ONLY_COLUMNS.get(table.name, ()))
        if "id" not in columns:
            skip.add("id")
        out: dict[tuple[Any, ...], dict[str, Any]] = {}
        for raw in self._raw(table):
            row = {c: self._value(table, c, v) for c, v in raw.items() if c not in skip}
            out[tuple(row[c] for c in columns)] = row
        return out


def _differences(
    name: str,
    live: dict[tuple[Any, ...], dict[str, Any]],
    rebuilt: dict[tuple[Any, ...], dict[str, Any]],
) -> Iterable[Difference]:
    for key in sorted(set(live) | set(rebuilt), key=repr):
        shown = "/".join(str(k) for k in key)
        if key not in rebuilt:
            yield Difference(name, shown, "*", PRESENT, MISSING)
        elif key not in live:
            if name not in ONE_SIDED:
                yield Difference(name, shown, "*", MISSING, PRESENT)
        else:
            a, b = live[key], rebuilt[key]
            for column in sorted(set(a) | set(b)):
                if a.get(column) != b.get(column):
                    yield Difference(name, shown, column, a.get(column), b.get(column))


def compare(live: Session, rebuilt: Session, metadata: MetaData, head_seq: int) -> Comparison:
    """Every compared table of ``live`` against ``rebuilt``; events only up to ``head_seq``
    (the last sealed one). A table neither restored nor catalog-only is a difference."""
    result = Comparison(head_seq)
    known = set(FROM_OBJECTS) | set(FROM_EVENTS)
    one, other = _Side(live, metadata, head_seq), _Side(rebuilt, metadata, head_seq)
    for table in compared_tables(metadata):
        if table.name not in known:
            result.differences.append(
                Difference(table.name, "*", "*", "unclassified", "archive/rebuild/tables.py")
            )
            continue
        a, b = one.rows(table), other.rows(table)
        result.rows[table.name] = len(a)
        result.differences.extend(_differences(table.name, a, b))
    return result
