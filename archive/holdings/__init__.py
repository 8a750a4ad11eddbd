"""Holdings management over the stores and the catalog: replication, fixity audits, repair,
and consistency between storage and catalog (ADR 0009)."""
