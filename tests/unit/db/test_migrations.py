"""Alembic migrations on both engines: schema in sync with the models, reversible, and the
audit log's append-only triggers in force."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from archive.audit.chain import NewEvent, append_events
from archive.audit.models import Event
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.db.migrate import (
    HEAD,
    current_revision,
    downgrade,
    drift,
    head_revision,
    script_head,
    upgrade,
)
from archive.schema import metadata

CATALOG_TABLES = set(metadata.tables)


@pytest.fixture
def engine(catalog_url: str) -> Iterator[Engine]:
    engine = make_engine(catalog_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _append_one(engine: Engine) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        append_events(session, [NewEvent(event_type="ingestion", detail="first event")])


def test_head_constant_is_the_head_of_the_scripts() -> None:
    """Opening an archive compares with ``HEAD`` without reading the scripts (start-up time):
    a new migration must move it."""
    assert head_revision() == HEAD == script_head()


def test_upgrade_head_on_empty_database_matches_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert not _tables(engine) & CATALOG_TABLES

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert _tables(engine) >= CATALOG_TABLES
    assert drift(engine, metadata) == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_then_upgrade_again(engine: Engine) -> None:
    upgrade(engine)
    _append_one(engine)

    downgrade(engine, "base")

    assert current_revision(engine) is None
    assert not _tables(engine) & CATALOG_TABLES

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert _tables(engine) >= CATALOG_TABLES
    assert drift(engine, metadata) == []
    with engine.connect() as conn:  # the triggers came back too
        assert conn.scalar(select(Event.seq)) is None
    _append_one(engine)
    with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text("DELETE FROM events"))


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("UPDATE events SET detail = 'rewritten' WHERE seq = 1", id="update"),
        pytest.param("DELETE FROM events WHERE seq = 1", id="delete"),
    ],
)
def test_events_are_append_only(engine: Engine, statement: str) -> None:
    upgrade(engine)
    _append_one(engine)
    factory = make_session_factory(engine)

    with pytest.raises(DBAPIError, match="append-only"), unit_of_work(factory) as session:
        session.execute(text(statement))

    with unit_of_work(factory) as session:
        rows = session.scalars(select(Event)).all()
        assert [(row.seq, row.detail) for row in rows] == [(1, "first event")]


def test_truncate_of_events_is_refused_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade(engine)
        _append_one(engine)
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text("TRUNCATE events CASCADE"))
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM events")) == 1
    finally:
        engine.dispose()


def test_0009_keeps_users_and_tokens_and_replaces_login_failures(engine: Engine) -> None:
    """Sessions, token expiry and login limits (issue #13) over a catalog at 0008 with a user,
    a token and a failed login: the user and token survive (the token with no expiry), the
    failures table goes, and the way back restores 0008's tables."""
    upgrade(engine, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, name, role, password_hash, active, created_at) "
                "VALUES (1, 'minh', 'officer', 'x', :t, '2026-01-01T00:00:00+00:00')"
            ),
            {"t": True},
        )
        conn.execute(
            text(
                "INSERT INTO api_tokens (user_id, token_sha256, created_at, revoked) "
                "VALUES (1, :d, '2026-01-01T00:00:00+00:00', :f)"
            ),
            {"d": "a" * 64, "f": False},
        )
        conn.execute(text("INSERT INTO login_failures (key, failed_at) VALUES ('k', 1.0)"))
    upgrade(engine, "0009")
    assert "login_failures" not in _tables(engine)
    assert {"web_sessions", "login_limits"} <= _tables(engine)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT token_sha256, expires_at, revoked_at FROM api_tokens"))
        assert row.one() == ("a" * 64, None, None)
    if head_revision() == "0009":
        assert drift(engine, metadata) == []
    downgrade(engine, "0008")
    assert "login_failures" in _tables(engine)
    assert not {"web_sessions", "login_limits"} & _tables(engine)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM api_tokens")) == 1


