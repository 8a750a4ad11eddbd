"""A PostgreSQL cluster of the fault tests' own, which they stop and start again: the jobs meet
a database that really went away (``pg_ctl stop -m fast``), not a mock of one."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.cli import archive_process as run_process
from tests.support.postgres import PostgresCluster, running_cluster

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fault_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    with running_cluster(tmp_path_factory.mktemp("postgres-faults")) as cluster:
        yield cluster


@pytest.fixture
def fault_db(fault_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh database on the cluster; the cluster is running again after the test."""
    name = f"fault_{uuid.uuid4().hex[:12]}"
    url = fault_cluster.create_database(name)
    try:
        yield url
    finally:
        if not fault_cluster.running:
            fault_cluster.resume()
        fault_cluster.drop_database(name)


@contextmanager
def database_down(cluster: PostgresCluster) -> Iterator[None]:
    """The database is stopped inside the block and started again after it."""
    cluster.pause()
    try:
        yield
    finally:
        cluster.resume()


def pausing(
    cluster: PostgresCluster, real: Callable[..., object], after: int = 1
) -> Callable[..., object]:
    """``real``, except that the database stops just after its ``after``-th call returns."""
    calls = {"n": 0}

    def wrapped(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == after:
            cluster.pause()
        return result

    return wrapped


def archive_process(home: Path, url: str, *args: str, fault: str = "") -> subprocess.Popen[str]:
    """``archive ARGS`` as its own process, messages in Vietnamese."""
    return run_process(home, url, *args, fault=fault, env={"ARCHIVE_LANG": "vi"})


def wait_for(path: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} not reached in {timeout} s")
        time.sleep(0.05)
