"""A backup set: its name, its manifest (``set.json``), its parts, and the chains of sets.

A set is named after the moment it was made and its kind, ``20261207T010203Z-full`` or
``…-incremental``, so that names sort by time. ``set.json`` lists every other file of the set
with its SHA-256 and size, and ``set.json.sha256`` holds the digest of ``set.json`` itself:
``verify`` re-reads them all. A part (a catalog table, the manifest of a store) is gzip'd JSON
lines, one line per row: ``{"k": key, "r": row}``, or ``{"k": key, "x": 1}`` for a row that
an incremental set records as gone. ``index.json.gz`` holds, per part, every key with the
digest of its row as the set leaves the part: the next incremental set writes only the rows
whose digest changed (ADR 0023)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from archive.backup.target import SET_FILE, BackupTarget
from archive.errors import IntegrityFailure, InvalidInput, NotFound

__all__ = [
    "FORMAT",
    "INDEX",
    "SIDECAR",
    "Index",
    "Kind",
    "SetManifest",
    "chain_of",
    "gz_json",
    "latest_chain",
    "line_digest",
    "load_index",
    "read_manifest",
    "read_part",
    "read_sets",
    "set_name",
    "write_lines",
]

FORMAT: Final = 1
INDEX: Final = "index.json.gz"
SIDECAR: Final = SET_FILE + ".sha256"

Kind = Literal["full", "incremental"]
Index = dict[str, dict[str, str]]
"""Part → key → digest of the row."""


def set_name(now: datetime, kind: Kind) -> str:
    """``YYYYMMDDTHHMMSSZ-<kind>`` in UTC."""
    return f"{now:%Y%m%dT%H%M%SZ}-{kind}"


def gz_json(value: Any) -> bytes:
    """Deterministic gzip of a JSON value (no time in the gzip header)."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(data.encode(), mtime=0)


def write_lines(lines: Iterable[dict[str, Any]]) -> bytes:
    """A part: JSON lines, gzip'd (no time in the header, so equal content, equal bytes)."""
    text = "".join(
        json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for line in lines
    )
    return gzip.compress(text.encode(), mtime=0)


def line_digest(row: dict[str, Any]) -> str:
    """The digest of a row in the index (SHA-256 of its canonical JSON, 32 hex)."""
    data = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def read_part(data: bytes) -> Iterator[dict[str, Any]]:
    """The lines of a part."""
    for line in gzip.decompress(data).decode().splitlines():
        if line:
            yield json.loads(line)


@dataclass(frozen=True)
class SetManifest:
    """What ``set.json`` says."""

    raw: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def kind(self) -> Kind:
        return "full" if self.raw["kind"] == "full" else "incremental"

    @property
    def base(self) -> str | None:
        """The set this incremental one builds on (None for a full set)."""
        return self.raw.get("base")

    @property
    def created(self) -> str:
        return str(self.raw["created"])

    @property
    def revision(self) -> str:
        """The catalog's Alembic revision when the set was made."""
        return str(self.raw["catalog"]["revision"])

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """Every other file of the set: path → sha256, size."""
        return dict(self.raw["files"])

    def parts(self, prefix: str) -> list[str]:
        """Paths of the parts below ``catalog/`` or ``store/``, sorted."""
        return sorted(p for p in self.files if p.startswith(prefix) and p.endswith(".jsonl.gz"))

    def as_dict(self) -> dict[str, Any]:
        """The summary ``archive backup ls`` shows."""
        return {
            "name": self.name,
            "kind": self.kind,
            "created": self.created,
            "base": self.base,
            "files": len(self.files),
            "bytes": sum(int(f["size"]) for f in self.files.values()),
            "rows": self.raw["catalog"].get("rows", {}),
            "objects": self.raw.get("store", {}).get("objects", 0),
            "purged": len(self.raw.get("purged", [])),
        }


def read_manifest(target: BackupTarget, name: str) -> SetManifest:
    """``set.json`` of a set, checked against its sidecar digest."""
    data = target.read(name, SET_FILE)
    try:
        sidecar = target.read(name, SIDECAR).decode().split()[0]
    except (NotFound, IndexError, UnicodeDecodeError) as exc:
        raise IntegrityFailure(f"{name}: {SIDECAR} is missing or unreadable") from exc
    if hashlib.sha256(data).hexdigest() != sidecar:
        raise IntegrityFailure(
            f"{name}: {SET_FILE} không khớp mã băm / {SET_FILE} does not match its SHA-256"
        )
    raw: dict[str, Any] = json.loads(data)
    if raw.get("format") != FORMAT or raw.get("name") != name:
        raise IntegrityFailure(f"{name}: {SET_FILE} is not a backup set of this format")
    return SetManifest(raw)


def read_sets(target: BackupTarget) -> list[SetManifest]:
    """Every complete set of the target, oldest first."""
    return [read_manifest(target, name) for name in target.set_names()]


def load_index(target: BackupTarget, manifest: SetManifest) -> Index:
    """The index a set leaves (its rows' digests after it)."""
    index: Index = json.loads(gzip.decompress(target.read(manifest.name, INDEX)))
    return index


def latest_chain(sets: list[SetManifest]) -> list[SetManifest]:
    """The latest full set and every incremental set after it, oldest first (empty: no full)."""
    fulls = [i for i, s in enumerate(sets) if s.kind == "full"]
    if not fulls:
        return []
    return chain_of(sets, sets[-1].name) if sets else []


def chain_of(sets: list[SetManifest], name: str) -> list[SetManifest]:
    """The sets a restore of ``name`` needs: its full set, then each incremental up to it,
    each building on the one before (IntegrityFailure when a link is missing)."""
    by_name = {s.name: s for s in sets}
    if name not in by_name:
        raise InvalidInput(
            f"không có bộ sao lưu {name} / no backup set {name} (archive backup ls lists them)"
        )
    chain = [by_name[name]]
    while chain[0].kind != "full":
        base = chain[0].base
        if base is None or base not in by_name:
            raise IntegrityFailure(
                f"{chain[0].name}: bộ sao lưu gốc {base} không còn / the set it builds on, "
                f"{base}, is gone"
            )
        chain.insert(0, by_name[base])
    return chain
