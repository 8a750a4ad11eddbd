"""Backup sets of the catalog, the configuration and a manifest of the store (TT 05/2025
Chương V; docs/operations.md, "Backups"; ADR 0023)."""
