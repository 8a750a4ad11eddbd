"""The destruction pages over HTTP (docs/retention.md, ADR 0022): who may see them, what each
seat may do, restricted titles, CSRF and bounded uploads. The whole path in a real browser is
tests/browser/test_disposal_council.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.retention.disposal.review import review
from archive.users.service import add_user
from tests.support.retention import COUNCIL, council_concludes, ingest_dossier, seat_council
from tests.web.conftest import csrf_of, new_client

PDF = b"%PDF-1.7 quyet dinh"


@pytest.fixture
def listed(tmp_path: Path) -> Iterator[tuple[Archive, str, dict[str, str]]]:
    """An archive with a full council, an archivist (kho), an officer without a seat (minh)
    and a list of two expired dossiers, one of them of access mode 02."""
    settings = load_settings(home=tmp_path / "home", disposal_max_upload_bytes=4096)
    with open_archive(settings, create=True) as archive:
        open_ = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
        restricted = ingest_dossier(
            archive, tmp_path, 2, maintenance="06", end_year=2010, mode="02"
        )
        seat_council(archive)
        with unit_of_work(archive.sessions) as s:
            add_user(s, "kho", "archivist", "mat-khau-kho-2026", person_agent("admin"))
            add_user(s, "minh", "officer", "mat-khau-minh-2026", person_agent("admin"))
        code = review(archive, person_agent("kho"), today=date(2026, 6, 1)).code
        yield archive, code, {"open": open_, "restricted": restricted}


def _client(archive: Archive, name: str) -> TestClient:
    client = new_client(archive)
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "name": name,
            "password": f"mat-khau-{name}-2026",
            "csrf": csrf_of(page.text),
            "next": "/search",
        },
    )
    assert answer.status_code == 303, answer.text
    return client


def test_only_the_archivist_and_the_seated_see_the_pages(
    listed: tuple[Archive, str, dict[str, str]],
) -> None:
    archive, code, dossiers = listed
    outsider = _client(archive, "minh")
    assert outsider.get("/disposal").status_code == 403
    assert outsider.get(f"/disposal/{code}").status_code == 403
    assert 'href="/disposal"' not in outsider.get("/search").text
    member = _client(archive, "cuong")  # an officer with a seat on the council
    assert 'href="/disposal"' in member.get("/search").text
    listing = member.get("/disposal")
    assert listing.status_code == 200 and code in listing.text
    page = member.get(f"/disposal/{code}").text
    assert dossiers["open"] in page and dossiers["restricted"] in page
    assert "(hạn chế tiếp cận)" in page  # mode 02 is not the officer's to read
    assert 'action="/disposal/' + code + '/opinion"' in page
    assert "/execute" not in page and "/decision" not in page
    kho = _client(archive, "kho")
    keeper = kho.get(f"/disposal/{code}").text
    assert "(hạn chế tiếp cận)" not in keeper  # the archivist may see mode 02
    assert 'action="/disposal/' + code + '/opinion"' not in keeper  # no seat, no vote
    # the member's own opinion, from the form
    form = {"csrf": csrf_of(page), "vote": "disagree", "reason": ""}
    refused = member.post(f"/disposal/{code}/opinion", data=form)
    assert refused.status_code == 400 and "cần nêu lý do" in refused.text
    assert member.post(f"/disposal/{code}/opinion", data={**form, "csrf": "x"}).status_code == 403
    done = member.post(f"/disposal/{code}/opinion", data={**form, "reason": "Còn giá trị"})
    assert done.status_code == 303
    assert 'data-vote="disagree"' in member.get(f"/disposal/{code}").text
    # the archivist cannot vote: the refusal says why
    vote = {"csrf": csrf_of(keeper), "vote": "agree", "reason": ""}
    assert "không phải thành viên hội đồng" in kho.post(f"/disposal/{code}/opinion", data=vote).text


def test_the_decision_upload_is_bounded_and_needs_the_minutes(
    listed: tuple[Archive, str, dict[str, str]],
) -> None:
    archive, code, _dossiers = listed
    head = _client(archive, "an")
    page = head.get(f"/disposal/{code}").text
    assert 'id="decision-form"' in page
    fields = {"csrf": csrf_of(page), "number": "9/QĐ", "date": "01/07/2026", "outcome": "approve"}
    url = f"/disposal/{code}/decision"
    early = head.post(url, data=fields, files={"file": ("qd.pdf", PDF, "application/pdf")})
    assert early.status_code == 409
    assert "thiếu biên bản họp hội đồng xét hủy" in early.text
    big = head.post(url, data=fields, files={"file": ("qd.pdf", b"x" * 90_000, "application/pdf")})
    assert big.status_code == 413
    council_concludes(archive, code)
    decided = head.post(url, data=fields, files={"file": ("qd.pdf", PDF, "application/pdf")})
    assert decided.status_code == 303
    shown = head.get(f"/disposal/{code}").text
    assert 'data-decision="approved"' in shown and "9/QĐ" in shown
    assert not list((archive.settings.staging_dir).glob("upload-*"))  # nothing left behind
    # only the archivist executes
    assert head.post(f"/disposal/{code}/execute", data={"csrf": csrf_of(shown)}).status_code == 403
    assert [m for m, _r in COUNCIL]  # the council of the helper sat
