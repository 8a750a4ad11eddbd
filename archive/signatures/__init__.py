"""Signature validation and long-term validity (issue #3 fills this package)."""
