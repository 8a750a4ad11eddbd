"""Benchmark of the minutes (issue #20 part 2): time to write one signed Mẫu 21 minutes of R
rows, and its size.

A fresh archive home (SQLite catalog, local OCFL store and a local replica) signs with the test
PKI's ``signer-org`` and timestamps at the test PKI's TSA, both served on 127.0.0.1 under a
frozen clock (the test certificates end in 2027). The timed part is ``write_minutes`` of M
destruction minutes of R rows each: render PDF/A-2B, sign PAdES B-LT (timestamp, chain,
revocation data), publish to the primary and the replica, catalogue with the event. Each is
read back afterwards (not timed) and its SHA-256 compared with the catalog's.

Run: ``.venv/bin/python -m bench.minutes [--rows R] [--minutes M] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from freezegun import freeze_time

from archive.bootstrap import person_agent
from archive.minutes.forms import FORMS, Form
from archive.minutes.service import read_minutes, write_minutes
from tests.support.pki import serve_pki
from tests.support.signed import LATER_THAT_DAY
from tests.unit.minutes import support


def run(rows: int, count: int) -> dict[str, Any]:
    """Write ``count`` minutes of ``rows`` rows; returns the figures."""
    width = len(FORMS[Form.DESTRUCTION_M21].columns) - 1
    table = [
        [
            f"H99.000.00.00.G09.2010.{n:02d}.VP" if c == 0 else f"Ô {n}.{c} hồ sơ lưu trữ"
            for c in range(width)
        ]
        for n in range(rows)
    ]
    with tempfile.TemporaryDirectory(prefix="bench-minutes-") as tmp_dir:
        tmp = Path(tmp_dir)
        (tmp / "pki").mkdir()
        with serve_pki(tmp / "pki") as pki:
            catalog = f"sqlite:///{tmp / 'catalog.sqlite3'}"
            with support.home(tmp, pki, catalog) as archive, freeze_time(LATER_THAT_DAY, tick=True):
                agent = person_agent("bench")
                times, sizes = [], []
                for n in range(count):
                    spec = support.spec(number=f"{n}/BB-HUY", rows=table)
                    start = time.perf_counter()
                    record = write_minutes(archive, None, spec, agent=agent)
                    times.append(time.perf_counter() - start)
                    sizes.append(len(read_minutes(archive, str(record.id), "pdf")))
    return {
        "rows": rows,
        "minutes": count,
        "seconds_each_median": round(sorted(times)[len(times) // 2], 3),
        "seconds_each_max": round(max(times), 3),
        "pdf_bytes": sizes[0],
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--minutes", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.rows, args.minutes)
    print(json.dumps(result, indent=2) if args.json else result)


if __name__ == "__main__":
    main()
