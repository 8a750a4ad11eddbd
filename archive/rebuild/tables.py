"""Where each catalog table comes back from after the catalog is lost (ADR 0019), in one
place: ``archive rebuild`` restores what is listed here as restored, ``archive rebuild
--check`` and the restore drill compare every table of the schema row for row except the
catalog-only ones, and docs/operations.md ("What the catalog alone holds") lists the same
catalog-only tables (tests/unit/rebuild checks that the two agree). A table missing from
both lists makes the comparison report it: a new table must be classified here.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CATALOG_ONLY",
    "CATALOG_ONLY_COLUMNS",
    "DERIVED",
    "FROM_EVENTS",
    "FROM_OBJECTS",
    "KEYS",
    "ONE_SIDED",
    "ROWS",
    "SCOPES",
]

FROM_OBJECTS: Final[dict[str, str]] = {
    "fonds": "the AIP's EAD (v1 of each dossier object)",
    "dossiers": "the AIP's EAD, then the change records of later versions",
    "documents": "the AIP's EAD_doc files",
    "files": "the AIP's METS and inventory; preservation and OCR manifests of later versions",
    "signatures": "the validation reports in the AIP; revalidation events (their report)",
    "file_validations": "the validation reports in the AIP; revalidation events",
    "evidence_batches": "the evidence-record batch objects",
    "evidence_records": "the evidence-record batch objects",
    "ocr_jobs": "the OCR manifests (done rows)",
    "object_copies": "one row per store holding each object",
    "agents": "agents.json of the sealed log",
    "events": "the sealed log's segments",
    "event_links": "the sealed log's segments (each event's objects)",
    "tray_documents": "the received edXML envelopes' objects (tray.json, and a withdrawal)",
}
"""Tables rebuilt from what the objects hold (the dossiers, the sealed log, evidence)."""

FROM_EVENTS: Final[dict[str, str]] = {
    "holds": "hold placed / hold released",
    "use_requests": "use request, approved, refused, grant expired",
    "retention_rules": "retention schedule change (seed, import)",
    "council_members": "council member added",
    "disposal_lists": "disposal review, council concluded, decision, executed",
    "disposal_items": "disposal review, deaccession",
    "disposal_opinions": "appraisal (a council member's opinion)",
    "disposal_attachments": "appraisal (a document attached), disposal decision",
    "destruction_records": "deaccession",
    "transfers": "transfer registration, transfer, transfer receipt, deletion",
    "pending_packages": "ingestion start (held for review), accession, ingestion end (returned)",
    "receipts": "accession, ingestion end (returned)",
    "minutes": "minutes written",
}
"""Tables folded from the sealed events, each row as its last event left it
(``archive.audit.rowstate``); the rows keep their ids, which people use (hold 3, request #7)."""

DERIVED: Final[dict[str, str]] = {
    "audit_head": "the chain's last link: set from head.json, then moved by the rebuild's own "
    "event; 'archive audit verify' checks it",
}
"""Tables recomputed, not compared."""

CATALOG_ONLY: Final[dict[str, str]] = {
    "users": "accounts and password hashes: credentials are not records, and are never "
    "written to the record store (replicated, kept for decades)",
    "api_tokens": "secrets (hashes) of API clients: as for users",
    "web_sessions": "signed-in browsers: short-lived; after a loss people sign in again",
    "login_limits": "failed sign-in counters: short-lived; they start again at zero",
    "copies": "reading and plain copies: short-lived derivatives kept in <home>/copies, not in "
    "storage; the issue and deletion events in the sealed chain are their record",
    "inspection_plans": "the yearly inspection plans: working records of the inspection; "
    "the 'inspection plan' events in the sealed chain name every dossier planned",
    "inspection_items": "the dossiers of each plan and when they were inspected: the "
    "'inspection' events in the sealed chain are their record",
    "inspection_runs": "the runs of an inspection plan: as for inspection_items",
    "inspection_failures": "the failures found and their remedies: the 'inspection' and "
    "'inspection remedy' events in the sealed chain are their record",
}
"""Tables that deliberately live only in the catalog (docs/operations.md says how to back
them up)."""

CATALOG_ONLY_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "file_validations": ("claimed_by", "claimed_until"),
    "ocr_jobs": ("claimed_by", "claimed_until", "attempts", "updated_at"),
    "object_copies": (
        "head",
        "replicated_at",
        "checked_at",
        "check_outcome",
        "check_detail",
        "checked_bytes",
    ),
}
"""Columns not compared: work claims of running workers, and what a copy was when last written
or checked (its head then, when, the outcome: the events keep every replication and fixity
check, the next run sets them again; a rebuild records the head each store holds now)."""

KEYS: Final[dict[str, tuple[str, ...]]] = {
    "event_links": ("event_seq", "identifier", "role"),
    "signatures": ("file_id", "field"),
    "disposal_opinions": ("list_id", "member"),
    "disposal_attachments": ("list_id", "path"),
}
"""The key a row is matched by where the table has no unique key of its own but its ``id``
(which a rebuild gives again only to the rows folded from events)."""

SCOPES: Final[dict[str, str]] = {
    "events": "seq",
    "event_links": "event_seq",
}
"""Rows compared only up to the sealed head (the column holding the event's seq): what
followed the last seal is not in storage yet."""

ROWS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "ocr_jobs": ("state", ("done",)),
}
"""Rows compared only when a column holds one of these values: an OCR job that is not done
(not needed, failed, waiting) is work state, and the next 'archive ocr run' looks again."""

ONE_SIDED: Final[frozenset[str]] = frozenset({"agents", "object_copies"})
"""Tables where rows only the rebuilt catalog holds are expected: the rebuild's own agents;
a copy row for every object a store holds, where the live catalog records the copy of a
record object or a new evidence batch only at its next replication or fixity check."""
