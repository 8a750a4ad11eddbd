"""``archive backup restore-drill``: the proof that a backup restores.

The latest full set and the incremental sets after it (or the chain of a named set) are read
back, restored into a scratch home (its own SQLite catalog and archive.toml; the stores are the
live ones, only read) and checked there as an operator would after an incident:
1. ``archive audit verify``: the restored event chain, link by link, up to its head, which
   must be the head the set recorded;
2. ``archive storage verify``, per store: every object the restored catalog names is stored
   at the version it says, with the digests it says, and no stored object is unknown to it;
3. the restored catalog against the set's own manifest of the store: every object it names,
   every file with its SHA-256, is in the manifest, and every object of the manifest is in the
   catalog — the catalog backup is complete for the store as it was backed up.
The drill is recorded as an event of the live archive; the scratch home is removed unless
``into`` names where to keep it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.audit.chain import AgentRef, ChainReport, NewEvent, append_events, verify_chain
from archive.audit.models import AuditHead
from archive.backup.minutes import drill_spec
from archive.backup.restore import RestoreReport, restore_catalog, scratch_toml
from archive.backup.sets import SetManifest, chain_of, latest_chain, read_sets
from archive.backup.target import BackupTarget, open_target
from archive.backup.verify import verify_set
from archive.catalog.models import Dossier, File
from archive.clock import utc_now
from archive.dates import today
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.errors import InvalidInput, NotFound
from archive.holdings.consistency import StoreCheck, verify_store
from archive.holdings.copies import catalogued
from archive.identifiers import is_batch_object, is_record_object
from archive.minutes.service import minutes_wanted, write_minutes
from archive.services import Services
from archive.storage.ocfl import scratch

__all__ = ["DrillReport", "restore_drill"]


@dataclass
class DrillReport:
    """The drill's outcome: what was restored and each check."""

    home: str
    restore: RestoreReport
    audit: ChainReport
    stores: list[StoreCheck]
    problems: list[str] = field(default_factory=list)
    """Sets that do not read back, and the catalog against the set's store manifest."""
    chain: list[SetManifest] = field(default_factory=list)
    minutes: str | None = None
    """The object id of the drill's minutes (Mẫu 19), when written."""

    @property
    def ok(self) -> bool:
        return self.audit.ok and all(s.ok for s in self.stores) and not self.problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "home": self.home,
            "restored": self.restore.as_dict(),
            "audit": self.audit.as_dict(),
            "stores": [s.as_dict() for s in self.stores],
            "problems": self.problems,
            "minutes": self.minutes,
        }


def _against_manifest(sessions: Any, objects: dict[str, dict[str, Any]]) -> list[str]:
    """The restored catalog against the store's manifest (module docstring, 3)."""
    problems: list[str] = []
    with unit_of_work(sessions) as session:
        known = {m.object_id: m for m in catalogued(session)}
        files = session.execute(
            select(Dossier.object_id, File.path, File.content_path, File.sha256).join(
                Dossier, File.dossier_id == Dossier.id
            )
        )
        for object_id, path, content, sha in files:
            entry = objects.get(object_id, {"files": []})
            if not any(f["content"] == content and f["sha256"] == sha for f in entry["files"]):
                problems.append(f"{object_id}: {path} is not in the set's store manifest")
    for object_id, item in sorted(known.items()):
        if object_id not in objects:
            problems.append(f"{item.label}: not in the set's store manifest")
    for object_id in sorted(set(objects) - set(known)):
        if not is_record_object(object_id) or is_batch_object(object_id):
            problems.append(f"{object_id}: in the store manifest, not in the restored catalog")
    return problems


