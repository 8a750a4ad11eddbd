"""Review before acceptance (TT 05/2025 Chương IV, docs/domain.md §4.8): with
``ingest_review`` a valid package waits, whole and checksummed, in the pending area in state
"Chờ tiếp nhận" until an archivist accepts it (the AIP is then built as any ingest builds it) or
returns it with reasons; either way a receipt is kept (biên bản giao nhận / phiếu trả lại)."""
