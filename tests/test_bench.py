"""Every benchmark still runs: each is started as docs/performance.md gives its command,
at a tiny size, and must exit 0 with output that carries its measurements.

These are smoke runs, not measurements (speed goals are proven by the full runs recorded in
docs/performance.md); they catch a benchmark that no longer imports or calls the code it
measures after that code moved.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SMOKE_RUNS: dict[str, tuple[str, str]] = {
    "backup": ("--dossiers 1 --docs-per-dossier 1 --json", "drill_s"),
    "evidence": ("--leaves 200 --verify-sample 5 --lta-files 1 --json", "leaves"),
    "ingest": ("--dossiers 2 --docs-per-dossier 1 --large-mb 1 --repeat 1 --json", "dossiers"),
    "inspection": ("--dossiers 2 --docs-per-dossier 1 --kib 4 --json", "dossiers_per_s"),
    "load": (
        "--seconds 5 --packages 6 --docs 1 --seed 2 --bad-every 3 --connections 2 --json",
        "nothing_lost",
    ),
    "minutes": ("--rows 2 --minutes 1 --json", "seconds_each_median"),
    "ocr": ("--pages 1 --conditions 300dpi-grey-clean --json", "cer"),
    "relevance": ("--queries 2 --json", "recall_at_3"),
    "search": ("--docs 200 --words 50 --repeats 1", "docs"),
    "search_limits": ("--docs 200 --words 50", "median"),
    "signatures": (
        "--rounds 1 --round-seconds 0.2 --warmup 1 --augment-repeat 1 --large-mb 0 "
        "--dossiers 1 --ingest-repeat 1 --profile-calls 1 --json",
        "validation",
    ),
    "start": ("--runs 1 --json", "help"),
    "storage": ("--large-mb 1 --json", "large"),
    "throughput": (
        "--documents 4 --docs-per-dossier 2 --signers 3 --large-mb 1 --json",
        "ceiling",
    ),
    "transfer": ("--dossiers 2 --docs-per-dossier 1 --kib 4 --json", "dossiers"),
    "tray": ("--envelopes 1 --json", "assemble_s"),
    "web": ("--docs 100 --words 50 --duration 1 --connections 2", "p50_ms"),
}


def test_every_benchmark_has_a_smoke_run() -> None:
    modules = {p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "__init__"}
    assert modules == set(SMOKE_RUNS)


@pytest.mark.parametrize("name", sorted(SMOKE_RUNS))
def test_benchmark_smoke_run(name: str, tmp_path: Path) -> None:
    options, expected = SMOKE_RUNS[name]
    args = options.split()
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert expected in done.stdout, done.stdout[-2000:]
    if "--json" in args:
        json.loads(done.stdout)


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["TMPDIR"] = str(tmp_path)
    return env
