"""Every verdict badge of the web page is rendered (issue #16 part 5): TOTAL_PASSED,
TOTAL_FAILED and INDETERMINATE, and NO_SIGNATURE for an unsigned document, on the document page
and on the verification page, in Vietnamese and in English; quirk files render like any other.

An archive home of its own: it trusts the served test PKI and accepts failed signatures with a
warning (``signature_policy_failed = "warn"``), so that a TOTAL_FAILED document is stored to be
shown. One dossier: an NĐ 30 B-LTA (passed), a B-T with a page replaced after signing (failed),
a B-T from an untrusted CA (indeterminate), an unsigned PDF, and two quirk files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.users.service import add_user
from archive.web import create_app
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    serve_pki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.support.quirks import QUIRKS, build
from tests.support.signed import doc_code, package
from tests.unit.signatures.test_validate import swap_page_contents
from tests.web.conftest import PASSWORD, login

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
DOCS = {  # document number → what its bottom line must be
    1: "TOTAL_PASSED",
    2: "TOTAL_FAILED",
    3: "INDETERMINATE",
    4: "NO_SIGNATURE",
    5: "INDETERMINATE",  # quirk: dss-dangling-reference
    6: "INDETERMINATE",  # quirk: appended-eof
}
WORDS = {
    "vi": {
        "TOTAL_PASSED": "Hợp lệ",
        "TOTAL_FAILED": "Không hợp lệ",
        "INDETERMINATE": "Chưa xác định được",
        "NO_SIGNATURE": "Không có chữ ký",
    },
    "en": {
        "TOTAL_PASSED": "Valid",
        "TOTAL_FAILED": "Invalid",
        "INDETERMINATE": "Indeterminate",
        "NO_SIGNATURE": "No signature",
    },
}
BADGE = re.compile(r'<span class="badge (\w+)"[^>]*>([^<]+)</span>')


@pytest.fixture(scope="module")
def badges_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("badges")
    with serve_pki(tmp_path_factory.mktemp("pki")) as pki:
        files = _files(pki)
        settings = load_settings(
            home=tmp / "home", trust_roots=[pki.root_pem_path], signature_policy_failed="warn"
        )
        with open_archive(settings, create=True) as archive:
            with freeze_time(LATER_THAT_DAY, tick=True):
                result = archive.ingest(package(tmp, 1, *files), person_agent("lan"))
            assert result.status == "accepted", result.report.as_dict()
            with unit_of_work(archive.sessions) as session:
                add_user(session, "auditor", "auditor", PASSWORD, person_agent("test"))
            yield archive


def _files(pki: TestPki) -> list[bytes]:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(SIGNING_TIME, tick=True):
        lta = sign_nd30_pdf(pki, "B-LTA")
        bt = sign_test_pdf(pki, rendered, "B-T", "signer-person")
        rogue = sign_test_pdf(pki, rendered, "B-T", "rogue-signer")
    by_name = {q.name: q for q in QUIRKS}
    quirks = [build(pki, by_name[n]) for n in ("dss-dangling-reference", "appended-eof")]
    return [lta, swap_page_contents(bt), rogue, rendered, *quirks]


@pytest.fixture
def auditor(badges_archive: Archive) -> Iterator[TestClient]:
    with TestClient(create_app(badges_archive), follow_redirects=False) as client:
        login(client, "auditor")
        yield client


def badges(html: str) -> list[tuple[str, str]]:
    return BADGE.findall(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("n", sorted(DOCS))
def test_document_page_shows_the_bottom_line_badge(auditor: TestClient, n: int, lang: str) -> None:
    auditor.get(f"/lang/{lang}")
    page = auditor.get(f"/documents/{doc_code(1, n)}")
    assert page.status_code == 200
    shown = badges(page.text)
    expected = DOCS[n]
    assert shown[0] == (expected, WORDS[lang][expected])  # the badge beside "Signatures"
    for css, words in shown[1:]:  # one per signature, each in the page's language
        assert words == WORDS[lang][css]


@pytest.mark.parametrize("n", sorted(DOCS))
def test_verification_page_shows_every_badge(auditor: TestClient, n: int) -> None:
    auditor.get("/lang/vi")
    page = auditor.get(f"/documents/{doc_code(1, n)}/verification")
    assert page.status_code == 200
    shown = badges(page.text)
    assert shown[0] == (DOCS[n], WORDS["vi"][DOCS[n]])
    assert f"<code>{DOCS[n]}</code>" in page.text


def test_each_indication_has_its_badge_and_its_colour(auditor: TestClient) -> None:
    """The three ETSI indications are each rendered as a badge with its own CSS class, and the
    stylesheet colours each class."""
    seen = set()
    for n in DOCS:
        seen |= {css for css, _ in badges(auditor.get(f"/documents/{doc_code(1, n)}").text)}
    assert {"TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE", "NO_SIGNATURE"} <= seen
    css = auditor.get("/static/style.css").text
    for indication in ("TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE"):
        assert re.search(rf"\.{indication}\s*{{[^}}]*background", css), indication


def test_a_failed_signature_says_why_on_the_verification_page(auditor: TestClient) -> None:
    auditor.get("/lang/en")
    page = auditor.get(f"/documents/{doc_code(1, 2)}/verification")
    assert "TOTAL_FAILED/FORMAT_FAILURE" in page.text
    assert "modified after signing" in page.text


def test_quirk_files_render_with_their_reasons(auditor: TestClient) -> None:
    auditor.get("/lang/en")
    dangling = auditor.get(f"/documents/{doc_code(1, 5)}/verification").text
    assert "INDETERMINATE/FORMAT_FAILURE" in dangling
    assert "could not be analysed" in dangling
    unreadable = auditor.get(f"/documents/{doc_code(1, 6)}/verification").text
    assert "checked directly on the signed bytes" in unreadable


def test_the_json_api_carries_the_bottom_lines(auditor: TestClient) -> None:
    for n, expected in DOCS.items():
        data = auditor.get(f"/api/documents/{doc_code(1, n)}").json()
        assert data["validation"]["bottomLine"] == expected, n
