"""Statistics of the archive for archivists and auditors (TT 05/2025 Chương VI; docs/statistics.md):
holdings grouped by year, organ, document type, access mode, format and retention; growth per
month; views, downloads, readings, use requests and copies issued per month and per record.

A job: it reads the catalog, the audit log and the access rules of several domains, and writes
nothing. Every figure is one bounded SQL aggregate on SQLite and PostgreSQL alike; no row of the
catalog is loaded one by one."""
