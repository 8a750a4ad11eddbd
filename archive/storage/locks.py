"""Object Lock dates: how long the bytes of a dossier must stay undeletable.

A dossier is locked until the end of its retention (31/12 of endYear + N, Vietnam time,
docs/domain.md §5.2), N being the longest period of the dossier and its documents. Permanent
records (and objects of no dossier) get the store's horizon instead
(``s3_permanent_horizon_years``); ``extend_permanent_locks`` moves that horizon forward
(``archive storage extend-locks``). Locks are only ever extended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final

from archive.clock import utc_now
from archive.storage.api import LockingStore, ObjectStore
from archive.storage.ocfl import object_path

__all__ = ["LockExtension", "dossier_lock_date", "dossier_retain_until", "extend_permanent_locks"]

VN_TZ: Final = timezone(timedelta(hours=7), "ICT")


def dossier_retain_until(end_year: int, retention_years: int) -> datetime:
    """End of 31/12 of ``end_year + retention_years`` in Vietnam time: a dossier's lock date."""
    return datetime(end_year + retention_years + 1, 1, 1, tzinfo=VN_TZ)


def dossier_lock_date(
    end_year: int, periods: Iterable[int | None], now: datetime | None = None
) -> datetime | None:
    """Lock date of a dossier whose parts keep ``periods`` years (None: permanent).

    Returns None for permanent records (the store's horizon applies). A retention that ended
    already (a late ingest) is locked for one more day, enough to reach the disposal review.
    """
    years = list(periods)
    if not years or any(y is None for y in years):
        return None
    until = dossier_retain_until(end_year, max(y for y in years if y is not None))
    now = now or utc_now()
    return max(until, now + timedelta(days=1))


@dataclass
class LockExtension:
    """What one extension pass did."""

    objects: int = 0
    keys: int = 0
    until: str = ""


def extend_permanent_locks(
    store: ObjectStore, object_ids: Iterable[str], now: datetime | None = None
) -> LockExtension:
    """Extend the lock of every key of permanent objects to today + the store's horizon, when
    less than half of the horizon is left. Stores without locks are left alone."""
    done = LockExtension()
    if not isinstance(store, LockingStore) or store.horizon_years <= 0:
        return done
    now = now or utc_now()
    target = now.replace(year=now.year + store.horizon_years)
    if target.month == 2 and target.day == 29:  # pragma: no cover - leap day
        target = target.replace(day=28)
    threshold = now + (target - now) / 2
    done.until = target.isoformat()
    for object_id in object_ids:
        touched = False
        for key in store.iter_keys(object_path(object_id)):
            current = store.retention(key)
            if current is not None and current >= threshold:
                continue
            store.extend_retention(key, target)
            done.keys += 1
            touched = True
        done.objects += touched
    return done
