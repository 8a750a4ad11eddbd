"""Signature validation and long-term validity: trust store, PAdES validation, the ingest
step, the protection horizon and PAdES-LTA augmentation (docs/signatures.md)."""
