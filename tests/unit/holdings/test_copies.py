"""The lock dates of the whole holding, read in two queries, agree with one dossier's."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from sqlalchemy import select

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Document, Dossier
from archive.db.engine import unit_of_work
from archive.holdings.copies import catalogued, lock_date
from tests.support import sips


def test_catalogued_locks_match_each_dossier(two_copies: Archive, tmp_path: Path) -> None:
    for n, maintenance in ((1, "06"), (2, "06"), (3, "06"), (4, "01")):
        package = sips.write_zip(tmp_path / f"p{n}", n, maintenance=maintenance)
        assert two_copies.ingest(package, person_agent("lan")).status == "accepted"
    with unit_of_work(two_copies.sessions) as session:
        dossiers = list(session.scalars(select(Dossier).order_by(Dossier.id)))
        first, second = (list(d.documents) for d in dossiers[:2])
        # Dossier 1: a document kept longer than its dossier (20 years against 10).
        first[0].maintenance, first[0].maintenance_years = "05", 20
        # Dossier 2: a permanent document in a dated dossier.
        second[0].maintenance, second[0].maintenance_years = "01", None
        # Dossier 3: documents without a retention of their own; dossier 4 permanent.
    with unit_of_work(two_copies.sessions) as session:
        expected = [lock_date(d) for d in session.scalars(select(Dossier).order_by(Dossier.id))]
        locks = [m.lock for m in catalogued(session) if m.dossier]
        assert session.scalar(select(Document.id).where(Document.maintenance_years == 20))
    assert locks == expected
    # The end of 31/12 in Vietnam: 17:00 UTC that day.
    years = [lock.astimezone(UTC).year if lock else None for lock in locks]
    assert years == [2044, None, 2034, None]
