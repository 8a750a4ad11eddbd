"""Where backup sets are kept: a local directory or an S3 bucket and prefix.

A set is a folder ``<name>/`` of files. It counts only once its ``set.json`` is there: the
local target renames a finished folder into place, the S3 target writes ``set.json`` last,
so a run that dies leaves no set (at most files without their ``set.json``, which
``prune`` removes). Checks of the backup system (the quarterly job) are kept beside the sets
under ``checks/``. Unlike the stores, a target is not write-once: sets are pruned by the
retention settings and purged of what a destruction erased."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from archive.atomic import atomic_write
from archive.errors import ConfigurationError, NotFound, Unavailable
from archive.permissions import SECRET_MODE

if TYPE_CHECKING:
    from archive.config import Settings

__all__ = ["CHECKS", "SET_FILE", "BackupTarget", "LocalTarget", "S3Target", "open_target"]

SET_FILE = "set.json"
CHECKS = "checks"


class BackupTarget(Protocol):
    """The sets of one target, by name."""

    def describe(self) -> str:
        """Where the target is, for people."""
        ...

    def set_names(self) -> list[str]:
        """Names of the complete sets (those with a ``set.json``), oldest first."""
        ...

    def publish(self, name: str, folder: Path) -> None:
        """Make the files of ``folder`` the set ``name``, ``set.json`` last."""
        ...

    def read(self, name: str, path: str) -> bytes:
        """The bytes of one file of a set (NotFound when missing)."""
        ...

    def replace(self, name: str, path: str, data: bytes) -> None:
        """Write or rewrite one file of a folder (a set being purged, a check report)."""
        ...

    def files(self, name: str) -> list[str]:
        """Paths of the files below a folder (a set, or ``checks``), sorted."""
        ...

    def delete(self, name: str) -> None:
        """Remove a set whole (``set.json`` first, so that it stops counting at once)."""
        ...

    def partial(self) -> list[str]:
        """Folders left by runs that died before their ``set.json``."""
        ...


class LocalTarget:
    """Sets as folders of a directory (on other media than the stores)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return str(self.root)

    def _folders(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.iterdir()):
            if path.is_dir() and path.name != CHECKS and not path.name.startswith("."):
                yield path

    def set_names(self) -> list[str]:
        return [p.name for p in self._folders() if (p / SET_FILE).is_file()]

    def partial(self) -> list[str]:
        leftovers = [p.name for p in self._folders() if not (p / SET_FILE).is_file()]
        if self.root.is_dir():
            leftovers += [p.name for p in self.root.glob(".partial-*")]
        return leftovers

    def publish(self, name: str, folder: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        work = self.root / f".partial-{name}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(folder, work)
        # A set holds what the catalog holds (password hashes, restricted records' metadata):
        # as private as the catalog itself (archive/permissions.py).
        for dirpath, _dirs, files in os.walk(work):
            Path(dirpath).chmod(0o700)
            for file in files:
                path = Path(dirpath, file)
                path.chmod(SECRET_MODE)
                with path.open("rb+") as fh:
                    os.fsync(fh.fileno())
        os.rename(work, self.root / name)  # the whole set appears at once, or nothing
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def read(self, name: str, path: str) -> bytes:
        try:
            return (self.root / name / path).read_bytes()
        except FileNotFoundError as exc:
            raise NotFound(f"{name}/{path}") from exc

    def files(self, name: str) -> list[str]:
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())

    def replace(self, name: str, path: str, data: bytes) -> None:
        (self.root / name / path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.root / name / path, data, mode=SECRET_MODE)

    def delete(self, name: str) -> None:
        folder = self.root / name
        (folder / SET_FILE).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


