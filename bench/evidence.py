"""Benchmark of RFC 4998 evidence records at scale (issue #5).

One process; the test PKI of ``tests/support/pki.py`` served on 127.0.0.1 (TSA, OCSP, CRLs) at
the real clock, which must lie inside the PKI's validity (2026-2027 for signers, 2026-2045 for
the TSA). Four measurements:

1. **Build** ``--leaves`` records (default 1 000 000): ``--leaves`` random SHA-256 leaf digests
   (fixed seed) → one Merkle tree → one request to the served TSA → every leaf's DER record
   (``initial_record``), streamed into a SHA-256 sink so memory stays bounded (nothing but the
   tree is kept). Goal: ≤ 120 s, one TSA request.
2. **Renew** the same records by a time-stamp renewal: one TSA request over the shared last
   token, then every record re-encoded (``timestamp_renewed_der``), streamed the same way. Goal
   ≤ 120 s. The records are rebuilt on the fly (not timed) rather than held: holding a million
   records costs gigabytes.
3. **Verify** ``--verify-sample`` records (default 200) taken evenly over the batch:
   ``verify_record`` with the data's digest, the TSA's root trusted (hash tree, imprint, the
   token's CMS signature and TSA path): ms per record. The first records of 1. and 2. are
   checked valid the same way (untimed), so a broken builder cannot report a fast number.
4. **PAdES-LTA renewal per file** for comparison: ``archive.signatures.augment.augment`` on a
   B-LTA NĐ 30 PDF (validate, DSS update, new document timestamp), median of ``--lta-files``
   runs. **Ratio** = (per-file LTA renewal × leaves) / (batch renewal of 2.). Goal ≥ 1000×.

Peak memory is ``ru_maxrss`` of the process after each phase.

Run from the project root: ``.venv/bin/python -m bench.evidence [--leaves N]
[--verify-sample K] [--lta-files F] [--json] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.evidence.ers import (
    DataObject,
    initial_record,
    last_timestamp_der,
    parse_record,
    request_timestamp,
    timestamp_renewed_der,
    verify_record,
)
from archive.evidence.merkle import MerkleTree, hasher
from archive.signatures.augment import augment, timestamper_for
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.pki import TestPki, serve_pki, sign_nd30_pdf


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise SystemExit(f"bench.evidence: check failed: {message}")


def bench_build(pki: TestPki, n: int, trust: TrustStore) -> tuple[dict[str, Any], Any, bytes]:
    stamper = timestamper_for(pki.tsa_url("tsa"))
    rng = random.Random(42)
    leaves = rng.randbytes(32 * n)
    t0 = time.perf_counter()
    tree = MerkleTree(leaves, "sha256")
    t_tree = time.perf_counter()
    token = request_timestamp(stamper, tree.root, "sha256")
    t_tsa = time.perf_counter()
    sink = hashlib.sha256()
    size = 0
    for i in range(n):
        der = initial_record(tree, i, token)
        sink.update(der)
        size += len(der)
    t_end = time.perf_counter()
    first = initial_record(tree, 0, token)
    report = verify_record(first, [DataObject("leaf0", digests={"sha256": tree.leaf(0)})], trust)
    _check(report.valid, f"first built record: {report.reason}")
    return (
        {
            "leaves": n,
            "tsa_requests": 1,
            "tree_s": t_tree - t0,
            "tsa_s": t_tsa - t_tree,
            "records_s": t_end - t_tsa,
            "total_s": t_end - t0,
            "records_bytes": size,
            "bytes_per_record": size / n,
            "peak_rss_mb": _rss_mb(),
            "goal_s": 120,
            "met": t_end - t0 <= 120,
        },
        tree,
        token,
    )


def bench_renew(pki: TestPki, tree: Any, token: bytes, trust: TrustStore) -> dict[str, Any]:
    stamper = timestamper_for(pki.tsa_url("tsa"))
    n = len(tree)
    first = initial_record(tree, 0, token)
    t0 = time.perf_counter()
    previous = last_timestamp_der(parse_record(first))
    new_token = request_timestamp(stamper, hasher("sha256")(previous), "sha256")
    t_tsa = time.perf_counter()
    sink = hashlib.sha256()
    encode = 0.0
    for i in range(n):
        der = initial_record(tree, i, token)  # stands in for reading the stored record
        t = time.perf_counter()
        sink.update(timestamp_renewed_der(der, new_token))
        encode += time.perf_counter() - t
    renewed = timestamp_renewed_der(first, new_token)
    report = verify_record(renewed, [DataObject("leaf0", digests={"sha256": tree.leaf(0)})], trust)
    _check(report.valid and len(report.checks) == 2, f"renewed record: {report.reason}")
    total = (t_tsa - t0) + encode
    return {
        "records": n,
        "tsa_requests": 1,
        "tsa_s": t_tsa - t0,
        "records_s": encode,
        "total_s": total,
        "peak_rss_mb": _rss_mb(),
        "goal_s": 120,
        "met": total <= 120,
    }


def bench_verify(tree: Any, token: bytes, trust: TrustStore, sample: int) -> dict[str, Any]:
    n = len(tree)
    picks = sorted({round(i * (n - 1) / max(1, sample - 1)) for i in range(sample)})
    times = []
    for i in picks:
        der = initial_record(tree, i, token)
        data = [DataObject(f"leaf{i}", digests={"sha256": tree.leaf(i)})]
        t0 = time.perf_counter()
        report = verify_record(der, data, trust)
        times.append(time.perf_counter() - t0)
        _check(report.valid, f"record {i}: {report.reason}")
    return {
        "records": len(picks),
        "median_ms": statistics.median(times) * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "max_ms": max(times) * 1000,
    }


def bench_lta(pki: TestPki, work: Path, files: int) -> dict[str, Any]:
    trust = TrustStore.from_paths([pki.root_pem_path], [])
    cfg = ValidationSettings(trust=trust, fetch=True)
    stamper = timestamper_for(pki.tsa_url("tsa"))
    src = work / "nd30-blta.pdf"
    src.write_bytes(sign_nd30_pdf(pki, "B-LTA"))
    times = []
    for i in range(files + 1):  # the first is a warm-up
        dst = work / f"renewed-{i}.pdf"
        t0 = time.perf_counter()
        result = augment(src, dst, cfg, stamper)
        elapsed = time.perf_counter() - t0
        _check(result.action == "renewed", f"LTA renewal: {result.action}")
        if i:
            times.append(elapsed)
    report, _ = validate_pdf(dst, ValidationSettings(trust=trust, fetch=True))
    _check(report.bottom_line == "TOTAL_PASSED", f"renewed LTA: {report.bottom_line}")
    return {"files": files, "runs_s": times, "median_s": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--verify-sample", type=int, default=200)
    parser.add_argument("--lta-files", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as tmp:
        work = Path(tmp)
        (work / "pki").mkdir()
        with serve_pki(work / "pki") as pki:
            trust = TrustStore.from_paths([pki.root_pem_path], [])
            build, tree, token = bench_build(pki, args.leaves, trust)
            renew = bench_renew(pki, tree, token, trust)
            verify = bench_verify(tree, token, trust, args.verify_sample)
            lta = bench_lta(pki, work, args.lta_files)
    ratio = lta["median_s"] * args.leaves / renew["total_s"]
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.processor() or '?'}, "
        f"Python {platform.python_version()}",
        "build": build,
        "renew": renew,
        "verify": verify,
        "pades_lta_renewal_per_file": lta,
        "ratio_vs_pades_lta": {"ratio": ratio, "goal": 1000, "met": ratio >= 1000},
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    if args.json:
        print(text)
    else:
        print(
            f"build {args.leaves} leaves: {build['total_s']:.1f} s (tree {build['tree_s']:.1f}, "
            f"TSA {build['tsa_s']:.2f}, records {build['records_s']:.1f}; "
            f"{build['bytes_per_record']:.0f} B/record), peak RSS {build['peak_rss_mb']:.0f} MB\n"
            f"renew: {renew['total_s']:.1f} s (TSA {renew['tsa_s']:.2f}), "
            f"peak RSS {renew['peak_rss_mb']:.0f} MB\n"
            f"verify: {verify['median_ms']:.1f} ms/record (median of {verify['records']})\n"
            f"PAdES-LTA renewal: {lta['median_s'] * 1000:.0f} ms/file → ratio {ratio:,.0f}×"
        )


if __name__ == "__main__":
    main()
