"""Erasing destroyed dossiers from every backup set (issue #20, docs/domain.md §4.11: after a
destruction no copy the archive manages holds the destroyed records).

What a destruction removes from the live catalog (``archive.retention.records.remove_rows``:
the dossier, its documents, files, signatures, validations and copies) is removed from every
set too, with every row that depends on those through a foreign key (OCR jobs…), and the
objects' entries in the store manifests; the indexes lose their keys, so that the next
incremental set does not list them. What the destruction keeps stays: its own records
(``destruction_records``, the disposal list), and the audit events, which the hash chain
cannot lose. Each set's ``set.json`` is rewritten with the new digests and a ``purged`` entry
saying when and what."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData

from archive.backup.sets import (
    INDEX,
    SIDECAR,
    Index,
    SetManifest,
    gz_json,
    read_manifest,
    read_part,
    write_lines,
)
from archive.backup.target import SET_FILE, BackupTarget, open_target
from archive.clock import utc_now
from archive.db.engine import unit_of_work
from archive.errors import IntegrityFailure
from archive.services import Services

__all__ = ["PurgeChange", "PurgeReport", "purge_destroyed"]

ROOT_TABLE = "dossiers"
BY_OBJECT = ("object_copies",)
"""Tables whose rows of a destroyed object go by its object id (no foreign key to follow)."""


@dataclass(frozen=True)
class PurgeChange:
    """Rows (or manifest entries) removed from one part of one set."""

    set: str
    part: str
    removed: int


@dataclass
class PurgeReport:
    """Every change, per set and part."""

    target: str
    changes: list[PurgeChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "target": self.target,
            "changes": [{"set": c.set, "part": c.part, "removed": c.removed} for c in self.changes],
        }


def _links(services: Services) -> dict[str, list[tuple[str, str, str]]]:
    """Table → (column, parent table, parent column) of each foreign key, from the schema."""
    metadata = MetaData()
    with unit_of_work(services.sessions) as session:
        metadata.reflect(session.connection())
    return {
        t.name: [
            (fk.parent.name, fk.column.table.name, fk.column.name)
            for fk in t.foreign_keys
            if fk.column.table.name != t.name
        ]
        for t in metadata.sorted_tables
    }


def _table(part: str) -> str:
    return part.removeprefix("catalog/").removesuffix(".jsonl.gz")


def _keep(
    part: str,
    line: dict[str, Any],
    gone: dict[str, dict[str, set[Any]]],
    links: dict[str, list[tuple[str, str, str]]],
    destroyed: Mapping[str, str],
) -> bool:
    """Whether a line of a part survives; records the values of a removed row."""
    row = line.get("r")
    if row is None:
        return True  # a deletion mark: a key, nothing of the record
    table = _table(part)
    if part.startswith("store/"):
        return line["k"] not in set(destroyed.values())
    dead = (
        table == ROOT_TABLE
        and (row.get("arc_file_code") in destroyed or row.get("object_id") in destroyed.values())
    ) or (table in BY_OBJECT and row.get("object_id") in destroyed.values())
    dead = dead or any(
        row.get(column) in gone.get(parent, {}).get(parent_column, set())
        for column, parent, parent_column in links.get(table, [])
    )
    if dead:
        for column, value in row.items():
            gone.setdefault(table, {}).setdefault(column, set()).add(value)
    return not dead


def _order(manifest: SetManifest, links: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    """The catalog parts parents first (the schema's order), then the store manifests."""
    rank = {name: i for i, name in enumerate(links)}
    catalog = sorted(manifest.parts("catalog/"), key=lambda p: rank.get(_table(p), len(rank)))
    return [*catalog, *manifest.parts("store/")]


def _purge_set(
    target: BackupTarget,
    manifest: SetManifest,
    links: dict[str, list[tuple[str, str, str]]],
    destroyed: Mapping[str, str],
) -> list[PurgeChange]:
    name = manifest.name
    gone: dict[str, dict[str, set[Any]]] = {}
    changes: list[PurgeChange] = []
    dropped: dict[str, set[str]] = {}
    raw = dict(manifest.raw)
    files = dict(manifest.files)
    for part in _order(manifest, links):
        data = target.read(name, part)
        lines = list(read_part(data))
        kept = [line for line in lines if _keep(part, line, gone, links, destroyed)]
        if len(kept) != len(lines):
            kept_keys = {line["k"] for line in kept}
            dropped[part] = {line["k"] for line in lines if line["k"] not in kept_keys}
            data = write_lines(kept)
            target.replace(name, part, data)
            changes.append(PurgeChange(name, part, len(lines) - len(kept)))
        # Also a part an interrupted purge rewrote before its set.json: its digest now.
        files[part] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    index: Index = json.loads(gzip.decompress(target.read(name, INDEX)))
    purged: Index = {}
    for part, keys in index.items():
        # A set's index names every object of the store, changed in it or not.
        drop = dropped.get(part, set()) | (
            set(destroyed.values()) if part.startswith("store/") else set()
        )
        purged[part] = {k: v for k, v in keys.items() if k not in drop}
    if files == manifest.files and purged == index:
        return []
    data = gz_json(purged)
    target.replace(name, INDEX, data)
    files[INDEX] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    raw["files"] = files
    removed = {c.part: c.removed for c in changes}
    for part in purged:
        if len(purged[part]) != len(index[part]) and part not in removed:
            removed[INDEX] = removed.get(INDEX, 0) + len(index[part]) - len(purged[part])
    changes += [PurgeChange(name, INDEX, removed[INDEX])] if INDEX in removed else []
    raw["purged"] = [
        *raw.get("purged", []),
        {
            "at": utc_now().isoformat(timespec="seconds"),
            "dossiers": sorted(destroyed),
            "removed": removed,
        },
    ]
    body = json.dumps(raw, ensure_ascii=False, indent=1, sort_keys=True).encode()
    target.replace(name, SET_FILE, body)  # then its sidecar (``_manifest`` if we stop here)
    target.replace(name, SIDECAR, f"{hashlib.sha256(body).hexdigest()}  {SET_FILE}\n".encode())
    return changes


def purge_destroyed(services: Services, destroyed: Mapping[str, str]) -> PurgeReport:
    """Remove destroyed dossiers from every set of the backup target (module docstring).

    ``destroyed``: mã hồ sơ (arcFileCode) → the dossier's object id. Does nothing when no
    target is configured. Sets are purged one by one; a purge that stops half-way is run
    again with the same dossiers (what is already gone is not there to remove)."""
    if services.settings.backup_backend == "none" or not destroyed:
        return PurgeReport("")
    target = open_target(services.settings)
    report = PurgeReport(target.describe())
    links = _links(services)
    for name in target.set_names():
        report.changes += _purge_set(target, _manifest(target, name), links, destroyed)
    return report


def _manifest(target: BackupTarget, name: str) -> SetManifest:
    """``set.json`` of a set; when a purge stopped between ``set.json`` and its sidecar, the
    sidecar is written again if every file the new ``set.json`` lists matches it."""
    try:
        return read_manifest(target, name)
    except IntegrityFailure:
        body = target.read(name, SET_FILE)
        files = json.loads(body)["files"]
        for path, expected in files.items():
            if hashlib.sha256(target.read(name, path)).hexdigest() != expected["sha256"]:
                raise
        target.replace(name, SIDECAR, f"{hashlib.sha256(body).hexdigest()}  {SET_FILE}\n".encode())
        return read_manifest(target, name)
