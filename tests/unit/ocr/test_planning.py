"""Claims of ``archive ocr run`` workers, without reading anything: one worker at a time per
document, a claim that lapses is taken over, a failure is counted and retried, at most
``MAX_ATTEMPTS`` times; a document whose original is not a PDF or an image is never due."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import Archive, open_archive, person_agent
from archive.clock import utc_now
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.ocr import planning
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips


@pytest.fixture
def archive(tmp_path: Path, catalog_url: str) -> Iterator[Archive]:
    settings = load_settings(home=tmp_path / "home", database_url=catalog_url)
    with open_archive(settings, create=True) as opened:
        sip = sips.sip_input(1, docs=2)
        note = replace(sip.documents[1], content=b"ghi chu", filename="ghi-chu.txt")
        tree = write_sip(
            replace(sip, documents=[sip.documents[0], note]),
            tmp_path / "tree",
            objid="uuid-00000000-0000-4000-8000-000000000001",
            created=sips.CREATED,
        )
        result = opened.ingest(zip_tree(tree, tmp_path / "p.zip"), person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        yield opened


def _plan(archive: Archive) -> list[planning.OcrItem]:
    with unit_of_work(archive.sessions) as session:
        return planning.plan(session, utc_now())


def test_one_worker_at_a_time_a_lapsed_claim_is_taken_over(archive: Archive) -> None:
    (item,) = _plan(archive)  # the PDF; the text note is never due
    assert item.path.endswith(".pdf")
    start = utc_now()
    with freeze_time(start):
        assert planning.claim(archive.sessions, item, "host:1", 30)
        assert not planning.claim(archive.sessions, item, "host:2", 30)
        assert _plan(archive) == []
    with freeze_time(start + timedelta(minutes=31)):
        assert _plan(archive) == [item]
        assert planning.claim(archive.sessions, item, "host:2", 30)
        with pytest.raises(Conflict, match="taken over"):
            planning.finish(archive.sessions, item, "host:1", "not_needed", "")
        planning.finish(archive.sessions, item, "host:2", "not_needed", "text: ok")
        assert _plan(archive) == []
        assert not planning.claim(archive.sessions, item, "host:3", 30)


def test_a_failure_is_retried_up_to_the_limit(archive: Archive) -> None:
    (item,) = _plan(archive)
    for attempt in range(planning.MAX_ATTEMPTS):
        assert _plan(archive) == [item], attempt
        assert planning.claim(archive.sessions, item, "host:1", 30)
        planning.fail(archive.sessions, item, "host:1", "OCR failed")
    assert _plan(archive) == []
    assert not planning.claim(archive.sessions, item, "host:1", 30)