def _checks(services: Services, home: Path, report: DrillReport, head: dict[str, Any]) -> None:
    engine = make_engine(f"sqlite:///{home / 'catalog.sqlite3'}")
    try:
        sessions = make_session_factory(engine)
        with unit_of_work(sessions) as session:
            report.audit = verify_chain(session)
            restored = session.get(AuditHead, 1)
        if restored is None or (restored.seq, restored.entry_hash) != (
            head["seq"],
            head["entry_hash"],
        ):
            report.problems.append(
                f"audit head: the set recorded {head['seq']}, the restored catalog has "
                f"{restored.seq if restored else None}"
            )
        report.stores = [verify_store(sessions, root) for root in services.roots().values()]
        report.problems += _against_manifest(sessions, report.restore.objects)
    finally:
        engine.dispose()


def _chain(target: BackupTarget, name: str | None) -> list[Any]:
    sets = read_sets(target)
    chain = chain_of(sets, name) if name else latest_chain(sets)
    if not chain:
        raise NotFound(
            "chưa có bộ sao lưu toàn bộ nào: chạy 'archive backup run --full' / no full backup "
            "set yet: run 'archive backup run --full'"
        )
    return chain


def _drill(services: Services, name: str | None, home: Path) -> DrillReport:
    target = open_target(services.settings)
    chain = _chain(target, name)
    problems = [f"{m.name}: {p}" for m in chain for p in verify_set(target, m.name).problems]
    if problems:  # a damaged set is not restored: the drill fails, saying which file
        names = [m.name for m in chain]
        failed = ChainReport(False, 0, 0)
        return DrillReport(str(home), RestoreReport(names), failed, [], problems, chain)
    last = chain[-1]
    settings_json = json.loads(target.read(last.name, "config/settings.json"))
    (home / "archive.toml").write_text(scratch_toml(settings_json, home), encoding="utf-8")
    restore = restore_catalog(target, chain, f"sqlite:///{home / 'catalog.sqlite3'}")
    report = DrillReport(str(home), restore, ChainReport(False, 0, 0), [], problems, chain)
    _checks(services, home, report, last.raw["audit_head"])
    return report


def restore_drill(
    services: Services, agents: list[AgentRef], *, name: str | None = None, into: Path | None = None
) -> DrillReport:
    """Run the drill (module docstring) and record it (an event; the minutes, Mẫu 19)."""
    wanted = minutes_wanted(services.settings)  # production without the key: refused now
    if into is not None:
        if into.exists() and any(into.iterdir()):
            raise InvalidInput(
                f"{into} không trống / {into} is not empty: the drill restores into a new home"
            )
        into.mkdir(parents=True, exist_ok=True)
        report = _drill(services, name, into)
    else:
        with scratch(services.settings.staging_dir, "backup-drill") as home:
            report = _drill(services, name, home)
    _record(services, report, agents)
    if wanted:
        target = open_target(services.settings).describe()
        checked = (
            f"chuỗi nhật ký {report.audit.checked} sự kiện; "
            f"{sum(report.restore.rows.values())} dòng; {len(report.stores)} kho"
        )
        results = (report.ok, checked, [*report.problems, *_store_problems(report)])
        stamp = f"{utc_now():%Y%m%dT%H%M%SZ}"
        spec = drill_spec(services, report.chain, target, agents, results, stamp, today())
        report.minutes = write_minutes(services, None, spec, agent=agents[0]).object_id
    return report


def _store_problems(report: DrillReport) -> list[str]:
    return [
        f"{s.store}: {item}"
        for s in report.stores
        for item in [*s.missing, *s.orphans, *s.drift, *s.leftovers]
    ]


def _record(services: Services, report: DrillReport, agents: list[AgentRef]) -> None:
    sets = report.restore.sets
    with unit_of_work(services.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "backup drill",
                    f"Diễn tập khôi phục từ {sets[-1]} ({len(sets)} bộ) / restore drill from "
                    f"{sets[-1]} ({len(sets)} set(s))",
                    outcome="success" if report.ok else "failure",
                    outcome_detail=f"{sum(report.restore.rows.values())} row(s); audit chain "
                    f"{report.audit.checked} event(s) {'intact' if report.audit.ok else 'broken'}"
                    + "".join(f"; {p}" for p in report.problems[:20]),
                    agents=agents,
                    objects=[(f"backup:{s}", "source") for s in sets],
                )
            ],
        )