def test_0010_to_0012_keep_files_and_add_the_gate(engine: Engine) -> None:
    """Formats (0010), review (0011) and receipts (0012) over a catalog at 0009 holding a
    dossier's file: the file keeps its row, with no format version, tool or PDF/A claim until
    identified; the way back drops only what the gate added."""
    upgrade(engine, "0009")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO dossiers (id, object_id, object_version, sip_objid, "
                "package_fingerprint, ingested_at, status, file_code, arc_file_code, organ_id, "
                "file_catalog, file_notation, title, maintenance, mode, language, start_date, "
                "end_date, end_year, total_doc, number_of_page) VALUES (1, 'urn:uuid:x', 'v1', "
                "'uuid-x', :fp, '2026-01-01', 'active', 'f', 'a', '000.00.00.H49', 2024, '01.VP', "
                "'t', '01', '01', '01', '01/01/2024', '31/12/2024', 2024, 1, 1)"
            ),
            {"fp": "0" * 64},
        )
        conn.execute(
            text(
                "INSERT INTO files (dossier_id, role, path, size, sha256, sha512, format_puid, "
                "store, content_path, version) VALUES (1, 'original', 'a.pdf', 3, :s, :l, "
                "'fmt/276', 'primary', 'v1/content/a.pdf', 'v1')"
            ),
            {"s": "1" * 64, "l": "2" * 128},
        )
    upgrade(engine)
    assert {"pending_packages", "receipts"} <= _tables(engine)
    assert drift(engine, metadata) == []
    with engine.connect() as conn:
        row = conn.execute(text("SELECT format_puid, format_version, format_tool, pdfa FROM files"))
        assert row.one() == ("fmt/276", None, None, None)
    downgrade(engine, "0009")
    assert not {"pending_packages", "receipts"} & _tables(engine)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT format_puid FROM files")) == "fmt/276"


def test_0013_adds_use_requests_and_goes_back(engine: Engine) -> None:
    """Use requests (0013) over a catalog at 0012: a new table, the schema in sync with the
    models, and the way back drops only it."""
    upgrade(engine, "0012")
    assert "use_requests" not in _tables(engine)
    upgrade(engine, "0013")
    assert "use_requests" in _tables(engine)
    assert drift(engine, metadata) == [] or head_revision() != "0013"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO use_requests (record, requester, purpose, state, requested_at) "
                "VALUES ('d', 'minh', 'p', 'pending', '2026-11-02T08:00:00+00:00')"
            )
        )
    downgrade(engine, "0012")
    assert "use_requests" not in _tables(engine)
    assert {"pending_packages", "receipts"} <= _tables(engine)


def test_0014_adds_the_ocr_jobs_and_goes_back(engine: Engine) -> None:
    """OCR renditions (0014, issue #18): one table of each document's OCR state and claims,
    over a catalog at 0012; the way back drops only that table."""
    upgrade(engine, "0012")
    assert "ocr_jobs" not in _tables(engine)
    upgrade(engine)
    assert "ocr_jobs" in _tables(engine)
    assert drift(engine, metadata) == []
    downgrade(engine, "0012")
    assert "ocr_jobs" not in _tables(engine)
    assert {"files", "documents", "receipts"} <= _tables(engine)


def test_0015_adds_the_copies_and_goes_back(engine: Engine) -> None:
    """Reading and plain copies (0015, issue #19): one new table over a catalog at 0014, the
    schema in sync with the models; the way back drops only it."""
    upgrade(engine, "0014")
    assert "copies" not in _tables(engine)
    upgrade(engine, "0015")
    assert "copies" in _tables(engine)
    assert drift(engine, metadata) == [] or head_revision() != "0015"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO copies (kind, record, holder, issued_at, valid_until, file, "
                "filename, size, sha256) VALUES ('plain', 'd', 'minh', "
                "'2026-11-02T08:00:00+00:00', '2026-11-17T08:00:00+00:00', 'f.pdf', 'd.pdf', 1, "
                "'00')"
            )
        )
    downgrade(engine, "0014")
    assert "copies" not in _tables(engine)
    assert {"ocr_jobs", "use_requests"} <= _tables(engine)


def test_0017_adds_the_filing_tray_and_goes_back(engine: Engine) -> None:
    """The filing tray (0017, issue #21): one table of received edXML documents, over a
    catalog at 0015; the way back drops only that table."""
    upgrade(engine, "0015")
    assert "tray_documents" not in _tables(engine)
    upgrade(engine, "0017")
    assert "tray_documents" in _tables(engine)
    assert drift(engine, metadata) == [] or head_revision() != "0017"
    downgrade(engine, "0015")
    assert "tray_documents" not in _tables(engine)
    assert {"files", "documents", "ocr_jobs"} <= _tables(engine)


