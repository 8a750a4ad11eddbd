"""The restore drill as an assertion (ADR 0019): seal, rebuild aside, compare row for row."""

from __future__ import annotations

from archive.audit.seal import seal
from archive.bootstrap import Archive, software_agent
from archive.rebuild.check import check
from archive.schema import metadata


def assert_rebuilds(archive: Archive) -> dict[str, int]:
    """Seal what waits, rebuild from storage into a scratch catalog and require it to equal
    the live one; returns the rows compared per table."""
    seal(archive, [software_agent()])
    _report, comparison = check(archive, metadata, [software_agent()])
    assert comparison.differences == [], [d.as_dict() for d in comparison.differences[:20]]
    return comparison.rows
