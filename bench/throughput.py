"""Ingest throughput on every core (issue #16 part 4): NĐ 30 documents by a handful of signers.

One run takes four measurements on the same packages, each ingest into a fresh home (SQLite,
local OCFL store, the demo root trusted, ``signature_fetch = false``: validation does all its
work offline):

1. ``before``: one process, the name cache off and the difference analysis run every time it
   is asked for — the validation as it was before issue #16 part 4;
2. ``cache``: one process, the name cache (``archive/signatures/memo.py``) and one difference
   analysis per signed revision (``DiffOnce``) on;
3. ``pool``: ``ingest_workers`` = every core, one package ahead (``archive ingest``'s path);
4. ``ceiling``: the same PDFs (taken out of the zips beforehand, not timed) validated by a pool
   of as many workers, nothing else: the most documents per second validation allows here.

Goals: ``pool`` ≥ 3 × ``before`` documents/s, and ``pool`` ≥ 80 % of ``ceiling``. Then one
large file (``bench.ingest``'s large-file phase): ingest against ``cp && openssl dgst
-sha256`` (goal ≥ 0.6) and ``cp && sha256sum``.

Packages: ``--documents`` NĐ 30 B-LTA PDFs (person, then agency, then a document timestamp; each
PDF different, text from ``random.Random``), in dossiers of ``--docs-per-dossier``, signed by
``--signers`` certificates of the demo PKI (one agency certificate, the others personal).
Generating them is not timed; ``--cache DIR`` keeps them for the next run (the demo CRLs stay
current for a year).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shlex
import shutil
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from unittest import mock

import psutil
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.demo import DemoPki, create_demo_pki
from archive.ingest.batch import ingest_batch
from archive.packages.sipwrite import write_sip, zip_tree
from archive.signatures import memo
from archive.signatures.context import DiffOnce
from archive.signatures.pool import ValidationPool, machine_workers
from archive.signatures.step import PyHankoSignatureStep, worker_settings
from archive.storage.ocfl import discard
from bench.ingest import (
    CREATED,
    ORGAN_NAME,
    CpuWatch,
    Signers,
    bench_large,
    code_state,
    dossier_input,
    machine_info,
    settings_overrides,
)

__all__ = ["main"]

GOAL_SPEED_UP = 3.0
GOAL_OF_CEILING = 0.8
GOAL_OPENSSL_RATIO = 0.6
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Huy")
POSITIONS = ("Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng", "Giám đốc Sở", "Phó Giám đốc Sở")


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(pool: ValidationPool | None) -> float:
    """CPU seconds the pool's live workers have used since they started."""
    total = 0.0
    for pid in pool.pids() if pool is not None else []:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:  # a worker that ended is not counted: say so by failing
            raise BenchFailure(f"worker {pid} ended during the run") from None
        total += times.user + times.system
    return total


def _cpu_per_doc(own: float, workers: float, documents: int) -> dict[str, float]:
    """CPU milliseconds per document: steadier than documents/s on a shared machine."""
    return {
        "ingest_process_ms": 1000 * own / documents,
        "workers_ms": 1000 * workers / documents,
        "total_ms": 1000 * (own + workers) / documents,
    }


