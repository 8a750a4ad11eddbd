"""Fixtures of the rebuild tests: the served test PKI of the signature tests."""

from __future__ import annotations

from tests.unit.signatures.conftest import pki

__all__ = ["pki"]
