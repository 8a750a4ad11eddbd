"""Fixtures for tests that need a real archive home on both catalog engines.

Imported by the conftest of each test folder that uses them (retention, transfer).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive
from archive.config import load_settings

__all__ = ["archive"]


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    """A new archive home whose catalog is SQLite or PostgreSQL (``catalog_url``); the isolated
    profile, since the transfer and retention tests keep Mật (03) records (docs/secrets.md).
    Duplicates wait for the review these tests run (the listing at ingest has its own test)."""
    settings = load_settings(
        home=tmp_path / "home",
        database_url=catalog_url,
        secret_records="isolated",
        disposal_list_duplicates_at_ingest=False,
    )
    with open_archive(settings, create=True) as opened:
        yield opened
