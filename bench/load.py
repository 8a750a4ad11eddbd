"""Load: four ingest processes, the web page under 20 connections and fixity runs, all at once,
on PostgreSQL and SeaweedFS (issue #22, part 5).

    .venv/bin/python -m bench.load --seconds 600 --json --out load.json

Starts its own PostgreSQL cluster and SeaweedFS (S3 with Object Lock) in a scratch folder (the
suite's helpers, tests/support), makes an archive home whose catalog is on PostgreSQL and whose
store is the S3 bucket, writes signed NĐ 30 dossiers with the demo PKI (bench.ingest's
generator; every ``--bad-every``-th package cut short, so that the gate must refuse it), and
ingests a few so that the web page has something to find. Then, for ``--seconds``:

- ``--ingesters`` processes each run ``archive ingest --json`` on its share of the packages, a
  few at a time, until the time is up or its share is done;
- ``wrk`` drives the search page (``/search``, logged in) with ``--connections`` connections;
- one process runs ``archive fixity run --all`` again and again.

Afterwards it checks that nothing was lost: every package submitted has a result (accepted, or
refused with findings), every accepted dossier is in the catalog with its ingest event,
``archive audit verify`` and ``archive storage verify`` are clean. It prints the throughput
(dossiers and documents per second), the web's requests per second and p50/p95/p99, the fixity
runs and objects checked, and the machine. Needs ``wrk`` (Debian). Results: docs/performance.md
("Load").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from archive.demo.pki import create_demo_pki
from archive.storage.s3 import ensure_bucket
from bench.ingest import machine_info, settings_overrides, write_dossiers
from bench.web import PASSWORD, login, run_wrk
from tests.support.postgres import PostgresCluster
from tests.support.process import free_port
from tests.support.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedServer

ROOT = Path(__file__).resolve().parents[1]
USER_ARGS = ("--role", "officer", "--password-stdin")
BATCH = 4
"""Packages per ``archive ingest`` call: small, so that an ingester stops soon after time is up."""


def archive_env(overrides: dict[str, Any], database_url: str, endpoint: str) -> dict[str, str]:
    """The environment of every ``archive`` process of the run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ARCHIVE_"))}
    env.update({f"ARCHIVE_{k.upper()}": _env_value(v) for k, v in overrides.items()})
    env.update(
        {
            "ARCHIVE_DATABASE_URL": database_url,
            "ARCHIVE_STORAGE_BACKEND": "s3",
            "ARCHIVE_S3_ENDPOINT_URL": endpoint,
            "ARCHIVE_S3_BUCKET": "load",
            "ARCHIVE_VIRUS_SCANNER": "off",
            "ARCHIVE_LANG": "en",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return env


def _env_value(value: Any) -> str:
    return json.dumps(value) if isinstance(value, list) else str(value)


def archive_cmd(env: dict[str, str], *args: str, timeout: float = 3600) -> Any:
    """Run ``archive ARGS --json`` and decode its output (a failure exits the benchmark)."""
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *args, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if not done.stdout.strip():
        sys.exit(f"archive {' '.join(args)} gave no JSON (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def make_packages(work: Path, count: int, docs: int, bad_every: int) -> tuple[Any, list[Path]]:
    """Signed dossiers; every ``bad_every``-th one cut in half (the gate refuses it)."""
    pki = create_demo_pki(work / "pki")
    zips = write_dossiers(work / "packages", count, docs, pki)
    for i, path in enumerate(zips, 1):
        if bad_every and i % bad_every == 0:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
    return pki, zips


def ingester(env: dict[str, str], share: list[Path], deadline: float, out: list[Any]) -> None:
    """Ingest ``share`` a few packages at a time until the deadline."""
    for start in range(0, len(share), BATCH):
        if time.monotonic() >= deadline:
            return
        batch = [str(p) for p in share[start : start + BATCH]]
        out.extend(archive_cmd(env, "ingest", *batch))


def fixity_loop(env: dict[str, str], deadline: float, out: list[Any]) -> None:
    while time.monotonic() < deadline:
        out.append(archive_cmd(env, "fixity", "run", "--all"))


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            import httpx

            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("archive serve did not start")
            time.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def check_nothing_lost(
    env: dict[str, str], submitted: list[Path], results: list[Any]
) -> dict[str, Any]:
    """Every package has a result; refusals carry findings; the catalog, the chain and the
    store agree."""
    by_source = {Path(r["source"]).name: r for r in results}
    missing = [p.name for p in submitted if p.name not in by_source]
    accepted = [r for r in results if r["status"] in ("accepted", "recovered")]
    refused = [r for r in results if r["status"] == "refused"]
    silent = [r["source"] for r in refused if not r.get("findings")]
    listed = {d["fileCode"] for d in archive_cmd(env, "ls")}
    uncatalogued = [r["file_code"] for r in accepted if r["file_code"] not in listed]
    audit = archive_cmd(env, "audit", "verify")
    storage = archive_cmd(env, "storage", "verify")
    return {
        "submitted": len(submitted),
        "accepted": len(accepted),
        "refused": len(refused),
        "other": len(results) - len(accepted) - len(refused),
        "without_result": missing,
        "refused_without_findings": silent,
        "accepted_not_catalogued": uncatalogued,
        "audit_ok": bool(audit.get("ok")),
        "audit_events": audit.get("checked"),
        "storage_ok": all(store["ok"] for store in storage["stores"]),
    }


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    cluster = PostgresCluster.start(work)
    seaweed = SeaweedServer.start(work)
    try:
        client = seaweed.client()
        ensure_bucket(client, "load")
        client.close()
        pki, zips = make_packages(work, args.packages, args.docs, args.bad_every)
        overrides = settings_overrides(work / "home", pki)
        url = cluster.create_database("load")
        env = archive_env(overrides, url, seaweed.endpoint_url)
        init = [sys.executable, "-m", "cli.main", "init"]
        subprocess.run(init, cwd=ROOT, env=env, check=True, capture_output=True)
        seed, rest = zips[: args.seed], zips[args.seed :]
        results: list[Any] = list(archive_cmd(env, "ingest", *map(str, seed)))
        subprocess.run(
            [sys.executable, "-m", "cli.main", "users", "add", "bench", *USER_ARGS],
            cwd=ROOT,
            env=env,
            input=PASSWORD + "\n",
            text=True,
            capture_output=True,
            check=True,
        )
        return measure(args, env, seed, rest, results)
    finally:
        seaweed.stop()
        cluster.stop()


def measure(
    args: argparse.Namespace,
    env: dict[str, str],
    seed: list[Path],
    rest: list[Path],
    results: list[Any],
) -> dict[str, Any]:
    port = free_port()
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    shares = [rest[i :: args.ingesters] for i in range(args.ingesters)]
    outs: list[list[Any]] = [[] for _ in shares]
    fixity_runs: list[Any] = []
    web: dict[str, Any] = {}
    try:
        cookie = login(base)
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(target=ingester, args=(env, share, deadline, out))
            for share, out in zip(shares, outs, strict=True)
        ]
        threads.append(threading.Thread(target=fixity_loop, args=(env, deadline, fixity_runs)))
        for thread in threads:
            thread.start()
        web = run_wrk(base, cookie, "/search", args.seconds, args.connections)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=60)
    ingested = [r for out in outs for r in out]
    submitted = seed + [
        p for share, out in zip(shares, outs, strict=True) for p in share[: len(out)]
    ]
    accepted = [r for r in ingested if r["status"] == "accepted"]
    checked = sum(len(run["results"]) for batch in fixity_runs for run in batch["runs"])
    return {
        "seconds": round(elapsed, 1),
        "ingesters": args.ingesters,
        "dossiers_per_s": round(len(accepted) / elapsed, 2),
        "documents_per_s": round(sum(r.get("documents", 0) for r in accepted) / elapsed, 2),
        "web": web,
        "fixity": {"runs": len(fixity_runs), "objects_checked": checked},
        "nothing_lost": check_nothing_lost(env, submitted, results + ingested),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--ingesters", type=int, default=4)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--packages", type=int, default=900, help="at most 999")
    parser.add_argument("--docs", type=int, default=3, help="signed documents per dossier")
    parser.add_argument("--seed", type=int, default=10, help="dossiers ingested before the load")
    parser.add_argument("--bad-every", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = {"machine": machine_info(work), **run(args, work)}
    lost = result["nothing_lost"]
    ok = (
        not lost["without_result"]
        and not lost["refused_without_findings"]
        and not lost["accepted_not_catalogued"]
        and lost["audit_ok"]
        and lost["storage_ok"]
    )
    text = json.dumps(result, ensure_ascii=False, indent=None if args.json else 2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if not ok:
        sys.exit("something was lost: see nothing_lost")


if __name__ == "__main__":
    main()
