"""Fixtures of the backup tests: a home with dossiers and a local backup target, on SQLite
and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.config import Settings, load_settings
from tests.support.retention import ingest_dossier

AGENTS = [person_agent("lan"), software_agent()]


def backup_settings(tmp: Path, catalog: dict[str, str], **more: object) -> Settings:
    """A home below ``tmp`` whose sets go to ``tmp/backups``."""
    return load_settings(
        home=tmp / "home",
        backup_backend="local",
        backup_root=tmp / "backups",
        **catalog,
        **more,
    )


@pytest.fixture
def archive(
    tmp_path: Path, catalog_on: Callable[[], dict[str, str]]
) -> Iterator[tuple[Archive, list[str]]]:
    """An archive of two dossiers with a local backup target; the dossiers' codes."""
    with open_archive(backup_settings(tmp_path, catalog_on()), create=True) as opened:
        codes = [ingest_dossier(opened, tmp_path, n, end_year=2010) for n in (1, 2)]
        yield opened, codes
