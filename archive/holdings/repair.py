"""``archive repair OBJECT``: restore a damaged copy from a good one, on request only.

Every copy is checked first. A copy that passes is the source (or the one named); a copy that
fails gets the files that failed (content, inventories) downloaded from the source, each
checked against the source inventory before it is written, then it is checked again whole.
A copy missing altogether is copied whole. On S3 the damaged version stays, locked, under the
restored one; locally the damaged file is replaced. Each repair is a PREMIS ``recovery`` event
naming the files and the source; nothing happens when no copy is good.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.catalog.models import Dossier
from archive.clock import catalog_time
from archive.db.engine import unit_of_work
from archive.errors import IntegrityFailure, InvalidInput, NotFound
from archive.holdings.copies import Managed, catalogued, lock_date, upsert_copy
from archive.storage.copy import copy_object
from archive.storage.digest import copy_with_digests
from archive.storage.fixity import FixityResult, check_object
from archive.storage.ocfl import (
    OcflRoot,
    content_sha256,
    content_sha512,
    object_path,
    scratch,
)

__all__ = ["RepairReport", "repair"]


@dataclass
class RepairReport:
    """What ``repair`` found and did."""

    arc_file_code: str
    object_id: str
    source: str = ""
    before: dict[str, FixityResult] = field(default_factory=dict)
    restored: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether anything was restored."""
        return any(self.restored.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "arc_file_code": self.arc_file_code,
            "object_id": self.object_id,
            "source": self.source,
            "before": {k: v.as_dict() for k, v in self.before.items()},
            "restored": self.restored,
        }


def _resolve(session: Session, target: str) -> Managed:
    for item in catalogued(session):
        if target in (item.label, item.object_id):
            return item
    dossier = session.scalar(select(Dossier).where(Dossier.file_code == target))
    if dossier is not None:
        return Managed(
            dossier.arc_file_code,
            dossier.object_id,
            dossier.object_version,
            lock_date(dossier),
            True,
        )
    raise NotFound(
        f"không có hồ sơ {target} / no dossier {target}: give an arcFileCode, a fileCode "
        "or an object id (see 'archive ls')"
    )


def _inventory_keys(inventory: dict[str, Any]) -> list[str]:
    keys = ["inventory.json", "inventory.json.sha512"]
    for version in inventory["versions"]:
        keys += [f"{version}/inventory.json", f"{version}/inventory.json.sha512"]
    return keys


def _sha256(root: OcflRoot, key: str) -> str | None:
    try:
        with root.store.open(key) as fh:
            return copy_with_digests(fh, None).sha256
    except NotFound:
        return None


def _restore(
    good: OcflRoot, bad: OcflRoot, object_id: str, rels: list[str], staging: Path
) -> list[str]:
    """Copy ``rels`` (paths inside the object) from ``good`` to ``bad`` where they differ."""
    base = object_path(object_id)
    inventory: dict[str, Any] = json.loads(good.read_inventory_bytes(object_id))
    sha256_of, sha512_of = content_sha256(inventory), content_sha512(inventory)
    done: list[str] = []
    with scratch(staging, "repair") as folder:
        for n, rel in enumerate(rels):
            key = f"{base}/{rel}"
            local = folder / str(n)
            try:
                with good.store.open(key) as src, local.open("xb") as dst:
                    digests = copy_with_digests(src, dst)
            except NotFound:
                continue
            if _sha256(bad, key) == digests.sha256:
                continue
            if rel in sha512_of and (
                digests.sha512 != sha512_of[rel]
                or sha256_of.get(rel, digests.sha256) != digests.sha256
            ):
                raise IntegrityFailure(
                    f"{good.store.name}: {key} changed while it was read; nothing restored from it"
                )
            bad.store.restore_file(key, local)
            done.append(rel)
    return done


def repair(
    sessions: sessionmaker[Session],
    roots: dict[str, OcflRoot],
    target: str,
    staging: Path,
    agents: list[AgentRef],
    *,
    source: str | None = None,
) -> RepairReport:
    """Check every copy of ``target`` and restore the damaged ones (module docstring)."""
    if source is not None and source not in roots:
        raise InvalidInput(f"no store named {source!r}; stores: {', '.join(roots)}")
    if len(roots) < 2:
        raise InvalidInput(
            "chỉ có một kho, không có bản sao để khôi phục / only one store is configured: "
            "repair needs a second copy (set replica_backend, docs/operations.md)"
        )
    with unit_of_work(sessions) as session:
        item = _resolve(session, target)
        arc, object_id, until = item.label, item.object_id, item.lock
    report = RepairReport(arc, object_id)
    for name, root in roots.items():
        if root.exists(object_id):
            report.before[name] = check_object(root, object_id)
        else:
            missing = FixityResult(object_id, name)
            missing.problem("object missing", "fixity_missing")
            report.before[name] = missing
    good = [n for n, r in report.before.items() if r.ok]
    if source is not None and source not in good:
        raise IntegrityFailure(
            f"bản ở kho {source} cũng hỏng / the copy in {source} fails its own check: "
            f"{'; '.join(report.before[source].problems)[:500]}"
        )
    if not good:
        raise IntegrityFailure(
            f"không còn bản tốt của {arc} / no good copy of {arc} in any store; restore it from "
            "a backup (docs/operations.md) — nothing was changed"
        )
    report.source = source or good[0]
    src = roots[report.source]
    for name, result in report.before.items():
        if result.ok:
            continue
        bad = roots[name]
        if not bad.exists(object_id):
            done = copy_object(src, bad, object_id, staging, retain_until=until)
            report.restored[name] = [f"{v}/" for v in done.versions]
        else:
            inventory = json.loads(src.read_inventory_bytes(object_id))
            rels = sorted(set(result.damaged)) + _inventory_keys(inventory)
            report.restored[name] = _restore(src, bad, object_id, rels, staging)
        after = check_object(bad, object_id)
        if not after.ok:
            raise IntegrityFailure(
                f"{name}: {arc} still fails after repair: {'; '.join(after.problems)[:500]}"
            )
        _record(sessions, arc, object_id, name, report.source, report.restored[name], after, agents)
    return report


def _record(
    sessions: sessionmaker[Session],
    arc: str,
    object_id: str,
    store: str,
    source: str,
    restored: list[str],
    after: FixityResult,
    agents: list[AgentRef],
) -> None:
    with unit_of_work(sessions) as session:
        lock_head(session)
        upsert_copy(
            session,
            object_id,
            store,
            head=after.head,
            state="ok",
            checked_at=catalog_time(),
            check_outcome="ok",
            check_detail=None,
            checked_bytes=after.bytes,
        )
        append_events(
            session,
            [
                NewEvent(
                    "recovery",
                    f"Khôi phục bản hỏng của {arc} ở kho {store} từ kho {source} / Damaged copy "
                    f"of {arc} in store {store} restored from store {source}; checked again: "
                    f"{after.files} files match",
                    outcome_detail="; ".join(restored)[:4000],
                    agents=agents,
                    objects=[(arc, "source"), (f"{store}:{object_id}", "outcome")],
                )
            ],
        )
