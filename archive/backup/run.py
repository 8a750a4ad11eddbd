"""``archive backup run``: one set, full or incremental, written, read back, then the old sets
pruned and the run recorded as an event.

TT 05/2025 Chương V (docs/domain.md §4.9) asks for a daily incremental and a monthly full
backup of the archival database, verified, logged. Left to choose (``kind=None``), a run makes
a full set when the target has none, when the latest full set is of an earlier month (in
Vietnam's time) or of another schema revision (an incremental set holds rows of one schema),
else an incremental one. The catalog is read in one snapshot; the store's manifest is read
after it, so that it holds at least every object the catalog names (storage is written
before the catalog: ADR 0001)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

import archive
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.backup.export import (
    LEFT_OUT_TABLES,
    catalog_tables,
    config_files,
    object_entry,
    table_rows,
)
from archive.backup.minutes import log_spec
from archive.backup.sets import (
    FORMAT,
    INDEX,
    SIDECAR,
    Index,
    Kind,
    SetManifest,
    gz_json,
    latest_chain,
    line_digest,
    load_index,
    read_sets,
    set_name,
    write_lines,
)
from archive.backup.target import SET_FILE, BackupTarget, open_target
from archive.backup.verify import SetCheck, verify_set
from archive.clock import utc_now
from archive.dates import VN_ZONE, today
from archive.db.engine import unit_of_work
from archive.errors import IntegrityFailure
from archive.minutes.service import minutes_wanted, write_minutes
from archive.services import Services
from archive.storage.ocfl import OcflRoot, scratch

__all__ = ["RunReport", "choose_kind", "prune", "run_backup"]


@dataclass
class RunReport:
    """What a run wrote, and what it pruned."""

    name: str
    kind: Kind
    target: str
    base: str | None
    rows: dict[str, int]
    objects: int
    check: SetCheck
    pruned: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    minutes: str | None = None
    """The object id of the set's entry in the backup log (Mẫu 18), when written."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "kind": self.kind,
            "target": self.target,
            "base": self.base,
            "rows": self.rows,
            "objects": self.objects,
            "verified": self.check.as_dict(),
            "pruned": self.pruned,
            "left_out": self.left_out,
            "minutes": self.minutes,
        }


def choose_kind(chain: list[SetManifest], now: datetime, revision: str) -> Kind:
    """Full when there is no full set, the latest is of an earlier month, or the schema moved."""
    if not chain or chain[-1].revision != revision:
        return "full"
    made = datetime.fromisoformat(chain[0].created).astimezone(VN_ZONE)
    here = now.astimezone(VN_ZONE)
    return "incremental" if (made.year, made.month) == (here.year, here.month) else "full"


def _part(
    work: Path, path: str, rows: list[tuple[str, dict[str, Any]]], before: dict[str, str]
) -> tuple[dict[str, str], int]:
    """Write one part: every row (``before`` empty: a full set) or the rows whose digest
    changed and the keys gone. Returns the part's index after the set, and the rows written."""
    after = {key: line_digest(row) for key, row in rows}
    lines: list[dict[str, Any]] = [
        {"k": key, "r": row} for key, row in rows if before.get(key) != after[key]
    ]
    lines += [{"k": key, "x": 1} for key in sorted(set(before) - set(after))]
    out = work / path
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(write_lines(lines))
    return after, len(lines)


def _catalog(connection: Connection, work: Path, previous: Index, index: Index) -> dict[str, int]:
    """Every table of the catalog into ``catalog/<table>.jsonl.gz``; the rows written per
    table."""
    counts: dict[str, int] = {}
    for table in catalog_tables(connection):
        part = f"catalog/{table.name}.jsonl.gz"
        rows = list(table_rows(connection, table))
        index[part], counts[table.name] = _part(work, part, rows, previous.get(part, {}))
    return counts


def _snapshot(session: Session) -> Connection:
    """The session's connection, in one snapshot of the whole catalog: REPEATABLE READ on
    PostgreSQL; on SQLite the transaction the engine opens (BEGIN IMMEDIATE) is one already."""
    if session.get_bind().dialect.name == "postgresql":
        return session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return session.connection()


def _store(root: OcflRoot, work: Path, previous: Index, index: Index) -> int:
    """The manifest of a store: one entry per object whose inventory changed."""
    part = f"store/{root.store.name}.jsonl.gz"
    before = previous.get(part, {})
    rows: list[tuple[str, dict[str, Any]]] = []
    for object_id in sorted(root.iter_object_ids()):
        digest = hashlib.sha512(root.read_inventory_bytes(object_id)).hexdigest()
        if before.get(object_id) == digest:
            rows.append((object_id, {"inventory_sha512": digest}))  # unchanged: digest only
        else:
            rows.append((object_id, object_entry(root, object_id)[1]))
    after = {key: str(row["inventory_sha512"]) for key, row in rows}
    lines: list[dict[str, Any]] = [
        {"k": key, "r": row} for key, row in rows if before.get(key) != after[key]
    ]
    lines += [{"k": key, "x": 1} for key in sorted(set(before) - set(after))]
    (work / "store").mkdir(parents=True, exist_ok=True)
    (work / part).write_bytes(write_lines(lines))
    index[part] = after
    return len(rows)


def _seal(work: Path, raw: dict[str, Any]) -> None:
    """Write ``set.json`` listing every file of the folder, and its sidecar."""
    raw["files"] = {
        p.relative_to(work).as_posix(): {
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "size": p.stat().st_size,
        }
        for p in sorted(work.rglob("*"))
        if p.is_file()
    }
    data = json.dumps(raw, ensure_ascii=False, indent=1, sort_keys=True).encode()
    (work / SET_FILE).write_bytes(data)
    (work / SIDECAR).write_text(f"{hashlib.sha256(data).hexdigest()}  {SET_FILE}\n")


