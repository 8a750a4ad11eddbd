"""``archive ocr run`` end to end with the real tools (OCRmyPDF, Tesseract's Vietnamese model,
Ghostscript): a signed, image-only scan ingested from a dossier is found by a phrase of its
text afterwards; its original keeps its bytes and signatures; the rendition is PDF/A-2b as
the ingest gate's identifier reports it; a run that died after publishing is finished by the
next one without reading the scan again."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Document, File
from archive.db.engine import unit_of_work
from archive.faults import InjectedFault
from archive.ocr.models import OcrJob
from archive.ocr.worker import run
from archive.packages.formatid import identify_files
from archive.packages.sipwrite import write_sip, zip_tree
from archive.search import SearchRequest
from archive.signatures.models import Signature
from tests.support import sips
from tests.support.pki import TestPki, sign_test_pdf
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf
from tests.support.signed import (
    assert_valid_store,
    doc_code,
    ingest,
    open_home,
    package,
    read,
    stored_paths,
)


@pytest.fixture(scope="module")
def page_text() -> str:
    return law_page_texts(1, seed=7)[0]


@pytest.fixture(scope="module")
def scan(page_text: str) -> bytes:
    return scanned_pdf([page_image(page_text, ScanStyle(dpi=300), seed=1)], 300)


@pytest.fixture
def archive(tmp_path: Path, pki: TestPki, catalog_url: str) -> Iterator[Archive]:
    with open_home(tmp_path / "home", pki, database_url=catalog_url) as opened:
        yield opened


def _phrase(text: str) -> str:
    """Five words from the middle of the page (no digits or punctuation)."""
    for line in text.splitlines()[len(text.splitlines()) // 2 :]:
        words = [w for w in line.split() if w.isalpha()]
        if len(words) >= 5:
            return " ".join(words[:5])
    raise AssertionError("no phrase on the page")


def _signatures(archive: Archive, code: str) -> list[tuple[str, str, str]]:
    with unit_of_work(archive.sessions) as session:
        rows = session.scalars(
            select(Signature)
            .join(Document, Signature.document_id == Document.id)
            .where(Document.doc_code == code)
        )
        return sorted((s.field, s.indication, s.signer_serial) for s in rows)


def _hits(archive: Archive, text: str) -> list[str]:
    service = archive.search
    try:
        return [h.doc_code for h in service.search(SearchRequest(f'"{text}"'), "officer").hits]
    finally:
        service.close()


def test_a_scan_is_found_by_its_words_after_ocr_run(
    archive: Archive, pki: TestPki, scan: bytes, page_text: str, tmp_path: Path
) -> None:
    signed = sign_test_pdf(pki, scan, "B-T", "signer-person")
    result = ingest(archive, package(tmp_path, 1, signed, sips.pdf_bytes(2)))
    assert "TXT001" in [f.code for f in result.report.findings]
    code = doc_code(1)
    phrase = _phrase(page_text)
    assert _hits(archive, phrase) == []
    object_id = result.object_id
    with unit_of_work(archive.sessions) as session:
        original = session.scalars(
            select(File).join(Document).where(Document.doc_code == code, File.role == "original")
        ).one()
        path, v1_sha512 = original.path, original.sha512
    signatures = _signatures(archive, code)
    assert signatures

    report = run(archive, agent=person_agent("lan"))

    assert {r.item.doc_code: r.done for r in report.results} == {
        code: "made",
        doc_code(1, 2): "not_needed",
    }
    assert _hits(archive, phrase) == [code]
    # The original: same bytes, same digest in the new version, same signatures.
    inventory = archive.ocfl.inventory(object_id)
    assert inventory["head"] == "v2"
    assert read(archive, object_id, path, "v2") == read(archive, object_id, path, "v1") == signed
    assert path in inventory["versions"]["v2"]["state"][v1_sha512]
    assert _signatures(archive, code) == signatures
    # The rendition: beside it, PDF/A-2b as the ingest gate identifies it, never an original.
    rendition = "representations/ocr/data/" + path.split("/data/", 1)[1]
    assert rendition in stored_paths(archive, object_id, "v2")
    staged = tmp_path / "rendition.pdf"
    staged.write_bytes(read(archive, object_id, rendition))
    assert identify_files({"r.pdf": staged})["r.pdf"].puid == "fmt/477"
    with unit_of_work(archive.sessions) as session:
        row = session.scalars(select(File).where(File.path == rendition)).one()
        assert (row.role, row.version, row.format_puid) == ("rendition", "v2", "fmt/477")
        job = session.scalars(select(OcrJob).where(OcrJob.document_id == row.document_id)).one()
        assert job.state == "done" and job.pages == 1
        assert job.confidence is not None and job.confidence > 80
        event = session.scalars(select(Event).where(Event.event_type == "creation")).one()
    for named in ("tesseract 5", "ocrmypdf", "ghostscript", "languages: vie", "confidence"):
        assert named in event.detail
    assert_valid_store(archive.settings.resolved_storage_root)
    # Nothing is due any more: the scan is done, the text PDF has a text layer.
    assert run(archive, agent=person_agent("lan")).planned == []


def test_a_run_that_died_after_publishing_is_finished_by_the_next(
    archive: Archive, scan: bytes, page_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = ingest(archive, package(tmp_path, 1, scan))
    monkeypatch.setenv("ARCHIVE_FAULT", "ocr_published")
    with pytest.raises(InjectedFault):
        run(archive, agent=person_agent("lan"))
    monkeypatch.delenv("ARCHIVE_FAULT")
    assert archive.ocfl.inventory(result.object_id)["head"] == "v2"
    assert _hits(archive, _phrase(page_text)) == []
    with unit_of_work(archive.sessions) as session:
        assert session.scalars(select(File).where(File.role == "rendition")).all() == []

    report = run(archive, agent=person_agent("lan"))

    assert [r.done for r in report.results] == ["adopted"]
    assert archive.ocfl.inventory(result.object_id)["head"] == "v2"  # not read again
    assert _hits(archive, _phrase(page_text)) == [doc_code(1)]
    assert os.environ.get("ARCHIVE_FAULT") is None


def test_an_image_original_gets_a_rendition_too(
    archive: Archive, page_text: str, tmp_path: Path
) -> None:
    jpeg = io.BytesIO()
    page_image(page_text, ScanStyle(dpi=300, colour=True), seed=4).save(
        jpeg, format="JPEG", quality=90, dpi=(300, 300)
    )
    sip = sips.sip_input(5, docs=1)
    doc = replace(sip.documents[0], content=jpeg.getvalue(), filename="to-trinh-scan.jpg")
    tree = write_sip(
        replace(sip, documents=[doc]),
        tmp_path / "tree",
        objid="uuid-00000000-0000-4000-8000-000000000005",
        created=sips.CREATED,
    )
    result = ingest(archive, zip_tree(tree, tmp_path / "jpeg.zip"))

    report = run(archive, agent=person_agent("lan"))

    assert [(r.done, r.pages) for r in report.results] == [("made", 1)]
    code = f"{sips.file_code(5)}.0000001"
    assert _hits(archive, _phrase(page_text)) == [code]
    assert result.object_id is not None
    assert any(
        p.startswith("representations/ocr/data/") and p.endswith("to-trinh-scan.pdf")
        for p in stored_paths(archive, result.object_id, "v2")
    )
