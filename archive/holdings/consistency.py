"""``archive storage verify``: storage and catalog agree, or every disagreement is listed.

Per store, from one listing of every key:
- **orphans**: complete objects in storage with no catalog row (an ingest that died between
  its publish and its catalog commit; the next ingest of the same package adopts it);
- **missing**: catalogued dossiers with no object in the store;
- **leftovers**: keys under an object directory without its completion marker (an S3 publish
  that died half-way), files the archive never names (``.tmp`` scratch), version directories
  published but not yet promoted to the root inventory;
- **drift**: catalogued files whose content path or SHA-256 the object's inventory does not
  hold, and catalog versions the inventory does not have.
Nothing is changed; the report says what to run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.catalog.models import Dossier, File
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.holdings.copies import catalogued
from archive.identifiers import is_batch_object, is_record_object
from archive.storage.copy import version_number
from archive.storage.ocfl import OCFL_VERSION, OcflRoot, content_sha256

__all__ = ["StoreCheck", "verify_store"]

_ROOT_FILES = {f"0=ocfl_{OCFL_VERSION}", "ocfl_layout.json"}
_MARKER = f"0=ocfl_object_{OCFL_VERSION}"
_DEPTH = 4  # extension 0003: three hash tuples, then the object's directory


@dataclass
class StoreCheck:
    """Disagreements between one store and the catalog."""

    store: str
    objects: int = 0
    orphans: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when storage and catalog agree."""
        return not (self.orphans or self.missing or self.leftovers or self.drift)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**self.__dict__, "ok": self.ok}


def _group(root: OcflRoot, check: StoreCheck) -> dict[str, set[str]]:
    """Object directory → the paths below it; stray keys go to ``check.leftovers``."""
    objects: dict[str, set[str]] = defaultdict(set)
    for key in root.store.iter_keys():
        parts = key.split("/")
        if key in _ROOT_FILES or parts[0] == "extensions":
            continue
        if len(parts) <= _DEPTH or any(p.startswith(".") for p in parts):
            check.leftovers.append(key)
            continue
        objects["/".join(parts[:_DEPTH])].add("/".join(parts[_DEPTH:]))
    return objects


def _inspect(
    root: OcflRoot, base: str, rels: set[str], check: StoreCheck
) -> tuple[str, dict[str, Any]] | None:
    """The id and inventory of a complete object directory, or None (a leftover)."""
    if _MARKER not in rels or "inventory.json" not in rels:
        check.leftovers.append(f"{base}/ (no {_MARKER}: an unfinished publish)")
        return None
    try:
        with root.store.open(f"{base}/inventory.json") as fh:
            inventory: dict[str, Any] = json.load(fh)
    except (ArchiveError, ValueError) as exc:
        check.drift.append(f"{base}: unreadable inventory.json ({exc})")
        return None
    head = version_number(str(inventory["head"]))
    versions = {r.split("/")[0] for r in rels if r.startswith("v") and "/" in r}
    for version in sorted(versions):
        if version[1:].isdigit() and version_number(version) > head:
            check.leftovers.append(
                f"{base}/{version}/ (published, not promoted: the next write of this object "
                "rolls it forward)"
            )
    return str(inventory["id"]), inventory


def _drift(
    session: Session, dossier: Dossier, inventory: dict[str, Any], check: StoreCheck
) -> None:
    fixity = content_sha256(inventory)
    arc = dossier.arc_file_code
    if dossier.object_version not in inventory["versions"]:
        check.drift.append(
            f"{arc}: the catalog says {dossier.object_version}, the store's head is "
            f"{inventory['head']}"
        )
    rows = session.execute(
        select(File.path, File.content_path, File.sha256).where(File.dossier_id == dossier.id)
    )
    for path, content, sha in rows:
        if content not in fixity:
            check.drift.append(f"{arc}: {path} ({content}) is not in the inventory")
        elif fixity[content] != sha:
            check.drift.append(f"{arc}: {path} has another SHA-256 in the catalog than stored")


def verify_store(sessions: sessionmaker[Session], root: OcflRoot) -> StoreCheck:
    """Compare one store with the catalog (module docstring)."""
    check = StoreCheck(root.store.name)
    stored: dict[str, dict[str, Any]] = {}
    for base, rels in sorted(_group(root, check).items()):
        found = _inspect(root, base, rels, check)
        if found is not None:
            stored[found[0]] = found[1]
    check.objects = len(stored)
    with unit_of_work(sessions) as session:
        dossiers = {d.object_id: d for d in session.scalars(select(Dossier))}
        known = {m.object_id: m for m in catalogued(session)}
        for object_id, item in sorted(known.items(), key=lambda kv: kv[1].label):
            if object_id not in stored:
                check.missing.append(item.label)
            elif object_id in dossiers:
                _drift(session, dossiers[object_id], stored[object_id], check)
            elif item.version is not None and item.version not in stored[object_id]["versions"]:
                check.drift.append(
                    f"{item.label}: the catalog says {item.version}, the store's head is "
                    f"{stored[object_id]['head']}"
                )
    # Record objects the catalog names are in ``known``; those it does not (an edXML
    # recall or quarantine, minutes stored by a run that died before its catalog step, which
    # the same call adopts) are not orphans of an ingest.
    check.orphans = sorted(o for o in set(stored) - set(known) if not _procedure_record(o))
    return check


def _procedure_record(object_id: str) -> bool:
    """A disposal or transfer record object (an evidence batch is not one)."""
    return is_record_object(object_id) and not is_batch_object(object_id)
