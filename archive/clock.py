"""The archive's clock and its two timestamp formats, in one place.

Times are always UTC and ISO 8601. The catalog keeps seconds (what a person or a deadline needs);
the audit log and the procedure records keep microseconds, so that events of one second keep
their order. Tests freeze this clock with freezegun; nothing else in the archive reads the time
its own way.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["catalog_time", "event_time", "utc_now"]


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def catalog_time(moment: datetime | None = None) -> str:
    """``moment`` (default now) as the catalog writes times: ISO 8601 UTC, seconds."""
    return (moment or utc_now()).astimezone(UTC).isoformat(timespec="seconds")


def event_time(moment: datetime | None = None) -> str:
    """``moment`` (default now) as the audit log writes times: ISO 8601 UTC, microseconds."""
    return (moment or utc_now()).astimezone(UTC).isoformat(timespec="microseconds")
