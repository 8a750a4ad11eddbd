"""Benchmark of start-up (issue #14): wall time of ``archive --help`` and ``archive ls``.

A fresh, demo-less archive home is made by ``archive init`` in a temporary directory (not
timed). Each command then runs N times as a new process, the installed ``archive`` entry point
of this interpreter's environment, output discarded; one untimed run first warms the file
cache. Reports the median, minimum and maximum of the N wall times, in seconds.

Goals (issue #14): ``archive --help`` ≤ 0.3 s and ``archive ls`` ≤ 0.6 s, median of 5.

Run: ``.venv/bin/python -m bench.start [--runs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ARCHIVE = Path(sys.executable).with_name("archive")
COMMANDS: dict[str, tuple[str, ...]] = {"--help": ("--help",), "ls": ("ls",)}


def _run(args: tuple[str, ...], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ARCHIVE), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    return time.perf_counter() - started


def measure(runs: int) -> dict[str, Any]:
    """Median, min and max wall time of each command over ``runs`` runs."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
        env["ARCHIVE_HOME"] = str(Path(tmp) / "home")
        _run(("init",), env)
        results: dict[str, Any] = {}
        for name, args in COMMANDS.items():
            _run(args, env)  # warm the file cache
            times = [_run(args, env) for _ in range(runs)]
            results[name] = {
                "median_s": round(statistics.median(times), 3),
                "min_s": round(min(times), 3),
                "max_s": round(max(times), 3),
            }
    return {
        "runs": runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "commands": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--json", action="store_true", help="JSON output")
    args = parser.parse_args()
    report = measure(args.runs)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['runs']} runs each, Python {report['python']}, {report['cpus']} CPUs")
    for name, r in report["commands"].items():
        spread = f"min {r['min_s']:.3f}, max {r['max_s']:.3f}"
        print(f"archive {name:7} median {r['median_s']:.3f} s  ({spread})")


if __name__ == "__main__":
    main()
