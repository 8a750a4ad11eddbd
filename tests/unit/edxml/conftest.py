"""Fixtures of the edXML tests: the served test PKI and two ND 30 signed PDFs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.pki import TestPki, serve_pki, sign_nd30_pdf


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    """The test PKI served on 127.0.0.1 for one module."""
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def signed_pdfs(pki: TestPki) -> tuple[bytes, bytes]:
    """Two PDFs signed as NĐ 30 requires (person, then agency), B-LT."""
    return sign_nd30_pdf(pki, "B-LT"), sign_nd30_pdf(pki, "B-LT", person="signer-person")
