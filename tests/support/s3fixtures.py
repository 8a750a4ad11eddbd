"""S3 fixtures: the throwaway SeaweedFS of the suite, a fresh locked bucket per test.

SeaweedFS is a required part of the suite like PostgreSQL: when ``weed`` is missing the tests
that need it fail (never skip). Under pytest-xdist every worker starts its own server, only
when one of its tests asks for it.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.config import Settings, load_settings
from archive.storage.s3 import MIN_PART_SIZE, S3ObjectStore, ensure_bucket, open_s3_store
from tests.support.process import start_required
from tests.support.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedNotFound, SeaweedServer

_buckets = itertools.count()


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """One SeaweedFS (S3 gateway with Object Lock) for the whole session (per xdist worker)."""
    folder = tmp_path_factory.mktemp("seaweed")
    server = start_required("SeaweedFS", lambda: SeaweedServer.start(folder), SeaweedNotFound)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """boto3's standard credential variables for the test server, and nothing else of AWS."""
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def s3_bucket(seaweed: SeaweedServer) -> Iterator[str]:
    """A fresh bucket with versioning and Object Lock."""
    name = f"t{os.getpid()}-{next(_buckets)}-{uuid.uuid4().hex[:8]}"
    client = seaweed.client()
    try:
        ensure_bucket(client, name)
    finally:
        client.close()
    yield name


@pytest.fixture
def s3_settings(tmp_path: Path, seaweed: SeaweedServer, s3_bucket: str, s3_env: None) -> Settings:
    """Settings of an archive home whose store is the test bucket (short timeouts)."""
    return load_settings(
        home=tmp_path / "home",
        storage_backend="s3",
        s3_endpoint_url=seaweed.endpoint_url,
        s3_bucket=s3_bucket,
        s3_max_attempts=2,
        s3_timeout_s=10,
        s3_part_size_mib=MIN_PART_SIZE // 2**20,
    )


@pytest.fixture
def s3_store(s3_settings: Settings) -> S3ObjectStore:
    """The S3 store of ``s3_settings`` (5 MiB parts, so multipart is cheap to exercise)."""
    return open_s3_store(s3_settings)
