"""Benchmark of the backup sets (issue #20 part 3): a full set, an incremental set and the
restore drill, timed, with the size of each set.

A fresh archive home (SQLite catalog, or PostgreSQL with ``--database-url``; local OCFL store)
in a temporary directory receives N dossiers of K documents (fixed seeds; ingest not timed),
with a local backup target. Timed: ``run_backup`` full (every catalog row, the manifest of
every object, read back), one more dossier, ``run_backup`` incremental (only what changed),
then ``restore_drill`` (both sets restored into a scratch SQLite catalog, the audit chain and
the store verified against it). The drill must pass, so a broken set cannot report a number.

Run: ``.venv/bin/python -m bench.backup [--dossiers N] [--docs-per-dossier K]
[--database-url URL] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from archive.backup.drill import restore_drill
from archive.backup.run import run_backup
from archive.bootstrap import open_archive, person_agent, software_agent
from archive.config import load_settings
from tests.support.retention import ingest_dossier


def run(dossiers: int, docs: int, database_url: str | None) -> dict[str, Any]:
    """Ingest, back up twice, drill; returns the figures."""
    agents = [person_agent("bench"), software_agent()]
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp_dir:
        tmp = Path(tmp_dir)
        catalog = {"database_url": database_url} if database_url else {}
        settings = load_settings(
            home=tmp / "home", backup_backend="local", backup_root=tmp / "backups", **catalog
        )
        with open_archive(settings, create=True) as archive:
            for n in range(1, dossiers + 1):
                ingest_dossier(archive, tmp, n, docs=docs)
            started = time.perf_counter()
            full = run_backup(archive, agents, kind="full")
            full_s = time.perf_counter() - started
            ingest_dossier(archive, tmp, dossiers + 1, docs=docs)
            started = time.perf_counter()
            incremental = run_backup(archive, agents, kind="incremental")
            incremental_s = time.perf_counter() - started
            started = time.perf_counter()
            drill = restore_drill(archive, agents)
            drill_s = time.perf_counter() - started
            assert drill.ok, drill.as_dict()
    return {
        "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
        "catalog": "postgresql" if database_url else "sqlite",
        "dossiers": dossiers + 1,
        "documents_per_dossier": docs,
        "rows": sum(full.rows.values()),
        "objects": full.objects,
        "full_s": round(full_s, 2),
        "full_kib": round(full.check.bytes / 1024, 1),
        "incremental_s": round(incremental_s, 2),
        "incremental_rows": sum(incremental.rows.values()),
        "incremental_kib": round(incremental.check.bytes / 1024, 1),
        "drill_s": round(drill_s, 2),
        "drill_rows": sum(drill.restore.rows.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100)
    parser.add_argument("--docs-per-dossier", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.dossiers, args.docs_per_dossier, args.database_url)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
