"""Uploads to S3: the order of a staged tree's files (``archive.storage.staged``; the
completion marker last), single PUTs and streamed multipart uploads, each carrying a SHA-256
the server verifies."""

from __future__ import annotations

import contextlib
import hashlib
import math
from datetime import datetime
from typing import Any, Final

from archive.errors import InvalidInput
from archive.storage.s3.base import MAX_PARTS, SHA256_META, MiB, S3Base, b64
from archive.storage.staged import StagedFile

__all__ = ["S3Uploads", "completion_marker", "upload_order"]

_NAMASTE_PREFIX: Final = "0="
_INVENTORY: Final = "inventory.json"


def completion_marker(files: list[StagedFile]) -> str | None:
    """The completion marker of a tree: its top-level NAMASTE file, else its top-level
    ``inventory.json``; None for other trees (published only onto an empty prefix)."""
    top = [f.rel for f in files if "/" not in f.rel]
    namaste = sorted(name for name in top if name.startswith(_NAMASTE_PREFIX))
    if namaste:
        return namaste[0]
    return _INVENTORY if _INVENTORY in top else None


def upload_order(files: list[StagedFile], marker: str | None) -> list[StagedFile]:
    """Content first, then the top-level inventory sidecar and inventory, the marker last."""
    rank = {f"{_INVENTORY}.sha512": 1, _INVENTORY: 2}
    if marker is not None:
        rank[marker] = 3
    return sorted(files, key=lambda f: (rank.get(f.rel, 0), f.rel))


class S3Uploads(S3Base):
    """Writing one key: a PUT up to the part size, a multipart upload above it."""

    def _put(self, key: str, data: bytes, until: datetime, *, exclusive: bool) -> str | None:
        digest = hashlib.sha256(data)
        args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": data,
            "ChecksumSHA256": b64(digest.digest()),
            "Metadata": {SHA256_META: digest.hexdigest()},
            **self._lock_args(until),
        }
        if exclusive:
            args["IfNoneMatch"] = "*"
        with self._errors("write", key, exclusive=exclusive):
            response = self.client.put_object(**args)
        version = response.get("VersionId")
        return str(version) if version else None

    def _upload(
        self, key: str, item: StagedFile, until: datetime, *, exclusive: bool
    ) -> str | None:
        if item.size <= self.part_size:
            return self._put(key, item.path.read_bytes(), until, exclusive=exclusive)
        return self._multipart(key, item, until, exclusive=exclusive)

    def _multipart(
        self, key: str, item: StagedFile, until: datetime, *, exclusive: bool
    ) -> str | None:
        """Streamed multipart upload; each part's SHA-256 is verified by the server."""
        whole = hashlib.sha256()
        with item.path.open("rb") as fh:
            while chunk := fh.read(MiB):
                whole.update(chunk)
        with self._errors("write", key):
            created = self.client.create_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                ChecksumAlgorithm="SHA256",
                Metadata={SHA256_META: whole.hexdigest()},
                **self._lock_args(until),
            )
        upload_id = created["UploadId"]
        try:
            parts = self._send_parts(key, item, upload_id)
            args: dict[str, Any] = {
                "Bucket": self.bucket,
                "Key": key,
                "UploadId": upload_id,
                "MultipartUpload": {"Parts": parts},
            }
            if exclusive:
                args["IfNoneMatch"] = "*"
            with self._errors("write", key, exclusive=exclusive):
                response = self.client.complete_multipart_upload(**args)
        except BaseException:
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise
        version = response.get("VersionId")
        return str(version) if version else None

    def _send_parts(self, key: str, item: StagedFile, upload_id: str) -> list[dict[str, Any]]:
        """Upload ``item`` part by part; refuses a file that changed size meanwhile."""
        part_size = max(self.part_size, math.ceil(item.size / MAX_PARTS))
        parts: list[dict[str, Any]] = []
        sent = 0
        with item.path.open("rb") as fh:
            while chunk := fh.read(part_size):
                sent += len(chunk)
                number = len(parts) + 1
                checksum = b64(hashlib.sha256(chunk).digest())
                with self._errors("write", key):
                    part = self.client.upload_part(
                        Bucket=self.bucket,
                        Key=key,
                        UploadId=upload_id,
                        PartNumber=number,
                        Body=chunk,
                        ChecksumSHA256=checksum,
                    )
                parts.append(
                    {"PartNumber": number, "ETag": part["ETag"], "ChecksumSHA256": checksum}
                )
        if sent != item.size:
            raise InvalidInput(f"{item.path} changed while it was uploaded")
        return parts