def test_0018_adds_the_minutes_and_goes_back(engine: Engine) -> None:
    """Minutes (0018, issue #20): one table of minutes kept as record objects, over a catalog
    at 0017; a form, procedure and number written twice is refused; the way back drops only
    that table."""
    upgrade(engine, "0017")
    assert "minutes" not in _tables(engine)
    upgrade(engine, "0018")
    assert "minutes" in _tables(engine)
    assert drift(engine, metadata) == [] or head_revision() != "0018"
    row = (
        "INSERT INTO minutes (object_id, form, procedure_kind, procedure_code, number, title, "
        "place, held_on, written_at, written_by, version, pdf_sha256, json_sha256) VALUES "
        "('{oid}', 'handover', 'transfer', 'NL-1', '01/BB', 'Biên bản', 'Hà Nội', '2026-12-07', "
        "'2026-12-07T08:00:00+00:00', 'lan', 'v1', '00', '00')"
    )
    with engine.begin() as conn:
        conn.execute(text(row.format(oid="urn:archive:minutes:a")))
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text(row.format(oid="urn:archive:minutes:b")))
    downgrade(engine, "0017")
    assert "minutes" not in _tables(engine)
    assert {"tray_documents", "files"} <= _tables(engine)


def test_0022_adds_filing_and_recall_columns_and_goes_back(engine: Engine) -> None:
    """Filing and the recall of a filed document (0022, issue #21): three columns of the tray,
    over a catalog at 0017; the way back drops only them, the rows stay."""
    upgrade(engine, "0017")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tray_documents (code, state, object_id, envelope_sha256, "
                "document_identifier, sender_id, sender_name, code_number, code_notation, "
                "issued_on, type_name, subject, business_type, received_at, received_by, signed, "
                "metadata_json, attachments_json, findings_json) VALUES ('VBD-1', 'received', "
                "'o', 's', 'd', 'x', 'x', '1', 'n', '2026-11-01', 't', 's', 'new', 'r', 'r', "
                "'unsigned', '{}', '[]', '[]')"
            )
        )
    upgrade(engine, "0022")
    columns = {c["name"] for c in inspect(engine).get_columns("tray_documents")}
    assert {"filed_documents_json", "recall_state", "recall_hold_id"} <= columns
    assert drift(engine, metadata) == [] or head_revision() != "0022"
    downgrade(engine, "0017")
    columns = {c["name"] for c in inspect(engine).get_columns("tray_documents")}
    assert "recall_state" not in columns and "filed_dossier" in columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code FROM tray_documents")).scalars().all() == ["VBD-1"]


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_0019_adds_the_council_conclusion_and_goes_back(engine: Engine) -> None:
    """The council's conclusion on a disposal list and what a destruction erased where (0019,
    issue #20): nullable columns over a catalog at 0018, a list made before them keeps its
    rows; the way back drops only those columns."""
    upgrade(engine, "0018")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO disposal_lists (code, year, status, object_id, proposed_by, "
                "created_at) VALUES ('HUY-2026-01', 2026, 'review', 'urn:x', 'lan', 't')"
            )
        )
    upgrade(engine, "0019")
    assert {"council_result", "council_agree", "council_minutes_path"} <= _columns(
        engine, "disposal_lists"
    )
    assert "erased_json" in _columns(engine, "destruction_records")
    assert drift(engine, metadata) == [] or head_revision() != "0019"
    with engine.begin() as conn:
        row = conn.execute(text("SELECT code, council_result FROM disposal_lists")).one()
    assert tuple(row) == ("HUY-2026-01", None)
    downgrade(engine, "0018")
    assert "council_result" not in _columns(engine, "disposal_lists")
    assert "erased_json" not in _columns(engine, "destruction_records")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT code FROM disposal_lists")).scalar_one() == "HUY-2026-01"


def test_0021_adds_the_inspection_tables_and_goes_back(engine: Engine) -> None:
    """Periodic inspection (0021, issue #20 part 4): plans, items, runs and failures over a
    catalog at 0018, the schema in sync with the models; the way back drops only them."""
    tables = {"inspection_plans", "inspection_items", "inspection_runs", "inspection_failures"}
    upgrade(engine, "0018")
    assert not tables & _tables(engine)
    upgrade(engine, "0021")
    assert tables <= _tables(engine)
    assert drift(engine, metadata) == [] or head_revision() != "0021"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO inspection_plans (year, created_at, created_by, holding) "
                "VALUES (2026, '2026-01-05T08:00:00+00:00', 'lan', 1)"
            )
        )
    downgrade(engine, "0018")
    assert not tables & _tables(engine)
    assert {"minutes", "tray_documents", "files"} <= _tables(engine)
