"""The models split per domain still make one schema: every table registered, every mapper
configured (relationships are named by string and resolved through the one registry)."""

from __future__ import annotations

from sqlalchemy.orm import configure_mappers

from archive.db.base import Base
from archive.schema import MODEL_MODULES, metadata

TABLES = {
    "agents",
    "api_tokens",
    "audit_head",
    "copies",
    "council_members",
    "destruction_records",
    "disposal_attachments",
    "disposal_items",
    "disposal_lists",
    "disposal_opinions",
    "documents",
    "dossiers",
    "event_links",
    "events",
    "evidence_batches",
    "evidence_records",
    "file_validations",
    "files",
    "fonds",
    "holds",
    "inspection_failures",
    "inspection_items",
    "inspection_plans",
    "inspection_runs",
    "login_limits",
    "minutes",
    "object_copies",
    "ocr_jobs",
    "pending_packages",
    "receipts",
    "retention_rules",
    "signatures",
    "transfers",
    "tray_documents",
    "use_requests",
    "users",
    "web_sessions",
}


def test_schema_holds_every_table() -> None:
    assert metadata is Base.metadata
    assert set(metadata.tables) == TABLES


def test_every_mapper_configures() -> None:
    configure_mappers()
    mapped = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert mapped == {module.__name__ for module in MODEL_MODULES}


def test_each_table_lives_in_one_model_module() -> None:
    owners: dict[str, str] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name
        assert table not in owners, table
        owners[table] = mapper.class_.__module__
    assert set(owners) == TABLES
