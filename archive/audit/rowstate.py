"""State carried by events, so that ``archive rebuild`` can fold the catalog back from the
sealed log (issue #22; ADR 0019).

An event that changes a row the archive keeps nowhere else in storage (a hold, a use request,
a revalidation's result) says in its ``outcome_detail``, as JSON, what the change left: the
human ``note`` that used to be the whole detail, the ``rows`` as they stood after the change
(every column, keyed by table) and, for changes a row cannot carry, a named ``payload``.
Replaying the rows of every event in order gives each row its last state. Older events,
whose detail is plain text, carry no state: ``event_state`` returns None for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EventState", "event_state", "with_state"]


@dataclass(frozen=True)
class EventState:
    """What an event's ``outcome_detail`` carries."""

    note: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


def _values(row: Any) -> tuple[str, dict[str, Any]]:
    table = row.__table__
    return str(table.name), {c.name: getattr(row, c.key) for c in table.columns}


def with_state(note: str, *rows: Any, **payload: Any) -> str:
    """The ``outcome_detail`` of an event that leaves ``rows`` (ORM objects, flushed) as they
    are now, with ``note`` for people and any named ``payload``."""
    data: dict[str, Any] = {"note": note, "rows": []}
    for row in rows:
        table, values = _values(row)
        data["rows"].append({"table": table, "values": values})
    data.update(payload)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def event_state(outcome_detail: str) -> EventState | None:
    """The state an event carries; None for an event that carries none (plain text)."""
    if not outcome_detail.startswith("{"):
        return None
    try:
        data = json.loads(outcome_detail)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        return None
    rows = [(str(r["table"]), dict(r["values"])) for r in data["rows"]]
    payload = {k: v for k, v in data.items() if k not in ("note", "rows")}
    return EventState(str(data.get("note", "")), rows, payload)
