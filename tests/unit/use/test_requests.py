"""Requests to use a conditional record (docs/use.md), through the JSON API and the core: an
officer asks with a purpose, the archivist approves for a period, the grant opens exactly that
document for exactly that officer (page, API, download) and closes by itself when it ends;
refusals carry their reason; every step is an event; nothing leaks through a request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.use.service import approve, refuse, request_use
from archive.users.service import add_user, issue_token
from archive.web import create_app
from tests.support.retention import ingest_dossier

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
PASSWORD = "mat-khau-thu-nghiem-2026"
USERS = {"minh": "officer", "an": "officer", "lan": "archivist", "hoa": "auditor"}


@pytest.fixture
def home(archive: Archive, tmp_path: Path) -> Iterator[tuple[Archive, dict[str, str]]]:
    """A Công khai dossier with a conditional (02) first document, a Mật (03) one, users."""
    with freeze_time(START, tick=True):
        ingest_dossier(archive, tmp_path, 1, maintenance="01", doc_mode="02", docs=2)
        ingest_dossier(archive, tmp_path, 2, maintenance="01", doc_mode="03", docs=1)
        with unit_of_work(archive.sessions) as s:
            for name, role in USERS.items():
                add_user(s, name, role, PASSWORD, person_agent("test"))
            tokens = {n: issue_token(s, n, person_agent("test")) for n in USERS}
    yield archive, tokens


def _doc(n: int, i: int = 1) -> str:
    return f"000.00.00.H49.2010.{n:02d}.VP.{i:07d}"


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def _events(archive: Archive, kind: str) -> list[Event]:
    with unit_of_work(archive.sessions) as s:
        rows = list(s.scalars(select(Event).where(Event.event_type == kind).order_by(Event.seq)))
        s.expunge_all()
        return rows


def test_request_approve_use_and_expire_through_the_api(
    home: tuple[Archive, dict[str, str]],
) -> None:
    archive, tokens = home
    code = _doc(1)
    minh, an, lan = (_bearer(tokens[n]) for n in ("minh", "an", "lan"))
    with freeze_time(START + timedelta(days=1)) as clock, TestClient(create_app(archive)) as web:
        assert web.get(f"/api/documents/{code}", headers=minh).status_code == 404
        body = {"code": code, "purpose": "Giải quyết khiếu nại về đất đai"}
        cookie_only = web.post("/api/use-requests", json=body)
        assert cookie_only.status_code == 401  # writes take a bearer token only
        asked = web.post("/api/use-requests", json=body, headers=minh)
        assert asked.status_code == 201, asked.text
        number = asked.json()["id"]
        assert asked.json()["state"] == "pending"
        again = web.post("/api/use-requests", json=body, headers=minh)
        assert again.status_code == 409
        # Only an approver decides, never for someone else's role, never the requester.
        url = f"/api/use-requests/{number}/approve"
        assert web.post(url, json={"days": 5}, headers=an).status_code == 409
        assert web.post(url, json={"days": 500}, headers=lan).status_code == 400
        approved = web.post(url, json={"days": 5}, headers=lan)
        assert approved.status_code == 200, approved.text
        assert approved.json()["validUntil"] == "2026-11-08T08:00:00+00:00"

        # The grant opens exactly that document, to exactly that officer.
        assert web.get(f"/api/documents/{code}", headers=minh).status_code == 200
        original = web.get(f"/api/documents/{code}/original", headers=minh)
        assert original.status_code == 200 and original.content.startswith(b"%PDF")
        assert web.get(f"/api/documents/{code}", headers=an).status_code == 404
        assert web.get(f"/api/documents/{_doc(1, 2)}", headers=minh).status_code == 200  # 01
        dossier = web.get("/api/dossiers/000.00.00.H99.000.00.00.H49.2010.01.VP", headers=minh)
        assert code not in dossier.text  # the grant opens the document, not its listing

        # It closes by itself when its period ends, and the listing marks it expired.
        clock.move_to(START + timedelta(days=6, seconds=1))
        assert web.get(f"/api/documents/{code}", headers=minh).status_code == 404
        assert web.get(f"/api/documents/{code}/original", headers=minh).status_code == 404
        (row,) = web.get("/api/use-requests?everything=true", headers=minh).json()
        assert row["state"] == "expired"
        assert web.get("/api/use-requests", headers=lan).json() == []  # closed ones hidden
    kinds = ("use request", "use request approved", "use grant expired")
    assert [len(_events(archive, k)) for k in kinds] == [1, 1, 1]
    assert "Giải quyết khiếu nại" in _events(archive, "use request")[0].detail
    assert archive.verify_audit().ok


def test_refusals_and_what_a_request_reveals(home: tuple[Archive, dict[str, str]]) -> None:
    archive, _ = home
    lan, agent = "lan", person_agent("lan")
    with unit_of_work(archive.sessions) as s:
        settings = archive.settings
        row = request_use(s, settings, "minh", _doc(1), "Nghiên cứu", person_agent("minh"))
        with pytest.raises(InvalidInput, match="reason"):
            refuse(s, settings, row.id, lan, "  ", agent)
        officers_decide = settings.model_copy(update={"use_approver_roles": ["officer"]})
        with pytest.raises(Conflict, match="own request"):
            refuse(s, officers_decide, row.id, "minh", "x", agent)
        with pytest.raises(Conflict, match="use_approver_roles"):
            approve(s, settings, row.id, "hoa", agent)
        refused = refuse(s, settings, row.id, lan, "Mục đích chưa rõ", agent)
        assert (refused.state, refused.reason) == ("refused", "Mục đích chưa rõ")
        with pytest.raises(Conflict, match="already refused"):
            approve(s, settings, row.id, lan, agent)
        with pytest.raises(InvalidInput, match="purpose"):
            request_use(s, settings, "minh", _doc(1), " ", agent)
        # A Mật document and a missing one get the same answer; a visible one needs none.
        answers = []
        for code in (_doc(2), _doc(9)):
            with pytest.raises(NotFound) as caught:
                request_use(s, settings, "minh", code, "Nghiên cứu", agent)
            answers.append(str(caught.value).replace(code, "X"))
        assert answers[0] == answers[1]
        with pytest.raises(Conflict, match="no request is needed"):
            request_use(s, settings, "minh", _doc(1, 2), "Nghiên cứu", agent)
        with pytest.raises(Conflict, match="no request is needed"):
            request_use(s, settings, "lan", _doc(1), "Nghiên cứu", agent)  # sees mode 02
    (event,) = _events(archive, "use request refused")
    assert "Mục đích chưa rõ" in event.detail


def test_the_form_checks_its_token_and_shows_refusals(
    home: tuple[Archive, dict[str, str]],
) -> None:
    archive, _ = home
    with TestClient(create_app(archive), follow_redirects=False) as web:
        form = web.get("/login").text
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        logged = web.post(
            "/login", data={"name": "minh", "password": PASSWORD, "csrf": csrf, "next": "/"}
        )
        assert logged.status_code == 303
        page = web.get("/use-requests")
        assert page.status_code == 200 and "Yêu cầu sử dụng một tài liệu" in page.text
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        forged = web.post("/use-requests", data={"code": _doc(1), "purpose": "x"})
        assert forged.status_code == 403
        secret = web.post("/use-requests", data={"code": _doc(2), "purpose": "x", "csrf": csrf})
        assert secret.status_code == 404
        assert "không có tài liệu sử dụng có điều kiện" in secret.text
        asked = web.post("/use-requests", data={"code": _doc(1), "purpose": "x", "csrf": csrf})
        assert asked.status_code == 303 and asked.headers["location"] == "/use-requests"
        shown = web.get("/use-requests").text
        assert _doc(1) in shown and "chờ duyệt" in shown
        assert "/approve" not in shown  # an officer decides nothing
    assert len(_events(archive, "use request")) == 1
