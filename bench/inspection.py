"""Benchmark of the periodic inspection (issue #20 part 4): dossiers inspected per second.

A fresh archive home (SQLite catalog, local OCFL store and a local replica) in a temporary
directory receives N dossiers of K documents each; every original is P KiB of pseudo-random
bytes (seed 7) in a valid one-page PDF. Ingest is not timed. The timed parts are
``inspection.make_plan`` over the whole holding (a plan year in which every dossier is due,
so the plan takes them all) and ``inspection.run_plan``: the fixity of both copies (every
byte read twice) and the catalog against the stored files of one copy, each dossier committed
with its event. One original is damaged in the replica before the run, and the run must find
exactly that failure, so a broken check cannot report a fast number.

Run: ``.venv/bin/python -m bench.inspection [--dossiers N] [--docs-per-dossier K] [--kib P]
[--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import stat
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.bootstrap import open_archive, person_agent
from archive.catalog.models import Dossier, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.inspection.plan import make_plan
from archive.inspection.run import run_plan
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips

AGENT = person_agent("bench")


def _damage(root_dir: Path, key: str) -> None:
    path = root_dir / key
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(bytes(data))


def run(dossiers: int, docs: int, kib: int) -> dict[str, Any]:
    """Ingest, plan and run; returns the figures."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-inspection-") as tmp_dir:
        tmp = Path(tmp_dir)
        settings = load_settings(
            home=tmp / "home",
            signature_policy_unsigned="accept",
            replica_backend="local",
            replica_root=tmp / "replica",
        )
        original_bytes = 0
        with open_archive(settings, create=True) as archive:
            for n in range(1, dossiers + 1):
                sip = sips.sip_input(n, docs=docs, maintenance="01")
                documents = [
                    replace(d, content=sips.pdf_bytes(n * 1000 + i, rng.randbytes(kib * 1024)))
                    for i, d in enumerate(sip.documents, start=1)
                ]
                original_bytes += sum(len(d.content) for d in documents)  # type: ignore[arg-type]
                folder = write_sip(replace(sip, documents=documents), tmp / f"sip{n}")
                result = archive.ingest(zip_tree(folder, tmp / f"sip{n}.zip"), AGENT)
                assert result.status == "accepted", result.report.as_dict()
            with unit_of_work(archive.sessions) as s:
                last = max(s.scalars(select(Dossier.ingested_at)))
                oid, content = s.execute(
                    select(Dossier.object_id, File.content_path)
                    .join(File, File.dossier_id == Dossier.id)
                    .where(File.role == "original")
                    .limit(1)
                ).one()
            assert archive.replica is not None
            _damage(
                Path(archive.replica.store.describe()), archive.replica.content_key(oid, content)
            )
            year = (datetime.fromisoformat(last) + timedelta(days=3 * 365)).year
            started = time.perf_counter()
            plan = make_plan(archive, year, AGENT)
            planned = time.perf_counter() - started
            started = time.perf_counter()
            report = run_plan(archive, AGENT, year=year)
            seconds = time.perf_counter() - started
    assert plan.holding == dossiers and len(report.inspected) == dossiers
    assert [(f.kind, f.object_id) for f in report.failures] == [("fixity", oid)]
    mib = 1024 * 1024
    return {
        "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
        "load_average": round(os.getloadavg()[0], 1),
        "dossiers": dossiers,
        "documents_per_dossier": docs,
        "original_kib": kib,
        "plan_seconds": round(planned, 3),
        "run_seconds": round(seconds, 3),
        "dossiers_per_s": round(dossiers / seconds, 2),
        "original_mib_read_per_s": round(2 * original_bytes / mib / seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=50)
    parser.add_argument("--docs-per-dossier", type=int, default=3)
    parser.add_argument("--kib", type=int, default=256)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.dossiers, args.docs_per_dossier, args.kib)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
