"""Two ``archive ocr run`` processes at once over one dossier of two scans: each document is
read by exactly one of them, both renditions land as versions of the same OCFL object (the
second rebuilt on the first's version when they race for it), nothing fails, the store stays
valid OCFL; and a worker killed with SIGKILL after storing its rendition leaves a claim that
lapses, after which the next run adopts what was stored instead of reading it again."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.bootstrap import Archive
from archive.catalog.models import File
from archive.db.engine import unit_of_work
from archive.identifiers import is_record_object
from archive.ocr.models import OcrJob
from tests.support.pki import TestPki
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf
from tests.support.signed import (
    LATER_THAT_DAY,
    assert_valid_store,
    cli_process,
    doc_code,
    ingest,
    open_home,
    package,
)


@pytest.fixture
def home(
    tmp_path: Path, pki: TestPki, catalog_url: str
) -> Iterator[tuple[Archive, dict[str, str]]]:
    scans = [
        scanned_pdf([page_image(text, ScanStyle(dpi=200), seed=i)], 200)
        for i, text in enumerate(law_page_texts(2, seed=11))
    ]
    with open_home(tmp_path / "home", pki, database_url=catalog_url) as archive:
        ingest(archive, package(tmp_path, 1, *scans))
        env = {
            "ARCHIVE_HOME": str(tmp_path / "home"),
            "ARCHIVE_DATABASE_URL": catalog_url,
            "ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)]),
            "ARCHIVE_LANG": "en",
        }
        yield archive, env


def test_two_workers_at_once_read_each_document_once(home: tuple[Archive, dict[str, str]]) -> None:
    archive, env = home
    at = LATER_THAT_DAY + timedelta(hours=1)
    workers = [cli_process(at, env, "ocr", "run", "--json") for _ in range(2)]
    outputs = [w.communicate(timeout=600) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
    done = [r for out, _ in outputs for r in json.loads(out)["results"]]
    assert sorted((r["doc_code"], r["done"]) for r in done) == [
        (doc_code(1, 1), "made"),
        (doc_code(1, 2), "made"),
    ]
    with unit_of_work(archive.sessions) as session:
        versions = sorted(session.scalars(select(File.version).where(File.role == "rendition")))
        states = set(session.scalars(select(OcrJob.state)))
    assert versions == ["v2", "v3"] and states == {"done"}
    assert_valid_store(archive.settings.resolved_storage_root)


def test_a_killed_worker_is_taken_over_and_its_rendition_adopted(
    home: tuple[Archive, dict[str, str]],
) -> None:
    archive, env = home
    at = LATER_THAT_DAY + timedelta(hours=1)
    hung = cli_process(
        at, {**env, "ARCHIVE_FAULT": "ocr_published:hang"}, "ocr", "run", "--limit", "1"
    )
    deadline = time.monotonic() + 300
    while _head(archive) != "v2":
        assert time.monotonic() < deadline and hung.poll() is None, hung.communicate()
        time.sleep(0.5)
    os.kill(hung.pid, signal.SIGKILL)
    hung.communicate()  # closes its pipes
    # Within the claim nobody takes the document; once it lapsed, the next run adopts it.
    soon = cli_process(at + timedelta(minutes=5), env, "ocr", "run", "--json")
    out, err = soon.communicate(timeout=600)
    assert soon.returncode == 0, err
    assert [r["doc_code"] for r in json.loads(out)["results"]] == [doc_code(1, 2)]
    later = cli_process(at + timedelta(minutes=40), env, "ocr", "run", "--json")
    out, err = later.communicate(timeout=600)
    assert later.returncode == 0, err
    assert [(r["doc_code"], r["done"]) for r in json.loads(out)["results"]] == [
        (doc_code(1, 1), "adopted")
    ]
    assert _head(archive) == "v3"
    assert_valid_store(archive.settings.resolved_storage_root)


def _head(archive: Archive) -> str:
    # The dossier's object; the CLI runs also sealed the audit log (urn:archive:audit:log).
    (object_id,) = [o for o in archive.ocfl.iter_object_ids() if not is_record_object(o)]
    return str(archive.ocfl.inventory(object_id)["head"])
