"""Evidence-record batches are stored objects like dossiers: replicated, fixity-checked,
known to ``storage verify`` and brought back by ``rebuild``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.bootstrap import open_archive, software_agent
from archive.catalog.models import File
from archive.db.engine import unit_of_work
from archive.evidence.models import EvidenceBatch, EvidenceRecordRow
from archive.holdings import fixity, replication
from archive.holdings.consistency import verify_store
from archive.rebuild import rebuild
from tests.support.pki import TestPki
from tests.unit.evidence.test_store import build, home
from tests.unit.signatures.conftest import pki

__all__ = ["pki"]

AGENTS = [software_agent()]


def _records(sessions: object) -> list[tuple[str, int, str, str, str | None]]:
    with unit_of_work(sessions) as session:  # type: ignore[arg-type]
        paths = {f.id: f.path for f in session.scalars(select(File))}
        batches = {b.id: b.object_id for b in session.scalars(select(EvidenceBatch))}
        return sorted(
            (batches[r.batch_id], r.leaf_index, r.path, r.digest, paths.get(r.file_id or -1))
            for r in session.scalars(select(EvidenceRecordRow))
        )


def test_batches_are_replicated_checked_verified_and_rebuilt(tmp_path: Path, pki: TestPki) -> None:
    with home(
        tmp_path,
        pki,
        replica_backend="local",
        replica_root=tmp_path / "replica",
        replication="deferred",
    ) as archive:
        [done] = build(archive)
        assert archive.replica is not None
        assert verify_store(archive.sessions, archive.ocfl).ok
        behind = verify_store(archive.sessions, archive.replica)
        assert done.object_id in behind.missing
        copied = replication.replicate(
            archive.sessions, archive.ocfl, archive.replica, archive.settings.staging_dir, AGENTS
        )
        assert {i.object_id for i in copied.items} >= {done.object_id}
        assert all(verify_store(archive.sessions, r).ok for r in archive.roots().values())
        checked = fixity.run(archive.settings, archive.sessions, archive.ocfl, archive.ocfl, AGENTS)
        assert done.object_id in {r.object_id for r in checked.results}
        assert checked.failed == []
        before = _records(archive.sessions)
        settings = archive.settings.model_copy(
            update={"database_url": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
        )
    with open_archive(settings, create=True) as fresh:
        report = rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, AGENTS)
        assert (report.dossiers, report.evidence_batches) == (1, 1)
        assert _records(fresh.sessions) == before
        assert all(verify_store(fresh.sessions, r).ok for r in fresh.roots().values())
