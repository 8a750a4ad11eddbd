"""A dossier as retention sees it: found by code, its longest retention and review date, the
locks on its copies, and the erasure of every copy."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.catalog.models import Document, Dossier
from archive.errors import NotFound
from archive.retention.dates import Retention, due_date, longest, retention_of
from archive.services import Services
from archive.storage.erase import erase_prefix, locks_under
from archive.storage.ocfl import object_path

__all__ = [
    "dossier_due",
    "dossier_retention",
    "erase_copies",
    "load_dossier",
    "object_prefix",
    "storage_locks",
]


def object_prefix(object_id: str) -> str:
    """Storage prefix of an OCFL object."""
    return object_path(object_id)


def load_dossier(session: Session, code: str) -> Dossier:
    """A dossier by arcFileCode or fileCode, with documents and files; NotFound names the code."""
    dossier = session.scalar(
        select(Dossier)
        .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
        .options(
            selectinload(Dossier.documents).selectinload(Document.files),
            selectinload(Dossier.files),
            selectinload(Dossier.fonds),
        )
    )
    if dossier is None:
        raise NotFound(f"không có hồ sơ mã {code} / no dossier with code {code} (see 'archive ls')")
    return dossier


def storage_locks(archive: Services, object_id: str) -> list[str]:
    """Unexpired locks (retention, legal hold) on any copy of an object, for people."""
    return [
        f"{root.store.name}: {lock.describe()}"
        for root in archive.roots().values()
        for lock in locks_under(root.store, object_prefix(object_id))
    ]


def erase_copies(archive: Services, object_id: str) -> dict[str, int]:
    """Erase every copy of an object: the primary, the replica and every other holder the
    archive manages (the backup sets, ``Services.other_holders``); returns the keys removed by
    holder name. Copies already gone (an earlier, interrupted run) count 0."""
    removed: dict[str, int] = {}
    for name, root in archive.roots().items():
        removed[name] = (
            erase_prefix(root.store, object_prefix(object_id)) if root.exists(object_id) else 0
        )
    for holder in archive.other_holders():
        removed[holder.name] = holder.erase(object_id)
    return removed


def dossier_retention(dossier: Dossier) -> Retention:
    """The longest retention of the dossier and its documents (LLT 2024 Đ15 k4)."""
    own = retention_of(dossier.maintenance, dossier.maintenance_years)
    docs = [retention_of(d.maintenance, d.maintenance_years) for d in dossier.documents]
    return longest([own, *docs])


def dossier_due(dossier: Dossier) -> str | None:
    """Review date (DD/MM/YYYY) of a dossier's longest retention; None when permanent."""
    due = due_date(dossier.end_year, dossier_retention(dossier))
    return None if due is None else due.strftime("%d/%m/%Y")
