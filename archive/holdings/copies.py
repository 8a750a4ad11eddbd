"""Catalog rows of object copies (``object_copies``) and the lock date of a dossier's bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.models import Dossier, ObjectCopy
from archive.storage.locks import dossier_lock_date

__all__ = ["lock_date", "now_iso", "upsert_copy"]


def now_iso() -> str:
    """The current time, as the catalog writes times."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def upsert_copy(session: Session, object_id: str, store: str, **values: object) -> ObjectCopy:
    """The copy row of ``object_id`` in ``store``, created if needed, with ``values`` set."""
    row = session.scalar(
        select(ObjectCopy).where(ObjectCopy.object_id == object_id, ObjectCopy.store == store)
    )
    if row is None:
        row = ObjectCopy(object_id=object_id, store=store, head="v1", state="ok")
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    return row


def lock_date(dossier: Dossier) -> datetime | None:
    """Until when a dossier's bytes stay locked (None: permanent, the store's horizon)."""
    periods = [dossier.maintenance_years]
    periods += [d.maintenance_years for d in dossier.documents if d.maintenance]
    return dossier_lock_date(dossier.end_year, periods)