class BenchFailure(RuntimeError):
    """The pipeline misbehaved: no number is reported."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise BenchFailure(message)


# ---------------------------------------------------------------------------------------------
# Packages (not timed).


def make_signers(pki: DemoPki, count: int) -> Signers:
    """``count`` certificates: one of the agency, ``count - 1`` personal ones."""
    personal = []
    for i in range(max(1, count - 1)):
        name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i // len(FAMILY)) % len(GIVEN)]} {i + 1}"
        position = POSITIONS[i % len(POSITIONS)]
        personal.append((position, pki.signer("personal", name, ORGAN_NAME, position)))
    return Signers(personal, pki.signer("organisation", ORGAN_NAME, ORGAN_NAME), pki)


def _write_dossier(pki_dir: str, out: str, n: int, docs: int, signers: int) -> str:
    """Dossier ``n`` as a zip (in a worker process: generation runs on every core)."""
    pki = create_demo_pki(Path(pki_dir))
    rng = random.Random(f"throughput-{n}")
    sip = dossier_input(n, docs, rng, make_signers(pki, signers))
    objid = f"uuid-00000000-0000-4000-8000-{n:012d}"
    tree = write_sip(sip, Path(out) / f"tree-{n}", objid=objid, created=CREATED)
    path = zip_tree(tree, Path(out) / f"{n:04d}-{tree.name}.zip")
    shutil.rmtree(tree)
    return str(path)


def packages(cache: Path, documents: int, per: int, signers: int) -> list[Path]:
    """The zips, generated once into ``cache`` (reused when the same sizes are asked again)."""
    key = cache / f"d{documents}-p{per}-s{signers}"
    done = key / "done.json"
    if done.is_file():
        return [key / name for name in json.loads(done.read_text())]
    shutil.rmtree(key, ignore_errors=True)
    key.mkdir(parents=True)
    pki = create_demo_pki(cache / "pki")
    # Issue every certificate (signers, TSA) here, once: workers issuing one at the same time
    # would overwrite each other's keys.
    make_signers(pki, signers)
    pki.tsa()
    counts = [per] * (documents // per) + ([documents % per] if documents % per else [])
    with ProcessPoolExecutor(machine_workers(0)) as pool:
        futures = [
            pool.submit(_write_dossier, str(pki.directory), str(key), n, count, signers)
            for n, count in enumerate(counts, 1)
        ]
        zips = [Path(f.result()) for f in futures]
    done.write_text(json.dumps([z.name for z in zips]))
    return zips


def extract_pdfs(zips: list[Path], out: Path) -> list[Path]:
    """Every PDF of the packages, as files (for the ceiling)."""
    out.mkdir(parents=True)
    pdfs: list[Path] = []
    for z in zips:
        with zipfile.ZipFile(z) as archive:
            for info in archive.infolist():
                if info.filename.endswith(".pdf"):
                    target = out / f"{len(pdfs):05d}.pdf"
                    target.write_bytes(archive.read(info))
                    pdfs.append(target)
    return pdfs


# ---------------------------------------------------------------------------------------------
# Measurements.


def _every_time(self: DiffOnce, reader: Any, base: Any, *args: Any, **kwargs: Any) -> Any:
    """The difference analysis as before ``DiffOnce``: run each time it is asked for."""
    del self
    return DEFAULT_DIFF_POLICY.review_file(reader, base, *args, **kwargs)


def ingest_run(
    name: str, overrides: dict[str, Any], zips: list[Path], *, cache: bool
) -> dict[str, Any]:
    """Ingest every zip into a fresh home as ``archive ingest`` does; time the loop."""
    settings = load_settings(**overrides)
    workers = machine_workers(settings.ingest_workers)
    with open_archive(settings, create=True) as archive:
        step = archive.signatures
        _require(isinstance(step, PyHankoSignatureStep), f"step {type(step).__name__}")
        if not cache:
            memo.uninstall()
        memo.clear()
        ingestor, agent = archive.ingestor, person_agent("bench")
        os.sync()
        ahead = 1 if workers > 1 else 0
        with nullcontext() if cache else mock.patch.object(DiffOnce, "review_file", _every_time):
            watch, own0 = CpuWatch(), _self_cpu()
            results = list(ingest_batch(ingestor, zips, agent, settings.home / "logs", ahead=ahead))
            seconds, others = time.perf_counter() - watch.start, watch.other_share()
            # the workers start within the run: all their CPU (their start included) is its
            own, worker_cpu = _self_cpu() - own0, _workers_cpu(step.pool)
        hits = memo.stats()["hits"]
    memo.install()
    for r in results:
        _require(r.status == "accepted", f"{name}: {r.source}: {r.status} {r.report.as_dict()}")
        sig = [f.code for f in r.report.findings if f.code.startswith("SIG")]
        _require(not sig, f"{name}: {r.source}: signature findings {sig}")
    documents = sum(r.documents for r in results)
    return {
        "workers": workers,
        "ahead": ahead,
        "name_cache": cache,
        "name_cache_hits_in_this_process": hits,
        "dossiers": len(results),
        "documents": documents,
        "seconds": seconds,
        "docs_per_s": documents / seconds,
        "cpu_per_doc": _cpu_per_doc(own, worker_cpu, documents),
        "other_cpu_share": others,
        "load_average_1min_after": os.getloadavg()[0],
    }


def ceiling_run(overrides: dict[str, Any], pdfs: list[Path], workers: int) -> dict[str, Any]:
    """Validation alone, on ``workers`` processes: every PDF submitted at once."""
    pool = ValidationPool(worker_settings(load_settings(**overrides)), workers)
    try:
        warm = [pool.submit(pdfs[i % len(pdfs)], "warm-up.pdf") for i in range(workers)]
        wait(warm)  # the workers are started and have imported pyHanko: not timed
        watch, workers0 = CpuWatch(), _workers_cpu(pool)
        futures = [pool.submit(p, p.name) for p in pdfs]
        lines = [f.result()[0].bottom_line for f in futures]
        seconds, others = time.perf_counter() - watch.start, watch.other_share()
        validation = _workers_cpu(pool) - workers0
    finally:
        pool.close()
    _require(set(lines) == {"TOTAL_PASSED"}, f"ceiling verdicts {sorted(set(lines))}")
    return {
        "workers": workers,
        "documents": len(pdfs),
        "seconds": seconds,
        "docs_per_s": len(pdfs) / seconds,
        "cpu_per_doc": _cpu_per_doc(0.0, validation, len(pdfs)),
        "other_cpu_share": others,
    }


def goals(result: dict[str, Any]) -> dict[str, Any]:
    """The goals of issue #16 part 4, from the measurements."""
    runs = result["runs"]
    speed_up = runs["pool"]["docs_per_s"] / runs["before"]["docs_per_s"]
    of_ceiling = runs["pool"]["docs_per_s"] / result["ceiling"]["docs_per_s"]
    out: dict[str, Any] = {
        "speed_up": speed_up,
        "speed_up_met": speed_up >= GOAL_SPEED_UP,
        "of_ceiling": of_ceiling,
        "of_ceiling_met": of_ceiling >= GOAL_OF_CEILING,
    }
    large = result.get("large")
    if large:
        ratio = large["variants"]["cp+openssl-sha256"]["ratio"]
        out["openssl_ratio"] = ratio
        out["openssl_ratio_met"] = ratio >= GOAL_OPENSSL_RATIO
        out["sha256sum_ratio"] = large["ratio"]
    return out


