"""Which dossiers are due: retention expiry (for disposal review) and transfer deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.catalog.codes import label
from archive.catalog.models import Dossier
from archive.catalog.queries import dossier_mode
from archive.retention.dates import due_date, registration_due, transfer_due
from archive.retention.dossiers import dossier_retention
from archive.retention.holds import held_codes
from archive.retention.models import Transfer

__all__ = ["DueDossier", "TransferDue", "expired", "retention_due", "transfer_due_list"]


@dataclass(frozen=True)
class DueDossier:
    """A dossier whose retention ends on or before the year asked."""

    arc_file_code: str
    title: str
    maintenance: str
    years: int
    end_year: int
    due: date
    held: bool

    def as_dict(self) -> dict[str, object]:
        """JSON form (dates DD/MM/YYYY as the law writes them)."""
        return {
            "arcFileCode": self.arc_file_code,
            "title": self.title,
            "maintenance": self.maintenance,
            "maintenanceLabel": label("maintenance", self.maintenance),
            "maintenanceYears": self.years,
            "endYear": self.end_year,
            "dueDate": self.due.strftime("%d/%m/%Y"),
            "held": self.held,
        }


def _active(session: Session) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.status == "active")
            .options(selectinload(Dossier.documents))
            .order_by(Dossier.arc_file_code)
        )
    )


def retention_due(session: Session, year: int) -> list[DueDossier]:
    """Active, fixed-term dossiers whose longest retention ends on or before 31/12/``year``."""
    out: list[DueDossier] = []
    dossiers = _active(session)
    held = held_codes(session, [d.arc_file_code for d in dossiers])
    for d in dossiers:
        retention = dossier_retention(d)
        due = due_date(d.end_year, retention)
        if due is None or due.year > year:
            continue
        assert retention.years is not None
        out.append(
            DueDossier(
                d.arc_file_code,
                d.title,
                retention.code,
                retention.years,
                d.end_year,
                due,
                d.arc_file_code in held,
            )
        )
    return sorted(out, key=lambda x: (x.due, x.arc_file_code))


def expired(session: Session, today: date) -> list[DueDossier]:
    """Dossiers whose review date has passed (due strictly before ``today``)."""
    return [d for d in retention_due(session, today.year) if d.due < today]


@dataclass(frozen=True)
class TransferDue:
    """A permanent dossier to hand to the historical archive."""

    arc_file_code: str
    title: str
    mode: str
    deposit_year: int
    registration_due: date
    transfer_due: date
    state: str | None
    held: bool

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "arcFileCode": self.arc_file_code,
            "title": self.title,
            "mode": self.mode,
            "depositYear": self.deposit_year,
            "registrationDue": self.registration_due.strftime("%d/%m/%Y"),
            "transferDue": self.transfer_due.strftime("%d/%m/%Y"),
            "transferState": self.state,
            "held": self.held,
        }


def transfer_due_list(session: Session, year: int) -> list[TransferDue]:
    """Permanent, non-secret dossiers whose registration or transfer falls due by 31/12/``year``;
    the deposit year is the year the dossier entered this archive. A dossier holding a Mật (03)
    document is secret too (its strictest mode, ``dossier_mode``) and waits for giải mật."""
    rows = session.execute(select(Transfer.arc_file_code, Transfer.state))
    states: dict[str, str] = {row[0]: row[1] for row in rows}
    dossiers = [d for d in _active(session) if dossier_mode(d) != "03"]
    held = held_codes(session, [d.arc_file_code for d in dossiers])
    out: list[TransferDue] = []
    for d in dossiers:
        if not dossier_retention(d).permanent:
            continue
        deposit_year = int(d.ingested_at[:4])
        reg, due = registration_due(deposit_year), transfer_due(deposit_year)
        if reg.year > year:
            continue
        out.append(
            TransferDue(
                d.arc_file_code,
                d.title,
                dossier_mode(d),
                deposit_year,
                reg,
                due,
                states.get(d.arc_file_code),
                d.arc_file_code in held,
            )
        )
    return sorted(out, key=lambda x: (x.transfer_due, x.arc_file_code))
