"""Archive homes with a replica: local → local, and local → S3 (the suite's SeaweedFS)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.storage.ocfl import OcflRoot, object_path
from tests.support import sips


@pytest.fixture
def two_copies(tmp_path: Path, catalog_on: Callable[[], dict[str, str]]) -> Iterator[Archive]:
    """A home whose replica is a second local root, written at ingest; on both engines."""
    settings = load_settings(
        home=tmp_path / "home",
        replica_backend="local",
        replica_root=tmp_path / "replica",
        **catalog_on(),
    )
    with open_archive(settings, create=True) as archive:
        yield archive


def ingest_n(archive: Archive, tmp: Path, *numbers: int) -> list[str]:
    """Ingest the test dossiers ``numbers``; returns their object ids."""
    ids = []
    for n in numbers:
        result = archive.ingest(sips.write_zip(tmp / f"p{n}", n), person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        assert result.object_id is not None
        ids.append(result.object_id)
    return ids


def content_key(root: OcflRoot, object_id: str, logical: str) -> str:
    """Storage key of a logical path's bytes in the head version."""
    inventory = root.inventory(object_id)
    state = inventory["versions"][inventory["head"]]["state"]
    digest = next(d for d, paths in state.items() if logical in paths)
    return f"{object_path(object_id)}/{inventory['manifest'][digest][0]}"


def damage_local(root: OcflRoot, key: str) -> bytes:
    """Flip one byte of a stored file in place (bit rot); returns the good bytes."""
    path = Path(root.store.describe(), key)
    good = path.read_bytes()
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(good[:100] + bytes([good[100] ^ 0x01]) + good[101:])
    os.chmod(path, 0o444)
    return good


def events_of(archive: Archive, event_type: str) -> list[Event]:
    with unit_of_work(archive.sessions) as session:
        rows = list(session.scalars(select(Event).where(Event.event_type == event_type)))
        session.expunge_all()
    return rows


ORIGINAL = f"representations/rep1/data/{sips.file_code(1)}.1.pdf"
