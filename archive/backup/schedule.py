"""Whether the backups keep their schedule: a daily set in the last day, a full set in the
last 31 days, a passed check of the backup system in the last 92 days (TT 05/2025 Chương V,
docs/domain.md §4.9). Read from the target itself (the names of its sets and checks say when
and what), so a set that was deleted or never finished counts as missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from archive.backup.target import CHECKS, BackupTarget

__all__ = ["LIMITS", "Missed", "missed", "moment"]

LIMITS: Final[dict[str, tuple[int, str]]] = {
    "daily": (1, "archive backup run"),
    "monthly": (31, "archive backup run --full"),
    "quarterly": (92, "archive backup check"),
}
"""What is due: how many days may pass since the last one, and the command that makes it."""


@dataclass(frozen=True)
class Missed:
    """One backup that is late: which, when the last one was (None: never), since when due."""

    what: str
    last: datetime | None
    due: datetime | None
    action: str


def moment(name: str) -> datetime | None:
    """The time a set or check name starts with (``20261207T010203Z…``)."""
    try:
        return datetime.strptime(name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def missed(target: BackupTarget, now: datetime) -> list[Missed]:
    """Every backup that is late at ``now`` (an incremental or full set counts as a daily)."""
    sets = [(moment(n), n) for n in target.set_names()]
    checks = [moment(n) for n in target.files(CHECKS) if n.endswith("-ok.json")]
    last = {
        "daily": max((t for t, _ in sets if t), default=None),
        "monthly": max((t for t, n in sets if t and n.endswith("-full")), default=None),
        "quarterly": max((t for t in checks if t), default=None),
    }
    late = []
    for what, (days, action) in LIMITS.items():
        when = last[what]
        due = when + timedelta(days=days) if when else None
        if due is None or due < now:
            late.append(Missed(what, when, due, action))
    return late
