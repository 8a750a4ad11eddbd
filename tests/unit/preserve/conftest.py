"""Fixtures of the preserve tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.pki import TestPki, serve_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    """The test PKI (NEAC / Ban Cơ yếu look-alike) served on 127.0.0.1 for one module."""
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served
