"""An archive home with a replica (local → local), on both engines, for the inspection tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive
from archive.config import load_settings


@pytest.fixture
def two_copies(tmp_path: Path, catalog_on: Callable[[], dict[str, str]]) -> Iterator[Archive]:
    """A home whose replica is a second local root, written at ingest."""
    settings = load_settings(
        home=tmp_path / "home",
        replica_backend="local",
        replica_root=tmp_path / "replica",
        **catalog_on(),
    )
    with open_archive(settings, create=True) as archive:
        yield archive
