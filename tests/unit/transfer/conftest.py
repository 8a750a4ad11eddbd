"""A real archive home (SQLite and PostgreSQL) for the transfer tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive, software_agent
from archive.config import load_settings
from archive.retention.context import RetentionContext


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url)
    with open_archive(settings, create=True) as opened:
        yield opened


@pytest.fixture
def ctx(archive: Archive) -> RetentionContext:
    return RetentionContext(archive.settings, archive.sessions, archive.ocfl, software_agent())