def print_table(result: dict[str, Any]) -> None:
    """A short human-readable summary."""
    print(
        f"documents: {result['documents']} in {result['dossiers']} dossiers, "
        f"{result['signers']} signers, {result['machine']['cpu_count']} CPUs"
    )
    for name, run in result["runs"].items():
        print(
            f"  {name:<7} {run['docs_per_s']:7.2f} docs/s  {run['seconds']:7.2f} s  "
            f"workers {run['workers']}  other CPU {run['other_cpu_share']:.0%}  "
            f"CPU/doc {run['cpu_per_doc']['total_ms']:.0f} ms"
        )
    c = result["ceiling"]
    print(
        f"  ceiling {c['docs_per_s']:7.2f} docs/s  {c['seconds']:7.2f} s  workers "
        f"{c['workers']}  other CPU {c['other_cpu_share']:.0%}  "
        f"CPU/doc {c['cpu_per_doc']['total_ms']:.0f} ms"
    )
    g = result["goals"]
    print(
        f"speed-up pool/before {g['speed_up']:.2f} (goal {GOAL_SPEED_UP}); "
        f"pool/ceiling {g['of_ceiling']:.0%} (goal {GOAL_OF_CEILING:.0%})"
    )
    if "openssl_ratio" in g:
        print(
            f"large file: ratio vs cp+openssl {g['openssl_ratio']:.2f} (goal "
            f"{GOAL_OPENSSL_RATIO}), vs cp+sha256sum {g['sha256sum_ratio']:.2f}"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        prog="python -m bench.throughput", description=__doc__.split("\n")[0]
    )
    p.add_argument("--documents", type=int, default=1000, help="documents in all (1000)")
    p.add_argument("--docs-per-dossier", type=int, default=10, help="documents each (10)")
    p.add_argument("--signers", type=int, default=20, help="certificates signing them (20)")
    p.add_argument("--jobs", type=int, default=0, help="pool workers; 0 = every core (0)")
    p.add_argument("--large-mb", type=int, default=2048, help="large file MiB; 0 skips (2048)")
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["before", "cache"],
        help="leave out a one-process run (repeatable)",
    )
    p.add_argument("--cache", type=Path, help="keep the generated packages here")
    p.add_argument("--workdir", type=Path, help="where the temporary directory goes")
    p.add_argument("--json", action="store_true", help="print the JSON result, not the table")
    p.add_argument("--out", type=Path, help="also write the JSON result to this file")
    return p.parse_args(argv)


def run(args: argparse.Namespace, work: Path, command: str) -> dict[str, Any]:
    """Every measurement of one run."""
    cache = args.cache or work / "packages"
    zips = packages(cache, args.documents, args.docs_per_dossier, args.signers)
    pki = create_demo_pki(cache / "pki")
    pdfs = extract_pdfs(zips, work / "pdfs")
    workers = machine_workers(args.jobs)
    modes = {"before": (1, False), "cache": (1, True), "pool": (workers, True)}
    runs: dict[str, Any] = {}
    for name, (jobs, name_cache) in modes.items():
        if name in args.skip:
            continue
        home = work / f"home-{name}"
        overrides = {**settings_overrides(home, pki), "ingest_workers": jobs}
        runs[name] = ingest_run(name, overrides, zips, cache=name_cache)
        discard(home)
    overrides = settings_overrides(work / "home-ceiling", pki)
    result: dict[str, Any] = {
        "command": command,
        "machine": machine_info(work),
        "code": code_state(),
        "documents": len(pdfs),
        "dossiers": len(zips),
        "signers": args.signers,
        "runs": runs,
        "ceiling": ceiling_run(overrides, pdfs, workers),
    }
    if args.large_mb:
        result["large"] = bench_large(work, args.large_mb, pki)
    if "before" in runs and "pool" in runs:
        result["goals"] = goals(result)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run, print, optionally save."""
    args = parse_args(argv)
    command = shlex.join([sys.executable, "-m", "bench.throughput", *(argv or sys.argv[1:])])
    work = Path(tempfile.mkdtemp(prefix="bench-throughput-", dir=args.workdir))
    try:
        result = run(args, work, command)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif "goals" in result:
        print_table(result)
    else:
        print(json.dumps(result["runs"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
