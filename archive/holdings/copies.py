"""Catalog rows of object copies (``object_copies``) and the lock date of a dossier's bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, object_session

from archive.audit.seal import last_seal
from archive.catalog.models import Document, Dossier
from archive.db.recordobjects import record_objects
from archive.evidence.models import EvidenceBatch
from archive.holdings.models import ObjectCopy
from archive.identifiers import AUDIT_LOG_ID
from archive.storage.locks import dossier_lock_date

__all__ = [
    "Managed",
    "catalogued",
    "copy_rows",
    "lock_date",
    "refresh_backup_status",
    "upsert_copy",
]


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
    session.flush()
    refresh_backup_status(session, object_id)
    return row


def refresh_backup_status(session: Session, object_id: str) -> str:
    """Set a dossier's riskRecoveryStatus (and its documents') to what the archive holds:
    ``01`` (đã dự phòng) while two copies or more are in good state, else ``02`` (chưa).

    Called with every change of a copy row (ingest, replication, fixity, repair, rebuild), so the
    value users see is never the submitter's claim (TT 05/2025 Ch. V: two copies)."""
    held = session.scalar(
        select(func.count())
        .select_from(ObjectCopy)
        .where(ObjectCopy.object_id == object_id, ObjectCopy.state == "ok")
    )
    status = "01" if (held or 0) >= 2 else "02"
    dossier_id = session.scalar(select(Dossier.id).where(Dossier.object_id == object_id))
    if dossier_id is not None:
        session.execute(
            update(Dossier).where(Dossier.id == dossier_id).values(risk_recovery_status=status)
        )
        session.execute(
            update(Document)
            .where(Document.dossier_id == dossier_id)
            .values(risk_recovery_status=status)
        )
    return status


def lock_date(dossier: Dossier) -> datetime | None:
    """Until when a dossier's bytes stay locked (None: permanent, the store's horizon).
    ``dossier`` must belong to an open session."""
    session = object_session(dossier)
    if session is None:
        raise ValueError("lock_date needs a dossier read in an open session")
    extra = _document_periods(session, dossier.id).get(dossier.id, [])
    return dossier_lock_date(dossier.end_year, [dossier.maintenance_years, *extra])


@dataclass(frozen=True)
class Managed:
    """An object the catalog knows: a dossier's AIP, an evidence-record batch, the sealed
    audit log or a record object of a procedure (minutes, a disposal list…)."""

    label: str  # arcFileCode of a dossier, the object id of a batch, a list's code
    object_id: str
    version: str | None  # None: a record object whose version the catalog does not keep
    lock: datetime | None  # None: the store's horizon (permanent)
    dossier: bool


def _document_periods(
    session: Session, dossier_id: int | None = None
) -> dict[int, list[int | None]]:
    """Per dossier id (all, or only ``dossier_id``), what its documents add to its lock: the
    longest retention among those that have one, and None if any of them is permanent. Two
    numbers per dossier from one grouped query, instead of loading every document (a holding
    has millions)."""
    permanent = func.sum(case((Document.maintenance_years.is_(None), 1), else_=0))
    query = (
        select(Document.dossier_id, func.max(Document.maintenance_years), permanent)
        .where(Document.maintenance.is_not(None), Document.maintenance != "")
        .group_by(Document.dossier_id)
    )
    if dossier_id is not None:
        query = query.where(Document.dossier_id == dossier_id)
    rows = session.execute(query)
    out: dict[int, list[int | None]] = {}
    for dossier_id, longest, permanents in rows:
        periods: list[int | None] = [longest] if longest is not None else []
        out[dossier_id] = periods + ([None] if permanents else [])
    return out


def catalogued(session: Session) -> list[Managed]:
    """Every stored object the catalog describes: dossiers (in ingest order), evidence batches,
    the sealed audit log, then the record objects of the procedures (``db.recordobjects``:
    minutes, disposal lists, transfer requests, receipts, received edXML envelopes), kept
    permanently like the log."""
    extra = _document_periods(session)
    found = [
        Managed(
            arc,
            object_id,
            version,
            dossier_lock_date(end_year, [years, *extra.get(dossier_id, [])]),
            True,
        )
        for dossier_id, arc, object_id, version, end_year, years in session.execute(
            select(
                Dossier.id,
                Dossier.arc_file_code,
                Dossier.object_id,
                Dossier.object_version,
                Dossier.end_year,
                Dossier.maintenance_years,
            ).order_by(Dossier.id)
        )
    ]
    found += [
        Managed(b.object_id, b.object_id, b.object_version, None, False)
        for b in session.scalars(
            select(EvidenceBatch).where(EvidenceBatch.status == "sealed").order_by(EvidenceBatch.id)
        )
    ]
    _seq, log_version, _when = last_seal(session)
    if log_version is not None:  # the sealed audit log, as of its last seal event
        found.append(Managed(AUDIT_LOG_ID, AUDIT_LOG_ID, log_version, None, False))
    found += [
        Managed(r.label, r.object_id, r.version, None, False) for r in record_objects(session)
    ]
    return found


def copy_rows(session: Session, store: str) -> dict[str, ObjectCopy]:
    """The copy rows of a store by object id."""
    return {
        c.object_id: c for c in session.scalars(select(ObjectCopy).where(ObjectCopy.store == store))
    }