def _write(
    services: Services, work: Path, name: str, kind: Kind, base: SetManifest | None, previous: Index
) -> tuple[dict[str, Any], list[str]]:
    """Every file of a set into ``work``; returns the manifest and what was left out."""
    index: Index = {}
    with unit_of_work(services.sessions) as session:
        connection = _snapshot(session)
        dialect = connection.dialect.name
        counts = _catalog(connection, work, previous, index)
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        head = connection.execute(text("SELECT seq, entry_hash FROM audit_head WHERE id = 1")).one()
    objects = _store(services.ocfl, work, previous, index)
    files, left_out = config_files(services.settings)
    for path, data in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_bytes(data)
    (work / INDEX).write_bytes(gz_json(index))
    raw: dict[str, Any] = {
        "format": FORMAT,
        "name": name,
        "kind": kind,
        "base": base.name if base else None,
        "created": utc_now().isoformat(timespec="seconds"),
        "archive_version": archive.__version__,
        "agency_code": services.settings.agency_code,
        "catalog": {"revision": revision or "", "rows": counts, "dialect": dialect},
        "audit_head": {"seq": head[0], "entry_hash": head[1]},
        "store": {"name": services.ocfl.store.name, "objects": objects},
        "left_out": {
            "settings": left_out,
            "tables": LEFT_OUT_TABLES,
            "store": "the objects' bytes: they are in the primary store and the replica",
        },
        "purged": [],
    }
    _seal(work, raw)
    return raw, left_out


def prune(
    target: BackupTarget, sets: list[SetManifest], keep_daily: int, keep_monthly: int
) -> list[str]:
    """Delete the sets beyond the retention settings (and the leftovers of runs that died):
    the newest ``keep_daily`` incremental sets and ``keep_monthly`` full sets stay, and so
    does every set a kept incremental set builds on."""
    incrementals = [s for s in sets if s.kind == "incremental"]
    fulls = [s for s in sets if s.kind == "full"]
    kept = {s.name for s in incrementals[-keep_daily:]} | {s.name for s in fulls[-keep_monthly:]}
    by_name = {s.name: s for s in sets}
    for name in sorted(kept):
        base = by_name[name].base
        while base is not None and base in by_name:
            kept.add(base)
            base = by_name[base].base
    gone = [s.name for s in sets if s.name not in kept]
    newest = sets[-1].name if sets else ""
    leftovers = [name for name in target.partial() if name.removeprefix(".partial-") < newest]
    for name in [*gone, *leftovers]:
        target.delete(name)
    return gone


def run_backup(
    services: Services, agents: list[AgentRef], *, kind: Kind | None = None
) -> RunReport:
    """Write one set (module docstring), verify it, prune, record the event; IntegrityFailure
    (after recording a failed event) when the set does not read back as written."""
    settings = services.settings
    wanted = minutes_wanted(settings)  # in production without the signing key: refused now
    target = open_target(settings)
    sets = read_sets(target)
    chain = latest_chain(sets)
    now = utc_now()
    with unit_of_work(services.sessions) as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    kind = kind or choose_kind(chain, now, revision or "")
    if kind == "incremental" and (not chain or chain[-1].revision != revision):
        kind = "full"  # nothing to build on (say so: the report's kind is what was made)
    base = chain[-1] if kind == "incremental" else None
    previous = load_index(target, base) if base else {}
    name = set_name(now, kind)
    with scratch(settings.staging_dir, "backup") as work:
        raw, left_out = _write(services, work, name, kind, base, previous)
        target.publish(name, work)
    check = verify_set(target, name)
    report = RunReport(
        name,
        kind,
        target.describe(),
        raw["base"],
        raw["catalog"]["rows"],
        raw["store"]["objects"],
        check,
        left_out=left_out,
    )
    _record(services, report, agents)
    if not check.ok:
        target.delete(name)  # a set that does not read back is no backup; the event says so
        raise IntegrityFailure(
            f"bộ sao lưu {name} đọc lại không khớp / the backup set {name} does not read back "
            f"as written: {'; '.join(check.problems)}"
        )
    report.pruned = prune(
        target, read_sets(target), settings.backup_keep_daily, settings.backup_keep_monthly
    )
    if wanted:
        checked = f"{check.files} tệp, {check.bytes} byte, khớp SHA-256 / digests match"
        spec = log_spec(services, SetManifest(raw), report.target, agents, checked, today())
        report.minutes = write_minutes(services, None, spec, agent=agents[0]).object_id
    return report


def _record(services: Services, report: RunReport, agents: list[AgentRef]) -> None:
    rows = sum(report.rows.values())
    kind_vi = "toàn bộ" if report.kind == "full" else "gia tăng"
    event = NewEvent(
        "backup",
        f"Sao lưu {kind_vi} {report.name} vào {report.target} / {report.kind} backup "
        f"{report.name} to {report.target}",
        outcome="success" if report.check.ok else "failure",
        outcome_detail=f"{rows} row(s), {report.objects} object(s) in the store manifest; "
        f"{report.check.files} file(s), {report.check.bytes} bytes read back"
        + ("" if report.check.ok else f": {'; '.join(report.check.problems)}"),
        agents=agents,
        objects=[(f"backup:{report.name}", "outcome")],
    )
    with unit_of_work(services.sessions) as session:
        append_events(session, [event])