class S3Target:
    """Sets under a prefix of an S3 bucket (``set.json`` written last, deleted first)."""

    def __init__(self, client: Any, bucket: str, prefix: str, endpoint: str | None) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        self.endpoint = endpoint

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix} ({self.endpoint or 'AWS'})"

    def _call(self, what: str, method: str, **kwargs: Any) -> Any:
        # botocore raises its own tree (ClientError, EndpointConnectionError…): any of them
        # means the target cannot be used now.
        try:
            return getattr(self.client, method)(Bucket=self.bucket, **kwargs)
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404"):
                raise NotFound(f"s3://{self.bucket}/{kwargs.get('Key', '')}") from exc
            raise Unavailable(
                f"không dùng được nơi sao lưu {self.describe()} ({what}) / the backup target "
                f"{self.describe()} failed ({what}): {exc}"
            ) from exc

    def _keys(self, prefix: str) -> Iterator[str]:
        token: dict[str, str] = {}
        while True:
            page = self._call("list", "list_objects_v2", Prefix=prefix, **token)
            for item in page.get("Contents", []):
                yield str(item["Key"])
            if not page.get("IsTruncated"):
                return
            token = {"ContinuationToken": page["NextContinuationToken"]}

    def _folders(self) -> dict[str, bool]:
        folders: dict[str, bool] = {}
        for key in self._keys(self.prefix):
            name, _, rest = key[len(self.prefix) :].partition("/")
            if name and name != CHECKS:
                folders[name] = folders.get(name, False) or rest == SET_FILE
        return folders

    def set_names(self) -> list[str]:
        return sorted(name for name, done in self._folders().items() if done)

    def partial(self) -> list[str]:
        return sorted(name for name, done in self._folders().items() if not done)

    def publish(self, name: str, folder: Path) -> None:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        files.sort(key=lambda p: p.name == SET_FILE)  # set.json last: the set counts then
        for path in files:
            key = f"{self.prefix}{name}/{path.relative_to(folder).as_posix()}"
            self._call("upload", "put_object", Key=key, Body=path.read_bytes())

    def read(self, name: str, path: str) -> bytes:
        answer = self._call("read", "get_object", Key=f"{self.prefix}{name}/{path}")
        return bytes(answer["Body"].read())

    def files(self, name: str) -> list[str]:
        base = f"{self.prefix}{name}/"
        return sorted(key[len(base) :] for key in self._keys(base))

    def replace(self, name: str, path: str, data: bytes) -> None:
        self._call("write", "put_object", Key=f"{self.prefix}{name}/{path}", Body=data)

    def delete(self, name: str) -> None:
        keys = sorted(self._keys(f"{self.prefix}{name}/"), key=lambda k: k.endswith(SET_FILE))
        for key in reversed(keys):  # set.json first
            self._call("delete", "delete_object", Key=key)


def open_target(settings: Settings) -> BackupTarget:
    """The backup target of the settings; ConfigurationError when none is configured."""
    if settings.backup_backend == "local":
        if settings.backup_root is None:
            raise ConfigurationError(
                "cần đặt ARCHIVE_BACKUP_ROOT khi ARCHIVE_BACKUP_BACKEND=local / "
                "ARCHIVE_BACKUP_ROOT must be set when ARCHIVE_BACKUP_BACKEND=local"
            )
        return LocalTarget(settings.backup_root.resolve())
    if settings.backup_backend == "s3":
        if not settings.backup_s3_bucket:
            raise ConfigurationError(
                "cần đặt ARCHIVE_BACKUP_S3_BUCKET khi ARCHIVE_BACKUP_BACKEND=s3 / "
                "ARCHIVE_BACKUP_S3_BUCKET must be set when ARCHIVE_BACKUP_BACKEND=s3"
            )
        from archive.storage.s3.client import make_client

        where = settings.model_copy(
            update={
                "s3_endpoint_url": settings.backup_s3_endpoint_url,
                "s3_region": settings.backup_s3_region,
            }
        )
        client = make_client(where, profile=settings.backup_s3_profile)
        return S3Target(
            client,
            settings.backup_s3_bucket,
            settings.backup_s3_prefix,
            settings.backup_s3_endpoint_url,
        )
    raise ConfigurationError(
        "chưa cấu hình nơi sao lưu: đặt ARCHIVE_BACKUP_BACKEND (local hoặc s3) và "
        "ARCHIVE_BACKUP_ROOT hoặc ARCHIVE_BACKUP_S3_BUCKET / no backup target is configured: "
        "set ARCHIVE_BACKUP_BACKEND (local or s3) and ARCHIVE_BACKUP_ROOT or "
        "ARCHIVE_BACKUP_S3_BUCKET"
    )
