"""The OCR rendition on the web page and in the API: offered beside the original, labelled as a
rendition (never as the original), downloaded under the same access check, logged as a
rendition; a mode 02 document's rendition and its words stay hidden from an officer, in search,
highlights and downloads alike."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.ocr.worker import run
from archive.packages.sipwrite import write_sip, zip_tree
from archive.users.service import add_user
from tests.support import sips
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf
from tests.web.conftest import PASSWORD, login, new_client

OPEN, HIDDEN = (f"{sips.file_code(92)}.{i:07d}" for i in (1, 2))


def _words(text: str) -> str:
    """Four words from the middle of a page (letters only), as a phrase query."""
    lines = text.splitlines()
    for line in lines[len(lines) // 2 :]:
        words = [w for w in line.split() if w.isalpha()]
        if len(words) >= 4:
            return '"' + " ".join(words[:4]) + '"'
    raise AssertionError("no phrase")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return law_page_texts(2, seed=92)


@pytest.fixture(scope="module")
def ocr_archive(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("ocr-web")
    sip = sips.sip_input(92, 2)
    docs = [
        replace(d, content=scanned_pdf([page_image(t, ScanStyle(dpi=300), seed=i)], 300))
        for i, (d, t) in enumerate(zip(sip.documents, texts, strict=True))
    ]
    docs[1] = replace(docs[1], values={**docs[1].values, "mode": "02"})
    tree = write_sip(
        replace(sip, documents=docs),
        folder / "tree",
        objid="uuid-00000000-0000-4000-8000-000000000092",
        created=sips.CREATED,
    )
    with open_archive(Settings(home=folder / "home"), create=True) as archive:
        result = archive.ingest(zip_tree(tree, folder / "scan.zip"), person_agent("lan"))
        assert result.status == "accepted", result.report.as_dict()
        with unit_of_work(archive.sessions) as session:
            for role in ("officer", "archivist"):
                add_user(session, role, role, PASSWORD, person_agent("test"))
        assert [r.done for r in run(archive, agent=person_agent("lan")).results] == [
            "made",
            "made",
        ]
        yield archive


@pytest.fixture
def officer(ocr_archive: Archive) -> Iterator[TestClient]:
    with new_client(ocr_archive) as client:
        login(client, "officer")
        yield client


def test_the_document_page_offers_the_rendition_as_a_rendition(
    officer: TestClient, ocr_archive: Archive
) -> None:
    page = officer.get(f"/documents/{OPEN}")
    assert page.status_code == 200
    assert "Bản OCR (không phải bản gốc)" in page.text
    assert f'href="/documents/{OPEN}/rendition/ocr"' in page.text
    got = officer.get(f"/documents/{OPEN}/rendition/ocr")
    assert got.status_code == 200
    assert got.headers["x-content-sha256"] == hashlib.sha256(got.content).hexdigest()
    assert ".ocr.pdf" in got.headers["content-disposition"]
    original = officer.get(f"/documents/{OPEN}/original")
    assert original.status_code == 200 and original.content != got.content
    with unit_of_work(ocr_archive.sessions) as session:
        details = list(
            session.scalars(select(Event.detail).where(Event.event_type == "dissemination"))
        )
    assert any("OCR rendition (not the original)" in d for d in details)
    api = officer.get(f"/api/documents/{OPEN}")
    assert api.json()["rendition"]["puid"] == "fmt/477"
    assert officer.get(f"/api/documents/{OPEN}/rendition/ocr").content == got.content


def test_a_mode_02_rendition_and_its_words_stay_hidden_from_an_officer(
    officer: TestClient, ocr_archive: Archive, texts: list[str]
) -> None:
    assert officer.get(f"/documents/{HIDDEN}/rendition/ocr").status_code == 404
    assert officer.get(f"/api/documents/{HIDDEN}/rendition/ocr").status_code == 404
    found = officer.get("/api/search", params={"q": _words(texts[1])}).json()
    # Nothing has the phrase for an officer: at most the closest matches among what it sees.
    assert HIDDEN not in [h["docCode"] for h in found["hits"]]
    assert found["total"] == 0 or found["fallback"]
    shown = officer.get("/api/search", params={"q": _words(texts[0])}).json()
    assert [h["docCode"] for h in shown["hits"]] == [OPEN]
    assert "<mark>" in str(shown["hits"][0]["snippets"])
    with new_client(ocr_archive) as archivist:
        login(archivist, "archivist")
        assert archivist.get(f"/documents/{HIDDEN}/rendition/ocr").status_code == 200
        hits = archivist.get("/api/search", params={"q": _words(texts[1])}).json()["hits"]
        assert [h["docCode"] for h in hits] == [HIDDEN]
