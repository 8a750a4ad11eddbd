"""A destruction reaches the backups (issue #20): after ``purge_destroyed`` no set holds a row,
a manifest entry or an index key of a destroyed dossier, the other dossiers are untouched, the
sets still verify, and a restore drill passes without the destroyed dossier. Also the
retention of sets: a full set a kept incremental one builds on is kept."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from archive.backup.drill import restore_drill
from archive.backup.purge import purge_destroyed
from archive.backup.run import prune, run_backup
from archive.backup.sets import SetManifest, read_sets
from archive.backup.target import LocalTarget, open_target
from archive.backup.verify import verify_set
from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Document, Dossier
from archive.db.engine import unit_of_work
from archive.retention.disposal.execution import execute
from archive.retention.models import DisposalList
from tests.support.retention import decided_list, ingest_dossier
from tests.unit.backup.conftest import AGENTS

LAN, AN = person_agent("lan"), person_agent("an")


def _destroy(archive: Archive, tmp: Path) -> str:
    """The law's path for the expired dossiers (end year 2010, kept 10 years), then the
    execution. Returns the list's code."""
    code = decided_list(archive, tmp)
    execute(archive, code, LAN, today=date(2026, 7, 2))
    return code


def _everything(folder: Path) -> bytes:
    return b"".join(
        gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "set.json"  # set.json names the purge (the codes)
    )


def test_a_destroyed_dossier_leaves_every_set(
    archive: tuple[Archive, list[str]], tmp_path: Path
) -> None:
    opened, _ = archive
    kept = ingest_dossier(opened, tmp_path, 3, maintenance="01", end_year=2012)
    with unit_of_work(opened.sessions) as session:
        rows = session.execute(select(Dossier.arc_file_code, Dossier.object_id, Dossier.title))
        dossiers = {arc: (oid, title) for arc, oid, title in rows}
        docs = {d.doc_code: d.dossier.arc_file_code for d in session.scalars(select(Document))}
    full = run_backup(opened, AGENTS, kind="full")
    incremental = run_backup(opened, AGENTS, kind="incremental")
    code = _destroy(opened, tmp_path)
    destroyed = {arc: oid for arc, (oid, _) in dossiers.items() if arc != kept}
    assert len(destroyed) == 2
    # The execution purged every set itself, and kept what it changed in the list's object.
    with unit_of_work(opened.sessions) as session:
        list_object = session.scalars(
            select(DisposalList.object_id).where(DisposalList.code == code)
        ).one()
    with opened.ocfl.open_logical(list_object, "destroyed/backup-sets.json") as fh:
        kept_report = json.loads(fh.read())
    changed = {(c["set"], c["part"]) for c in kept_report["changes"]}
    assert (full.name, "catalog/dossiers.jsonl.gz") in changed
    assert (full.name, "catalog/documents.jsonl.gz") in changed
    assert (full.name, "catalog/files.jsonl.gz") in changed
    assert (full.name, "store/local.jsonl.gz") in changed
    target = open_target(opened.settings)
    root = tmp_path / "backups"
    for name in (full.name, incremental.name):
        assert verify_set(target, name).ok
        data = _everything(root / name / "catalog") + _everything(root / name / "store")
        index = gzip.decompress((root / name / "index.json.gz").read_bytes())
        for arc, oid in destroyed.items():
            assert oid.encode() not in data + index, (name, arc)
            assert dossiers[arc][1].encode() not in _without_events(root / name), (name, arc)
        for doc, arc in docs.items():
            if arc in destroyed:
                assert doc.encode() not in _without_events(root / name), (name, doc)
    # The kept dossier is whole in the full set, and the purge is recorded.
    assert dossiers[kept][0].encode() in _everything(root / full.name / "store")
    manifest = next(s for s in read_sets(target) if s.name == full.name)
    assert manifest.raw["purged"][0]["dossiers"] == sorted(destroyed)
    # Run again: nothing left to remove.
    assert purge_destroyed(opened, destroyed).changes == []
    # A new set after the destruction, and the drill passes without the destroyed dossiers.
    after = run_backup(opened, AGENTS)
    drill = restore_drill(opened, AGENTS)
    assert drill.ok, drill.as_dict()
    assert drill.restore.sets[-1] == after.name
    assert drill.restore.rows["dossiers"] == 1


def _without_events(folder: Path) -> bytes:
    """Every part but the audit events, which keep the destruction's own record."""
    return b"".join(
        gzip.decompress(p.read_bytes())
        for p in sorted(folder.rglob("*.jsonl.gz"))
        if p.name not in ("events.jsonl.gz", "event_links.jsonl.gz")
        and p.name not in ("destruction_records.jsonl.gz", "disposal_items.jsonl.gz")
    )


def _fake(target: LocalTarget, name: str, base: str | None) -> SetManifest:
    (target.root / name).mkdir(parents=True)
    (target.root / name / "set.json").write_text("{}")  # a complete set to the target
    kind = "full" if name.endswith("-full") else "incremental"
    return SetManifest(
        {"name": name, "kind": kind, "base": base, "created": "", "catalog": {}, "files": {}}
    )


def test_prune_keeps_what_the_kept_sets_need(tmp_path: Path) -> None:
    target = LocalTarget(tmp_path / "sets")
    names = [
        "20260101T000000Z-full",
        "20260102T000000Z-incremental",
        "20260201T000000Z-full",
        "20260202T000000Z-incremental",
        "20260203T000000Z-incremental",
    ]
    sets, base = [], None
    for name in names:
        sets.append(_fake(target, name, None if name.endswith("-full") else base))
        base = name
    (target.root / ".partial-20260102T000001Z-full").mkdir()
    gone = prune(target, sets, keep_daily=1, keep_monthly=1)
    assert gone == ["20260101T000000Z-full", "20260102T000000Z-incremental"]
    left = sorted(p.name for p in target.root.iterdir())
    # The newest incremental set needs the one before it and their full set.
    assert left == names[2:]
