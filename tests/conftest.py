"""Suite-wide fixtures. Logic lives in tests/support; this file only wires it into pytest.

PostgreSQL is a required part of the suite: when no server binaries are found the tests that
need it fail (never skip). Under pytest-xdist every worker starts its own cluster.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.clamav import ClamavNotFound, ClamdServer
from tests.support.postgres import PostgresCluster, running_cluster
from tests.support.process import start_required
from tests.support.s3fixtures import (  # noqa: F401  (fixtures for the whole suite)
    s3_bucket,
    s3_env,
    s3_settings,
    s3_store,
    seaweed,
)

# Signature validation workers run on the real clock, and the suite freezes the archive's clock
# (freezegun) around most ingests: validate in the ingest process unless a test asks for a pool
# (tests/unit/signatures/test_pool.py). Subprocesses (the CLI tests) inherit this.
os.environ.setdefault("ARCHIVE_INGEST_WORKERS", "1")

POSTGRES_FIXTURES = frozenset({"postgres_cluster", "pg_url"})
S3_FIXTURES = frozenset({"seaweed", "s3_bucket", "s3_settings", "s3_store"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the PostgreSQL cluster with ``postgres``, SeaweedFS with ``s3``.

    (``catalog_url[postgresql]`` reaches the cluster through ``getfixturevalue``; its param
    carries the marker itself.) The clock-shifted run of scripts/test leaves ``s3`` out: S3
    signatures carry the client's time, and SeaweedFS reads the real one.
    """
    for item in items:
        names = getattr(item, "fixturenames", ())
        if POSTGRES_FIXTURES.intersection(names):
            item.add_marker(pytest.mark.postgres)
        if S3_FIXTURES.intersection(names):
            item.add_marker(pytest.mark.s3)


# --------------------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster for the whole session (per xdist worker)."""
    with running_cluster(tmp_path_factory.mktemp("postgres")) as cluster:
        yield cluster


@pytest.fixture
def pg_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """SQLAlchemy URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = postgres_cluster.create_database(name)
    try:
        yield url
    finally:
        postgres_cluster.drop_database(name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a fresh, empty catalog database; every test using it runs on both engines."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def catalog_on(request: pytest.FixtureRequest) -> Iterator[Callable[[], dict[str, str]]]:
    """A maker of catalog settings on the test's engine, one fresh catalog per call: ``{}``
    (the home's own SQLite file) or a new PostgreSQL database. Every test using it runs on both
    engines; for tests that open several homes, which ``catalog_url`` (one database) cannot."""
    if request.param == "sqlite":
        yield dict
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    names: list[str] = []

    def make() -> dict[str, str]:
        names.append(f"test_{uuid.uuid4().hex[:16]}")
        return {"database_url": cluster.create_database(names[-1])}

    yield make
    for name in names:
        cluster.drop_database(name)


# --------------------------------------------------------------------------- ClamAV


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClamdServer]:
    """One clamd on the suite's own signature database (the EICAR test signature), per worker."""
    folder = tmp_path_factory.mktemp("clamd")
    server = start_required("ClamAV", lambda: ClamdServer.start(folder), ClamavNotFound)
    try:
        yield server
    finally:
        server.stop()
