"""An OCR rendition is held like every stored file: replicated to the second store (at once,
with ``replication = "sync"``), checked by the fixity run on both, covered by an RFC 4998
evidence record, and brought back by ``archive rebuild`` from storage alone (with its
document's OCR state)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import File
from archive.db.engine import make_engine, unit_of_work
from archive.db.migrate import upgrade
from archive.evidence.models import EvidenceRecordRow
from archive.evidence.service import build
from archive.holdings import fixity
from archive.holdings.replication import replicate
from archive.ocr.models import OcrJob
from archive.ocr.worker import run
from archive.rebuild import rebuild
from archive.search import SearchRequest
from tests.support.catalogdump import dump
from tests.support.drill import assert_rebuilds
from tests.support.pki import TestPki
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf
from tests.support.signed import doc_code, ingest, open_home, package


@pytest.fixture
def archive(tmp_path: Path, pki: TestPki, catalog_url: str) -> Iterator[Archive]:
    with open_home(
        tmp_path / "home",
        pki,
        database_url=catalog_url,
        tsa_url=pki.tsa_url("tsa"),
        replica_backend="local",
        replica_root=tmp_path / "replica",
    ) as opened:
        yield opened


def test_a_rendition_is_replicated_checked_evidenced_and_rebuilt(
    archive: Archive, tmp_path: Path
) -> None:
    text = law_page_texts(1, seed=3)[0]
    scan = scanned_pdf([page_image(text, ScanStyle(dpi=300, colour=True), seed=2)], 300)
    object_id = ingest(archive, package(tmp_path, 1, scan)).object_id
    assert object_id is not None
    agents = [person_agent("lan"), software_agent()]
    assert [r.done for r in run(archive, agent=agents[0]).results] == ["made"]
    replica = archive.replica
    # replication = "sync": the new version went to the replica with the run, as at ingest.
    assert replica is not None and replica.inventory(object_id)["head"] == "v2"
    assert replica.inventory(object_id) == archive.ocfl.inventory(object_id)

    copied = replicate(
        archive.sessions, archive.ocfl, replica, archive.settings.staging_dir, agents
    )

    assert not copied.failed and not copied.items  # its copy row says it is current
    for root in (archive.ocfl, replica):
        checked = fixity.run(
            archive.settings, archive.sessions, root, archive.ocfl, agents, everything=True
        )
        assert [r.object_id for r in checked.results] == [object_id] and not checked.failed
    build(archive, agent=agents[0])
    with unit_of_work(archive.sessions) as session:
        rendition = session.scalars(select(File).where(File.role == "rendition")).one()
        record = session.scalars(
            select(EvidenceRecordRow).where(EvidenceRecordRow.file_id == rendition.id)
        ).one()
        assert (record.path, record.target_version) == (rendition.path, "v2")
        before = dump(session)
        job = session.scalars(select(OcrJob)).one()
        state = (job.state, job.pages, job.confidence)
    # the whole catalog, replicated, checked and evidenced, comes back row for row
    assert assert_rebuilds(archive)["ocr_jobs"] == 1

    url = f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = archive.settings.model_copy(update={"database_url": url})
    with open_archive(settings) as again:
        report = rebuild(settings, again.sessions, again.roots(), again.ocfl, agents)
        assert (report.dossiers, report.versions_replayed) == (1, 1)
        with unit_of_work(again.sessions) as session:
            after = dump(session)
            job = session.scalars(select(OcrJob)).one()
            assert (job.state, job.pages, job.confidence) == state
        assert after["files"] == before["files"]
        service = again.search
        try:
            service.reindex()
            words = " ".join(text.splitlines()[3].split()[:4])
            hits = service.search(SearchRequest(f'"{words}"'), "officer").hits
            assert [h.doc_code for h in hits] == [doc_code(1)]
        finally:
            service.close()
