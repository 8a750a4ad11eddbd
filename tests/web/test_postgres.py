"""The web doors on the production engine: the same home as the other web tests, catalogued on
PostgreSQL (``pg_web_archive``). The access matrix runs whole; a view and a download are
events in a chain that verifies; the audit log refuses to be rewritten there too."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from archive.bootstrap import Archive
from tests.web.conftest import events_since, last_seq, login, new_client
from tests.web.test_access_matrix import ROLES, check_role

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01


def test_the_catalog_is_postgresql(pg_web_archive: Archive) -> None:
    assert pg_web_archive.engine.dialect.name == "postgresql"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_on_postgresql(
    pg_web_archive: Archive, pg_tokens: dict[str, str], role: str
) -> None:
    check_role(pg_web_archive, role, pg_tokens)


def test_a_download_is_two_events_and_the_chain_holds(pg_web_archive: Archive) -> None:
    before = last_seq(pg_web_archive)
    with new_client(pg_web_archive) as client:
        login(client, "officer")
        assert client.get(f"/documents/{DECISION}").status_code == 200
        got = client.get(f"/documents/{DECISION}/original")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert got.headers["x-content-sha256"] == hashlib.sha256(got.content).hexdigest()
    kinds = [e.event_type for e in events_since(pg_web_archive, before)]
    # the login, the page, the file, and the app's seal of the log when it stopped
    assert kinds == ["authentication", "access", "dissemination", "audit seal"]
    assert pg_web_archive.verify_audit().ok


@pytest.mark.parametrize(
    "statement", ["UPDATE events SET seq = seq", "DELETE FROM events", "TRUNCATE events CASCADE"]
)
def test_the_audit_log_is_append_only_on_postgresql(
    pg_web_archive: Archive, statement: str
) -> None:
    with pg_web_archive.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text(statement))
