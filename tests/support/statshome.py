"""A home for the statistics tests: dossiers ingested at chosen times, uses appended to the
audit chain at chosen times (the event types the archive writes), all with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from freezegun import freeze_time

from archive.audit.chain import NewEvent, append_events
from archive.bootstrap import Archive, person_agent
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.users.service import add_user
from tests.support.retention import ingest_dossier

__all__ = ["DOC", "PASSWORD", "USERS", "build_stats_home"]

PASSWORD = "mat-khau-thu-nghiem-2026"
USERS = {"minh": "officer", "lan": "archivist", "hoa": "auditor", "quan": "admin"}
# 01:00 on 1 November in Hà Nội is still October in UTC: it counts in November.
FIRST_INGEST = datetime(2026, 10, 31, 18, 0, tzinfo=UTC)


def DOC(n: int, i: int = 1, year: int = 2010) -> str:  # noqa: N802  (reads like a constant)
    return f"000.00.00.H49.{year}.{n:02d}.VP.{i:07d}"


def _event(kind: str, code: str, when: datetime, detail: str = "") -> NewEvent:
    return NewEvent(
        kind,
        detail or f"{kind} {code}",
        agents=[person_agent("test")],
        objects=[(code, "source")],
        occurred_at=event_time(when),
    )


def build_stats_home(archive: Archive, tmp: Path) -> dict[int, str]:
    """Three dossiers: 1 (2010, mode 01, retention 01, 2 documents) ingested at 01:00 on
    1/11/2026 in Hà Nội; 2 (2010, retention 06, its first document Mật 03) on 15/11/2026; 3
    (2012, mode 02, retention 06, 1 document) on 10/12/2026. Then the uses of the records,
    and four accounts. Returns the arcFileCodes by number."""
    codes: dict[int, str] = {}
    times = {
        1: FIRST_INGEST,
        2: datetime(2026, 11, 15, 3, tzinfo=UTC),
        3: datetime(2026, 12, 10, 3, tzinfo=UTC),
    }
    for n, when in times.items():
        with freeze_time(when):
            if n == 1:
                codes[n] = ingest_dossier(archive, tmp, 1, maintenance="01", docs=2)
            elif n == 2:
                codes[n] = ingest_dossier(archive, tmp, 2, doc_mode="03", docs=2)
            else:
                codes[n] = ingest_dossier(archive, tmp, 3, end_year=2012, mode="02", docs=1)
    nov, dec = datetime(2026, 11, 20, 2, tzinfo=UTC), datetime(2026, 12, 2, 2, tzinfo=UTC)
    reading = "Đọc bản gốc trong trình duyệt / read in the browser (web)"
    events = [
        _event("access", DOC(1), nov),
        _event("access", DOC(1), nov),
        _event("access", codes[1], nov),
        _event("dissemination", DOC(1), nov, "Tải bản gốc / Download (web)"),
        _event("dissemination", DOC(1), dec, reading),
        _event("access", DOC(2), dec),  # the Mật one
        _event("dissemination", DOC(2), dec, "Tải bản gốc / Download (web)"),
        _event("access", DOC(3, 1, 2012), dec),
        _event("use request", DOC(3, 1, 2012), dec),
        _event("use request approved", DOC(3, 1, 2012), dec),
        _event("use request refused", DOC(1), nov),
        _event("reading copy issued", DOC(1), nov),
        _event("plain copy issued", DOC(1), dec),
        _event("certified copy issued", DOC(1), dec),
        _event("certified copy issued", DOC(1), dec),
        # 23:30 on 30/11 in Hà Nội (16:30 UTC): November.
        _event("access", DOC(1), datetime(2026, 11, 30, 16, 30, tzinfo=UTC)),
        # 00:30 on 1/12 in Hà Nội (17:30 UTC on 30/11): December.
        _event("access", DOC(1), datetime(2026, 11, 30, 17, 30, tzinfo=UTC)),
    ]
    with freeze_time(datetime(2026, 12, 20, tzinfo=UTC)), unit_of_work(archive.sessions) as s:
        append_events(s, events)
        for name, role in USERS.items():
            add_user(s, name, role, PASSWORD, person_agent("test"))
    return codes
