"""Benchmark of the storage layer (issue #4 §9).

On one large SIP (a single M MiB file of pseudo-random bytes, bench.ingest's large package):

1. **Ingest, local vs S3.** The package is ingested into a fresh home on the local store and
   into a fresh home on S3 (a SeaweedFS ``weed server -s3`` on loopback, started here, bucket
   with Object Lock), each in a child process that loads only the archive; wall time of
   ``Archive.ingest`` and the child's peak RSS (VmHWM).
2. **Fixity vs sha256sum.** ``archive.storage.fixity.check_object`` on the stored object (every
   file read back and hashed: the large file dominates), in a child process, compared with
   ``sha256sum`` of the same stored file; page cache warm for both (one untimed read first),
   baseline run before and after (mean). Ratio = baseline seconds / fixity seconds (goal ≥
   0.8). The same check on the S3 copy gives the S3 read throughput and its peak RSS.
3. **Memory.** Every child reports its VmHWM; the goal is a flat RSS (≤ 200 MB) whatever M.

Every fixity result must be ok, so a broken check cannot report a fast number.

Run: ``.venv/bin/python -m bench.storage [--large-mb M] [--json] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from archive.storage.ocfl import object_path
from archive.storage.s3 import ensure_bucket
from bench.ingest import (
    ROOT,
    CpuWatch,
    code_state,
    machine_info,
    run_child_ingest,
    write_large_sip,
)
from tests.support.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedServer

MiB = 1024 * 1024

_FIXITY_CHILD = """
import json, sys, time
from archive.bootstrap import open_archive
from archive.config import load_settings
from archive.storage.fixity import check_object

def status_kib(field):
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith(field + ":"))

overrides, object_id, out = sys.argv[1:]
with open_archive(load_settings(**json.loads(overrides))) as archive:
    start = time.perf_counter()
    result = check_object(archive.ocfl, object_id)
    seconds = time.perf_counter() - start
with open(out, "w") as fh:
    json.dump({"ok": result.ok, "problems": result.problems, "bytes": result.bytes,
               "files": result.files, "seconds": seconds, "vm_hwm_kib": status_kib("VmHWM")}, fh)
"""


def _child_fixity(overrides: dict[str, Any], object_id: str, out: Path) -> dict[str, Any]:
    watch = CpuWatch()
    subprocess.run(
        [sys.executable, "-c", _FIXITY_CHILD, json.dumps(overrides), object_id, str(out)],
        cwd=ROOT,
        check=True,
    )
    data: dict[str, Any] = json.loads(out.read_text())
    data["other_cpu_share"] = watch.other_share()
    if not data["ok"]:
        raise RuntimeError(f"fixity failed: {data['problems']}")
    data["mib_per_s"] = data["bytes"] / MiB / data["seconds"]
    return data


def _sha256sum(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)
    return time.perf_counter() - start


def _warm(path: Path) -> None:
    with path.open("rb") as fh:
        while fh.read(8 * MiB):
            pass


def run(large_mb: int, work: Path) -> dict[str, Any]:
    """All measurements; returns the results as a dict."""
    pkg = write_large_sip(work / "sip", large_mb)
    local = {"home": str(work / "local-home")}
    server = SeaweedServer.start(work)
    try:
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_EC2_METADATA_DISABLED": "true",
            }
        )
        ensure_bucket(server.client(), "bench")
        s3 = {
            "home": str(work / "s3-home"),
            "storage_backend": "s3",
            "s3_endpoint_url": server.endpoint_url,
            "s3_bucket": "bench",
        }
        results: dict[str, Any] = {"large_mb": large_mb}
        for name, overrides in (("local", local), ("s3", s3)):
            env = {f"ARCHIVE_{k.upper()}": str(v) for k, v in overrides.items()}
            Path(str(overrides["home"])).mkdir(parents=True)
            subprocess.run(
                [sys.executable, "-m", "cli.main", "--home", str(overrides["home"]), "init"],
                cwd=ROOT,
                check=True,
                capture_output=True,
                env={**os.environ, **env},
            )
            ingest = run_child_ingest(overrides, pkg.folder, work / f"{name}-ingest.json")
            if ingest["status"] != "accepted":
                raise RuntimeError(f"{name} ingest: {ingest['report']}")
            ingest["mib_per_s"] = large_mb / ingest["seconds"]
            results[f"ingest_{name}"] = ingest
            object_id = ingest["object_id"]
            if name == "local":
                stored = Path(str(overrides["home"]), "store", object_path(object_id))
                big = max(stored.rglob("*.bin"), key=lambda p: p.stat().st_size)
                _warm(big)
                before = _sha256sum(big)
                fixity = _child_fixity(overrides, object_id, work / "local-fixity.json")
                after = _sha256sum(big)
                baseline = (before + after) / 2
                fixity["sha256sum_seconds"] = baseline
                fixity["ratio_to_sha256sum"] = baseline / fixity["seconds"]
                results["fixity_local"] = fixity
            else:
                results["fixity_s3"] = _child_fixity(overrides, object_id, work / "s3-fixity.json")
        results["ingest_s3_to_local_ratio"] = (
            results["ingest_s3"]["mib_per_s"] / results["ingest_local"]["mib_per_s"]
        )
        return results
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-mb", type=int, default=1024)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-storage-", dir=os.environ.get("TMPDIR")) as tmp:
        work = Path(tmp)
        data = {
            "machine": machine_info(work),
            "code": code_state(),
            "results": run(args.large_mb, work),
        }
    if args.out:
        args.out.write_text(json.dumps(data, indent=2) + "\n")
    if args.json:
        print(json.dumps(data, indent=2))
        return
    r = data["results"]
    print(f"large file: {r['large_mb']} MiB")
    for name in ("local", "s3"):
        i = r[f"ingest_{name}"]
        print(
            f"ingest {name:5}: {i['seconds']:.2f} s, {i['mib_per_s']:.0f} MiB/s, "
            f"peak RSS {i['vm_hwm_kib'] / 1024:.1f} MiB, others' CPU {i['other_cpu_share']:.0%}"
        )
    f = r["fixity_local"]
    print(
        f"fixity local: {f['seconds']:.2f} s, {f['mib_per_s']:.0f} MiB/s; sha256sum "
        f"{f['sha256sum_seconds']:.2f} s; ratio {f['ratio_to_sha256sum']:.2f} (goal ≥ 0.8); "
        f"peak RSS {f['vm_hwm_kib'] / 1024:.1f} MiB"
    )
    s = r["fixity_s3"]
    print(
        f"fixity s3   : {s['seconds']:.2f} s, {s['mib_per_s']:.0f} MiB/s; peak RSS "
        f"{s['vm_hwm_kib'] / 1024:.1f} MiB"
    )
    print(f"ingest S3/local throughput: {r['ingest_s3_to_local_ratio']:.2f}")


if __name__ == "__main__":
    main()
