"""Benchmark of signature validation, augmentation and ingest with validation on (issue #3).

One run, one process, the test PKI of ``tests/support/pki.py`` served on 127.0.0.1 (OCSP,
CRLs, TSA in a thread of this same process). Three measurements:

1. **Validation.** Files: a B-B and a B-LTA PDF with one signature, and the NĐ 30 B-LTA PDF
   (personal + agency signature, one document timestamp). Each is validated offline
   (``fetch=False``: the embedded DSS is all the revocation data; a B-B then ends
   INDETERMINATE) and online (``fetch=True``: OCSP/CRLs fetched from the served PKI). A
   fourth file, the B-LTA one with ``--large-mb`` MiB of random bytes added before signing
   (default 100), is validated offline. Four variants are timed on the same file, in the same
   rounds:

   * ``ours``: ``archive.signatures.validate.validate_pdf``;
   * ``bare``: the pyHanko calls ``validate_pdf`` makes, without its report building, verdict
     folding, file hashing and classification: open the reader, read the DSS once, then per
     signature ``validate_pdf_signature`` with a fresh hard-fail ``ValidationContext`` from the
     DSS and the matching AdES call (``ades_basic_validation`` for B-B, ``ades_lta_validation``
     for B-LTA), and per document timestamp ``validate_pdf_timestamp``;
   * ``classic``: only the classic calls of ``bare`` (signatures and document timestamps);
   * ``ades``: only the AdES calls of ``bare`` ("full AdES LTA" for a B-LTA file).

   **Overhead** = ours / bare − 1 for each pair of calls of the same cycle (a round is a few
   cycles, each calling the four variants once in a shuffled order), median over all pairs;
   also from the median and from the fastest call of each. Rates are 1 / median call. Goal:
   ≤ 10 %. A cProfile of ``ours`` against ``bare``
   and timings of the wrapper's own steps say where a difference goes.
2. **Augmentation.** ``archive.signatures.augment.augment`` B-T → B-LTA (DSS + document
   timestamp from the served TSA), on a one-signature and on the NĐ 30 B-T file.
3. **Ingest.** N SIP_hoso zips of 2 NĐ 30 B-LTA documents each (``tests/support/sips``), into a
   fresh archive home trusting the test root with ``signature_fetch = false``; documents/s and
   the share of the ingest loop spent in ``validate_pdf`` (and in the whole signature step).

Correctness is checked on every call outside the timed region, so a broken validator cannot
report a fast number: the B-LTA files must be TOTAL_PASSED offline (every signature and the
document timestamp), the B-B file INDETERMINATE offline and TOTAL_PASSED online, the bare calls
must agree (intact, valid, trusted, AdES OK), every augmented file must validate as B-LTA
TOTAL_PASSED offline, and every ingest must be ``accepted`` with every file TOTAL_PASSED.

Clock: the files are signed at the real current time, so the run needs a clock inside the test
PKI's validity (signer certificates 2026-01-01 → 2027-06-30; checked at start). The served OCSP
responses are valid for 10 minutes, and after that an offline B-LTA validation is no longer
TOTAL_PASSED; each phase therefore signs its own files right before it uses them.

Run from the project root: ``.venv/bin/python -m bench.signatures [--rounds R]
[--round-seconds S] [--large-mb M] [--dossiers N] [--json] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import dataclasses
import gc
import importlib.metadata
import json
import math
import os
import pstats
import random
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest import mock

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate, AdESPassed
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.ades import ades_basic_validation, ades_lta_validation
from pyhanko.sign.validation.dss import (  # type: ignore[attr-defined]
    DocumentSecurityStore,
    NoDSSFoundError,
)
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

import archive.signatures.context as context_mod
import archive.signatures.validate as validate_mod
from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import load_settings
from archive.demo.pdf import render_pdf
from archive.ingest.pipeline import IngestResult
from archive.packages.sipwrite import write_sip, zip_tree
from archive.signatures.augment import augment, timestamper_for
from archive.signatures.report import ValidationReport
from archive.signatures.step import PyHankoSignatureStep
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, quiet_pyhanko, validate_pdf
from archive.storage.ocfl import discard
from bench.ingest import BenchFailure, CpuWatch, code_state, machine_info
from tests.support import sips
from tests.support.pki import ND30_DOCUMENT, TestPki, serve_pki, sign_nd30_pdf, sign_test_pdf

__all__ = ["main"]

GOAL_OVERHEAD = 0.10  # issue #3: our validation ≤ 10 % slower than the bare pyHanko calls
LOADED = 0.25  # median other-CPU share of a case's rounds above which its numbers are flagged
AGENT = "bench"
MiB = 1024 * 1024
# Certificates whose validity the run's real clock must fall in (1 day margin).
CLOCK_LABELS = ("root", "interm", "interm-ocsp", "signer-person", "signer-org", "tsa")
PACKAGES = ("pyHanko", "pyhanko-certvalidator", "certomancer", "asn1crypto", "cryptography")


def _require(condition: bool, message: str) -> None:
    """Fail the benchmark (not an ``assert``: it must hold under ``python -O`` too)."""
    if not condition:
        raise BenchFailure(message)


# ---------------------------------------------------------------------------------------------
# Files (signed at the real current time, right before the phase that uses them).


@dataclass(frozen=True)
class FileSpec:
    """A test file: how it is signed and what it holds."""

    key: str
    label: str
    levels: tuple[str, ...]  # pades_level of each report entry, signatures then doc-TSes
    lta: bool  # the AdES call: ades_lta_validation (True) or ades_basic_validation

    @property
    def signatures(self) -> int:
        return sum(1 for lv in self.levels if lv != "DocTimeStamp")


FILES = {
    "bb": FileSpec("bb", "B-B, 1 signature", ("B-B",), lta=False),
    "blta": FileSpec("blta", "B-LTA, 1 signature", ("B-LTA", "DocTimeStamp"), lta=True),
    "nd30": FileSpec(
        "nd30", "NĐ 30 B-LTA, 2 signatures", ("B-LTA", "B-LTA", "DocTimeStamp"), lta=True
    ),
    # the B-LTA file with an unreferenced stream of --large-mb MiB of random bytes added
    "large": FileSpec("large", "B-LTA, 1 signature, large", ("B-LTA", "DocTimeStamp"), lta=True),
}
STANDARD = ("bb", "blta", "nd30")  # the files of issue #3's goal


def large_unsigned(mib: int) -> bytes:
    """The rendered NĐ 30 document plus an unreferenced stream of ``mib`` MiB (seed 7): the
    size of a scanned dossier, without its rendering cost."""
    writer = IncrementalPdfFileWriter(BytesIO(render_pdf(ND30_DOCUMENT)))
    payload = random.Random(7).randbytes(mib * MiB)
    writer.root["/BenchPayload"] = writer.add_object(generic.StreamObject(stream_data=payload))
    writer.update_root()  # type: ignore[no-untyped-call]
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def sign_file(pki: TestPki, key: str, large_mib: int = 0) -> bytes:
    """Sign one of the bench files now (the served PKI answers for the real clock)."""
    if key == "large":
        return sign_test_pdf(pki, large_unsigned(large_mib), "B-LTA", "signer-person")
    if key == "nd30":
        return sign_nd30_pdf(pki, "B-LTA")
    if key == "nd30-bt":
        return sign_nd30_pdf(pki, "B-T")
    level = {"bb": "B-B", "blta": "B-LTA", "bt": "B-T"}[key]
    return sign_test_pdf(pki, render_pdf(ND30_DOCUMENT), level, "signer-person")  # type: ignore[arg-type]


def write_files(
    pki: TestPki, out: Path, keys: tuple[str, ...], large_mib: int = 0
) -> dict[str, Path]:
    """Sign ``keys`` now and write them to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key in keys:
        paths[key] = out / f"{key}.pdf"
        paths[key].write_bytes(sign_file(pki, key, large_mib))
    return paths


def check_clock(pki: TestPki) -> dict[str, str]:
    """The real clock must lie inside every certificate the run relies on."""
    now = datetime.now(UTC)
    windows = {}
    for label in CLOCK_LABELS:
        cert = pki.cert(label)
        start, end = cert.not_valid_before, cert.not_valid_after
        windows[label] = f"{start.date()} → {end.date()}"
        _require(
            (now - start).days >= 1 and (end - now).days >= 1,
            f"the real clock ({now:%Y-%m-%d}) is outside the validity of the test PKI's "
            f"'{label}' ({windows[label]}); this benchmark signs and validates at the real "
            "time: run it inside the window or move the window in tests/support/pki",
        )
    return windows


# ---------------------------------------------------------------------------------------------
# The four variants.


@dataclass(frozen=True)
class Ctx:
    """What a validation may use (the same for ours and bare)."""

    cfg: ValidationSettings
    spec: FileSpec

    @property
    def roots(self) -> list[Any]:
        return list(self.cfg.trust.roots)

    def vc_kwargs(self) -> dict[str, Any]:
        # ocsps/crls as empty lists, not None: pyHanko refuses a hard-fail, non-fetching
        # context with neither (B-B offline); validate_pdf passes lists too.
        return {
            "trust_roots": self.roots,
            "allow_fetching": self.cfg.fetch,
            "revocation_mode": "hard-fail",
            "ocsps": [],
            "crls": [],
        }

    def ades_spec(self) -> SignatureValidationSpec:
        rule = (
            RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
            if self.cfg.fetch
            else RevinfoOnlineFetchingRule.LOCAL_ONLY
        )
        return SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(trust_roots=self.roots),
                revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
            ),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=rule),
            local_knowledge=LocalKnowledge(),
        )


def _read_dss(reader: PdfFileReader) -> Any:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def _vc(dss: Any, ctx: Ctx) -> ValidationContext:
    kwargs = ctx.vc_kwargs()
    return dss.as_validation_context(kwargs) if dss is not None else ValidationContext(**kwargs)


def _ades_call(sig: Any, ctx: Ctx) -> Any:
    spec = ctx.ades_spec()
    if ctx.spec.lta:
        # reads the DSS into its local knowledge itself
        return asyncio.run(ades_lta_validation(sig, PdfSignatureValidationSpec(spec)))
    return asyncio.run(
        ades_basic_validation(sig.signed_data, spec, raw_digest=sig.compute_digest())
    )


@dataclass
class BareResult:
    """What the bare calls returned: classic statuses, AdES results, doc-TS statuses."""

    classic: list[Any] = field(default_factory=list)
    ades: list[Any] = field(default_factory=list)
    doc_ts: list[Any] = field(default_factory=list)


def run_bare(path: Path, ctx: Ctx, *, classic: bool = True, ades: bool = True) -> BareResult:
    """The pyHanko calls ``validate_pdf`` makes (or only the classic / only the AdES ones)."""
    out = BareResult()
    with path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        dss = _read_dss(reader) if classic else None
        for sig in reader.embedded_regular_signatures:
            if classic:
                vc = _vc(dss, ctx)
                out.classic.append(validate_pdf_signature(sig, vc, ts_validation_context=vc))
            if ades:
                out.ades.append(_ades_call(sig, ctx))
        if classic:
            for ts in reader.embedded_timestamp_signatures:
                out.doc_ts.append(validate_pdf_timestamp(ts, validation_context=_vc(dss, ctx)))
    return out


def run_ours(path: Path, ctx: Ctx) -> ValidationReport:
    report, _data = validate_pdf(path, ctx.cfg)
    return report


VARIANTS: dict[str, Callable[[Path, Ctx], Any]] = {
    "ours": run_ours,
    "bare": run_bare,
    "classic": lambda path, ctx: run_bare(path, ctx, ades=False),
    "ades": lambda path, ctx: run_bare(path, ctx, classic=False),
}


# ---------------------------------------------------------------------------------------------
# Correctness of every call (outside the timing).


def expected_bottom_line(spec: FileSpec, fetch: bool) -> str:
    """Offline a B-B has no revocation data: INDETERMINATE. Everything else passes."""
    return "INDETERMINATE" if (spec.key == "bb" and not fetch) else "TOTAL_PASSED"


def check_ours(report: ValidationReport, ctx: Ctx) -> None:
    spec, want = ctx.spec, expected_bottom_line(ctx.spec, ctx.cfg.fetch)
    where = f"ours {spec.key} fetch={ctx.cfg.fetch}"
    _require(report.error is None, f"{where}: {report.error}")
    levels = tuple(s.pades_level for s in report.signatures)
    _require(levels == spec.levels, f"{where}: levels {levels} != {spec.levels}")
    _require(all(s.intact and s.valid for s in report.signatures), f"{where}: not intact/valid")
    _require(
        report.bottom_line == want,
        f"{where}: {report.bottom_line} != {want}: "
        + "; ".join(f"{s.field} {s.status} {s.detail}" for s in report.signatures)
        + (
            " (the served OCSP responses are valid 10 minutes: was the file signed longer ago?)"
            if want == "TOTAL_PASSED"
            else ""
        ),
    )
    if spec.key == "nd30":
        _require(report.nd30 == {"personal": True, "organisation": True}, f"{where}: NĐ 30")


def check_bare(result: BareResult, ctx: Ctx, name: str) -> None:
    spec = ctx.spec
    passed = expected_bottom_line(spec, ctx.cfg.fetch) == "TOTAL_PASSED"
    where = f"{name} {spec.key} fetch={ctx.cfg.fetch}"
    if name in ("bare", "classic"):
        _require(len(result.classic) == spec.signatures, f"{where}: {len(result.classic)} sigs")
        _require(len(result.doc_ts) == len(spec.levels) - spec.signatures, f"{where}: doc-TS count")
        for st in [*result.classic, *result.doc_ts]:
            _require(st.intact and st.valid, f"{where}: {st.summary()}")
            _require(st.trusted == passed, f"{where}: trusted={st.trusted}: {st.summary()}")
    if name in ("bare", "ades"):
        _require(len(result.ades) == spec.signatures, f"{where}: {len(result.ades)} AdES results")
        for res in result.ades:
            sub = res.ades_subindic
            ok = sub == AdESPassed.OK if passed else isinstance(sub, AdESIndeterminate)
            _require(ok, f"{where}: AdES {sub} {res.failure_msg}")


def check(name: str, result: Any, ctx: Ctx) -> None:
    if name == "ours":
        check_ours(result, ctx)
    else:
        check_bare(result, ctx, name)


# ---------------------------------------------------------------------------------------------
# Validation timing.


@dataclass(frozen=True)
class Case:
    """One file, offline or online."""

    file: str
    fetch: bool

    @property
    def name(self) -> str:
        return f"{self.file}-{'fetch' if self.fetch else 'offline'}"


def all_cases(large_mib: int) -> list[Case]:
    """Every standard file offline and online; the large file offline only (if asked for)."""
    cases = [Case(f, fetch) for fetch in (False, True) for f in STANDARD]
    return [*cases, Case("large", False)] if large_mib else cases


def _timed_call(fn: Callable[[], Any], name: str, ctx: Ctx) -> float:
    """One call, timed alone; its result checked after the timing."""
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    check(name, result, ctx)
    return elapsed


def measure_case(
    case: Case, path: Path, trust: TrustStore, rounds: int, round_s: float, warmup: int
) -> dict[str, Any]:
    """Warm up, then ``rounds`` rounds of ``n`` cycles; a cycle calls each variant once, so
    ours and bare run within a second of each other, under the same load. ``n`` is chosen so
    that a round lasts about ``round_s``.

    The order inside a cycle is shuffled (seeded), not rotated: a full garbage collection
    (about 110 ms with this process's heap) comes every few calls at a point fixed by the
    allocation counts, and a fixed rotation made it land on the same variant every round.
    Shuffled, it lands on each variant about in proportion to what that variant allocates.
    """
    ctx = Ctx(ValidationSettings(trust=trust, fetch=case.fetch), FILES[case.file])
    calls = {name: (lambda fn=fn: fn(path, ctx)) for name, fn in VARIANTS.items()}
    warm = {name: [_timed_call(fn, name, ctx) for _ in range(warmup)] for name, fn in calls.items()}
    cycle_s = sum(statistics.median(t) for t in warm.values())
    n = max(2, math.ceil(round_s / cycle_s))
    names = list(VARIANTS)
    rng = random.Random(case.name)
    per_round: list[dict[str, Any]] = []
    for _r in range(rounds):
        gc.collect()
        watch = CpuWatch()
        times: dict[str, list[float]] = {name: [] for name in names}
        for _i in range(n):
            for name in rng.sample(names, len(names)):
                times[name].append(_timed_call(calls[name], name, ctx))
        per_round.append(
            {"calls_s": times, "mean_s": {k: statistics.fmean(v) for k, v in times.items()}}
            | {"other_cpu_share": watch.other_share()}
        )
    return summarise_case(case, per_round, n, warm)


def summarise_case(
    case: Case, per_round: list[dict[str, Any]], n: int, warm: dict[str, list[float]]
) -> dict[str, Any]:
    """Rates from the median call of each variant (a typical call); overheads three ways.

    The mean call also carries the full garbage collections (see ``measure_case``), shared
    out at random; it is kept in the JSON, with the overhead it gives.
    """
    spec = FILES[case.file]
    calls = {name: [t for r in per_round for t in r["calls_s"][name]] for name in VARIANTS}
    med = {name: statistics.median(v) for name, v in calls.items()}
    mean = {name: statistics.fmean(v) for name, v in calls.items()}
    low = {name: min(v) for name, v in calls.items()}
    pairs = [
        o / b - 1
        for r in per_round
        for o, b in zip(r["calls_s"]["ours"], r["calls_s"]["bare"], strict=True)
    ]
    overhead = statistics.median(pairs)
    others = [r["other_cpu_share"] for r in per_round]
    return {
        "file": spec.label,
        "fetch": case.fetch,
        "expected_bottom_line": expected_bottom_line(spec, case.fetch),
        "cycles_per_round": n,
        "rounds": len(per_round),
        "calls_per_variant": len(calls["ours"]),
        "median_s": med,
        "mean_s": mean,
        "min_s": low,
        "per_s": {name: 1 / s for name, s in med.items()},
        "signatures_per_s_ours": len(spec.levels) / med["ours"],
        "overhead": overhead,
        "overhead_pairs_quartiles": statistics.quantiles(pairs, n=4),
        "overhead_of_medians": med["ours"] / med["bare"] - 1,
        # other load only ever slows a call down: the fastest calls are the least disturbed
        "overhead_of_minimums": low["ours"] / low["bare"] - 1,
        "overhead_of_means": mean["ours"] / mean["bare"] - 1,
        "goal_met": overhead <= GOAL_OVERHEAD,
        "other_cpu_share": others,
        "loaded": statistics.median(others) > LOADED,
        "rounds_detail": per_round,
        "warmup_s": warm,
    }


def bench_validation(
    pki: TestPki,
    work: Path,
    cases: list[Case],
    rounds: int,
    round_s: float,
    warmup: int,
    large_mib: int,
) -> dict[str, Any]:
    """Every case, on files signed right now."""
    trust = TrustStore.from_paths([pki.root_pem_path], [])
    keys = tuple(dict.fromkeys(c.file for c in cases))
    paths = write_files(pki, work / "validation", keys, large_mib)
    signed = time.perf_counter()
    out: dict[str, Any] = {
        "file_bytes": {k: p.stat().st_size for k, p in paths.items()},
        "cases": {},
    }
    for case in cases:
        out["cases"][case.name] = measure_case(
            case, paths[case.file], trust, rounds, round_s, warmup
        )
    out["seconds_since_signing"] = time.perf_counter() - signed
    return out


# ---------------------------------------------------------------------------------------------
# Where a difference goes: the wrapper's own steps, and cProfile ours vs bare.

# Helpers that archive/signatures/validate.py calls besides pyHanko's validation (some call
# pyHanko to parse, e.g. read_dss_leniently; classic_context/ades_spec only build the objects).
# They are timed where validate.py looks them up, so imported helpers are named as imported.
# read_dss_leniently and classic_context have a bare counterpart (bare reads the DSS and builds
# a context too).
SHARED_STEPS = ("read_dss_leniently", "classic_context")
WRAPPER_STEPS = (
    "file_sha256",
    "trailing_byte_count",
    "read_dss_leniently",
    "_normalise",
    "classic_context",
    "ades_spec",
    "_level",
    "signature_verdict",
    "timestamp_verdict",
    "cap",
    "_collect",
    "classify_signer",
    "algorithm_names",
    "diff_detail",
)


def wrapper_step_costs(path: Path, ctx: Ctx, calls: int) -> dict[str, Any]:
    """Milliseconds per file in each wrapper step (each wrapped with a timer)."""
    totals = dict.fromkeys(WRAPPER_STEPS, 0.0)
    counts = dict.fromkeys(WRAPPER_STEPS, 0)

    def timer(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - t0
                counts[name] += 1

        return wrapped

    patches = [
        mock.patch.object(validate_mod, name, timer(name, getattr(validate_mod, name)))
        for name in WRAPPER_STEPS
    ]
    for p in patches:
        p.start()
    try:
        total = 0.0
        for _ in range(calls):
            t0 = time.perf_counter()
            check_ours(run_ours(path, ctx), ctx)
            total += time.perf_counter() - t0
    finally:
        for p in patches:
            p.stop()
    return {
        "validate_pdf_ms": total / calls * 1e3,
        "steps_ms": {n: totals[n] / calls * 1e3 for n in WRAPPER_STEPS if counts[n]},
        "steps_calls_per_file": {n: counts[n] // calls for n in WRAPPER_STEPS if counts[n]},
        "steps_total_ms": sum(totals.values()) / calls * 1e3,
        "steps_without_bare_counterpart_ms": sum(
            t for n, t in totals.items() if n not in SHARED_STEPS
        )
        / calls
        * 1e3,
    }


def ades_duplicate_dss(path: Path, ctx: Ctx, calls: int) -> dict[str, float]:
    """``ades_lta_validation`` with validate_pdf's spec (DSS in local knowledge, which pyHanko
    adds again from the file) against an empty local knowledge, last signature, ms per call."""
    with path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        sig = reader.embedded_regular_signatures[-1]
        ours_spec = context_mod.ades_spec(ctx.cfg, context_mod.read_dss_leniently(reader))
        bare_spec = ctx.ades_spec()
        runs: dict[str, list[float]] = {"with_dss_in_local_knowledge": [], "bare": []}
        for i in range(calls + 2):
            for name, spec in (("with_dss_in_local_knowledge", ours_spec), ("bare", bare_spec)):
                t0 = time.perf_counter()
                res = asyncio.run(ades_lta_validation(sig, PdfSignatureValidationSpec(spec)))
                if i >= 2:  # two warm-ups
                    runs[name].append(time.perf_counter() - t0)
                _require(res.ades_subindic == AdESPassed.OK, f"AdES {name}: {res.ades_subindic}")
    return {name: statistics.median(v) * 1e3 for name, v in runs.items()}


def _profile(name: str, path: Path, ctx: Ctx, calls: int) -> dict[Any, Any]:
    """cProfile's raw table for ``calls`` calls of variant ``name``."""
    fn = VARIANTS[name]
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(calls):
        fn(path, ctx)
    prof.disable()
    table: dict[Any, Any] = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    return table


def _func_name(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    parts = Path(filename).parts
    if "site-packages" in parts:
        parts = parts[parts.index("site-packages") + 1 :]
    elif "archive" in parts:
        parts = parts[parts.index("archive") :]
    elif filename.lstrip("/").startswith(sys.base_prefix.lstrip("/")):
        parts = ("stdlib", *parts[-1:])
    return f"{'/'.join(parts)}:{line}({func})" if line else func


def _package(filename: str) -> str:
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "archive" in parts:
        return "archive"
    return "python (stdlib, builtins)"


def profile_diff(path: Path, ctx: Ctx, calls: int, top: int = 8) -> dict[str, Any]:
    """cProfile ``ours`` and ``bare`` on the same file, ``calls`` times each.

    Reported per file: own time (tottime) by package, and the functions ``ours`` calls more
    often than ``bare`` with the own time that adds. Other functions are left out of that
    list: their time differs by noise (a garbage collection lands in whichever function
    allocates). cProfile slows pure-Python code more than C code, so these totals are
    inflated; they show where, not exactly how much.
    """
    stats = {name: _profile(name, path, ctx, calls) for name in ("ours", "bare")}
    own = {name: {k: (v[1], v[2]) for k, v in stats[name].items()} for name in ("ours", "bare")}
    by_package: dict[str, dict[str, float]] = {}
    for name, table in own.items():
        for key, (_n, tottime) in table.items():
            row = by_package.setdefault(_package(key[0]), {"ours": 0.0, "bare": 0.0})
            row[name] += tottime / calls * 1e3
    rows = []
    for key in set(own["ours"]) | set(own["bare"]):
        oc, ot = own["ours"].get(key, (0, 0.0))
        bc, bt = own["bare"].get(key, (0, 0.0))
        if oc > bc:
            rows.append((ot - bt, key, oc - bc))
    rows.sort(reverse=True)
    return {
        "profiled_ms_per_file": {
            n: sum(t for _c, t in own[n].values()) / calls * 1e3 for n in ("ours", "bare")
        },
        "own_ms_by_package": dict(
            sorted(by_package.items(), key=lambda kv: kv[1]["ours"] - kv[1]["bare"], reverse=True)
        ),
        "functions_called_more_often": [
            {
                "function": _func_name(key),
                "extra_ms_per_file": d / calls * 1e3,
                "extra_calls_per_file": c / calls,
            }
            for d, key, c in rows[:top]
        ],
    }


def bench_attribution(
    pki: TestPki, work: Path, calls: int, profile_cases: list[Case], large_mib: int
) -> dict[str, Any]:
    """Wrapper steps on every file offline, the duplicated-DSS AdES check on the small B-LTA
    files; cProfile on ``profile_cases``. Files signed now (the OCSP responses of the
    validation phase may have lapsed by now). The large file gets a fifth of the calls."""
    trust = TrustStore.from_paths([pki.root_pem_path], [])
    keys = (*STANDARD, "large") if large_mib else STANDARD
    paths = write_files(pki, work / "attribution", keys, large_mib)

    def n(key: str) -> int:
        return max(2, calls // 5) if key == "large" else calls

    out: dict[str, Any] = {"wrapper_steps": {}, "ades_duplicate_dss_ms": {}, "profiles": {}}
    for key in keys:
        ctx = Ctx(ValidationSettings(trust=trust, fetch=False), FILES[key])
        run_ours(paths[key], ctx)  # warm-up
        out["wrapper_steps"][key] = wrapper_step_costs(paths[key], ctx, n(key))
        if FILES[key].lta and key != "large":
            out["ades_duplicate_dss_ms"][key] = ades_duplicate_dss(paths[key], ctx, calls)
    for case in profile_cases:
        ctx = Ctx(ValidationSettings(trust=trust, fetch=case.fetch), FILES[case.file])
        out["profiles"][case.name] = profile_diff(paths[case.file], ctx, n(case.file))
    return out


# ---------------------------------------------------------------------------------------------
# Augmentation B-T → B-LTA.


def bench_augment(pki: TestPki, work: Path, repeat: int) -> dict[str, Any]:
    """``augment`` with the served TSA and fetching (a B-T carries no revocation data)."""
    trust = TrustStore.from_paths([pki.root_pem_path], [])
    cfg = ValidationSettings(trust=trust, fetch=True)
    offline = ValidationSettings(trust=trust, fetch=False)
    stamper = timestamper_for(pki.tsa_url())
    paths = write_files(pki, work / "augment", ("bt", "nd30-bt"))
    out: dict[str, Any] = {}
    for key, spec in (("bt", FILES["blta"]), ("nd30-bt", FILES["nd30"])):
        src = paths[key]
        times, outputs, shares = [], [], []
        for i in range(repeat + 1):  # the first call is a warm-up
            dst = work / "augment" / f"{key}-{i}.pdf"
            watch = CpuWatch()
            t0 = time.perf_counter()
            result = augment(src, dst, cfg, stamper)
            elapsed = time.perf_counter() - t0
            _require(result.action == "augmented", f"augment {key}: {result.action}")
            if i:
                times.append(elapsed)
                shares.append(watch.other_share())
            outputs.append(dst)
        for dst in outputs:  # every output: B-LTA, TOTAL_PASSED offline
            check_ours(run_ours(dst, Ctx(offline, spec)), Ctx(offline, spec))
            _require(dst.read_bytes().startswith(src.read_bytes()), f"{dst}: not a prefix")
        med = statistics.median(times)
        out[key] = {
            "file": f"{spec.label} (from B-T)",
            "bytes_before": src.stat().st_size,
            "bytes_after": outputs[-1].stat().st_size,
            "runs_s": times,
            "median_s": med,
            "per_s": 1 / med,
            "other_cpu_share": shares,
        }
    return out


# ---------------------------------------------------------------------------------------------
# Ingest with validation on.


def write_packages(pki: TestPki, out: Path, count: int) -> list[Path]:
    """``count`` SIP zips of 2 NĐ 30 B-LTA documents (two files, signed now, reused)."""
    pdfs = [sign_nd30_pdf(pki, "B-LTA") for _ in range(2)]
    out.mkdir(parents=True)
    zips = []
    for n in range(1, count + 1):
        sip = sips.sip_input(n, docs=2)
        documents = [
            dataclasses.replace(doc, content=pdf)
            for doc, pdf in zip(sip.documents, pdfs, strict=True)
        ]
        tree = write_sip(
            dataclasses.replace(sip, documents=documents),
            out / f"tree-{n}",
            objid=f"uuid-00000000-0000-4000-8000-{n:012d}",
            created=sips.CREATED,
        )
        zips.append(zip_tree(tree, out / f"sip-{n:03d}.zip"))
        discard(tree.parent)
    return zips


@dataclass
class StepTimes:
    """Time spent in validate_pdf and in the whole signature step, and every verdict."""

    validate_s: float = 0.0
    step_s: float = 0.0
    bottom_lines: list[str] = field(default_factory=list)

    def patches(self) -> list[Any]:
        real_validate, real_check = validate_pdf, PyHankoSignatureStep.finish

        def timed_validate(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            report, data = real_validate(*args, **kwargs)
            self.validate_s += time.perf_counter() - t0
            self.bottom_lines.append(report.bottom_line)
            return report, data

        def timed_check(step: Any, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return real_check(step, *args, **kwargs)
            finally:
                self.step_s += time.perf_counter() - t0

        return [
            mock.patch("archive.signatures.step.validate_pdf", timed_validate),
            mock.patch.object(PyHankoSignatureStep, "finish", timed_check),
        ]


def ingest_run(home: Path, root_pem: Path, zips: list[Path]) -> dict[str, Any]:
    """Ingest every zip into a fresh home; time the loop and the signature step inside it."""
    # One process: this measures the share of validation in the ingest loop (issue #3); the
    # pool is measured by bench/throughput.py.
    settings = load_settings(
        home=home, trust_roots=[root_pem], signature_fetch=False, ingest_workers=1
    )
    times = StepTimes()
    results: list[IngestResult] = []
    with open_archive(settings, create=True) as archive:
        _require(
            isinstance(archive.signatures, PyHankoSignatureStep),
            f"signature step is {type(archive.signatures).__name__}",
        )
        patches = times.patches()
        for p in patches:
            p.start()
        try:
            os.sync()
            watch = CpuWatch()
            elapsed = _ingest_loop(archive, zips, results)
            others = watch.other_share()
        finally:
            for p in patches:
                p.stop()
    docs = sum(r.documents for r in results)
    for r in results:
        _require(r.status == "accepted", f"{r.source}: {r.status}: {r.report.as_dict()}")
        _require(r.documents == 2, f"{r.source}: {r.documents} documents")
        sig = [f"{f.code}/{f.severity}" for f in r.report.findings if f.code.startswith("SIG")]
        _require(not sig, f"{r.source}: signature findings {sig}")
    _require(len(times.bottom_lines) == docs, f"{len(times.bottom_lines)} validations, {docs} docs")
    _require(
        set(times.bottom_lines) == {"TOTAL_PASSED"},
        f"verdicts {sorted(set(times.bottom_lines))} (OCSP responses valid 10 minutes)",
    )
    return {
        "seconds": elapsed,
        "dossiers": len(results),
        "documents": docs,
        "docs_per_s": docs / elapsed,
        "validate_pdf_s": times.validate_s,
        "signature_step_s": times.step_s,
        "validate_share": times.validate_s / elapsed,
        "signature_step_share": times.step_s / elapsed,
        "validate_ms_per_doc": times.validate_s / docs * 1e3,
        "other_cpu_share": others,
    }


def _ingest_loop(archive: Archive, zips: list[Path], results: list[IngestResult]) -> float:
    agent = person_agent(AGENT)
    start = time.perf_counter()
    for path in zips:
        results.append(archive.ingest(path, agent))
    return time.perf_counter() - start


def bench_ingest(pki: TestPki, work: Path, dossiers: int, repeat: int) -> dict[str, Any]:
    """``repeat`` runs, each into a fresh home; the run with the median time is reported."""
    zips = write_packages(pki, work / "sips", dossiers)
    runs = []
    for i in range(repeat):
        home = work / f"home-{i}"
        runs.append(ingest_run(home, pki.root_pem_path, zips))
        discard(home)
    by_time = sorted(runs, key=lambda r: float(r["seconds"]))
    return {
        **by_time[len(by_time) // 2],
        "repeat": repeat,
        "package_bytes": sum(p.stat().st_size for p in zips),
        "runs_seconds": [r["seconds"] for r in runs],
        "runs_docs_per_s": [r["docs_per_s"] for r in runs],
        "runs_validate_share": [r["validate_share"] for r in runs],
        "runs_other_cpu_share": [r["other_cpu_share"] for r in runs],
    }


# ---------------------------------------------------------------------------------------------
# Report.


def _ok(met: bool) -> str:
    return "MET" if met else "NOT MET"


def _verdict(case: dict[str, Any]) -> str:
    if case["goal_met"]:
        return "MET" + (" (loaded)" if case["loaded"] else "")
    return "NOT MET" + (" (loaded: rerun on a quiet machine)" if case["loaded"] else "")


def _pct(x: float) -> str:
    return f"{x:+.1%}"


def print_table(result: dict[str, Any]) -> None:
    """Human-readable summary."""
    m = result["machine"]
    print(
        f"machine: {m['cpu_model']}, {m['cpu_count']} CPUs, {m['mem_total_gib']} GiB; "
        f"{', '.join(f'{k} {v}' for k, v in result['software'].items())}"
    )
    print("\nvalidations/s, one process (1 / median call); overhead = ours/bare − 1: median of")
    print("same-cycle call pairs (quartiles), of the median calls, of the fastest calls;")
    print(f"other CPU = median share of the rounds, 'loaded' above {LOADED:.0%}")
    print(
        f"  {'case':<13} {'ours':>6} {'bare':>6} {'classic':>7} {'ades':>6}  "
        f"{'pairs (quartiles)':<25} {'medians':>7} {'mins':>7} other CPU"
    )
    for name, c in result["validation"]["cases"].items():
        ps = c["per_s"]
        q1, _q2, q3 = c["overhead_pairs_quartiles"]
        oh = f"{_pct(c['overhead'])} ({_pct(q1)}..{_pct(q3)})"
        print(
            f"  {name:<13} {ps['ours']:6.2f} {ps['bare']:6.2f} {ps['classic']:7.2f} "
            f"{ps['ades']:6.2f}  {oh:<25} {_pct(c['overhead_of_medians']):>7} "
            f"{_pct(c['overhead_of_minimums']):>7} "
            f"{statistics.median(c['other_cpu_share']):>4.0%}  {_verdict(c)}"
        )
    att = result["attribution"]
    print("\nwrapper's own steps, ms per file (offline):")
    for key, w in att["wrapper_steps"].items():
        steps = ", ".join(f"{n} {ms:.2f}" for n, ms in w["steps_ms"].items() if ms >= 0.05)
        print(
            f"  {key:<5} of {w['validate_pdf_ms']:.1f} ms: {w['steps_total_ms']:.2f} in all, "
            f"{w['steps_without_bare_counterpart_ms']:.2f} without a bare counterpart ({steps})"
        )
    for key, d in att["ades_duplicate_dss_ms"].items():
        print(
            f"  {key:<5} ades_lta_validation with DSS also in local knowledge "
            f"{d['with_dss_in_local_knowledge']:.1f} ms vs {d['bare']:.1f} ms"
        )
    for name, p in att["profiles"].items():
        prof = p["profiled_ms_per_file"]
        pkgs = ", ".join(
            f"{pkg} {v['ours'] - v['bare']:+.1f}"
            for pkg, v in p["own_ms_by_package"].items()
            if abs(v["ours"] - v["bare"]) >= 0.5
        )
        print(
            f"  cProfile {name}: ours {prof['ours']:.1f} ms, bare {prof['bare']:.1f} ms per "
            f"file; own time ours − bare by package: {pkgs or 'all within 0.5 ms'}"
        )
        for row in p["functions_called_more_often"][:5]:
            print(
                f"    {row['extra_ms_per_file']:+.2f} ms  {row['extra_calls_per_file']:+.0f} "
                f"calls  {row['function']}"
            )
    print("\naugmentation B-T → B-LTA (served TSA, OCSP/CRL fetched)")
    for key, a in result["augment"].items():
        print(
            f"  {key:<8} median {a['median_s']:.3f} s ({a['per_s']:.2f}/s), runs "
            f"{', '.join(f'{t:.3f}' for t in a['runs_s'])}, other CPU "
            f"{max(a['other_cpu_share']):.0%} max"
        )
    g = result["ingest"]
    print(
        f"\ningest, validation on (offline): {g['dossiers']} dossiers, {g['documents']} docs in "
        f"{g['seconds']:.2f} s (median of {g['repeat']}: "
        f"{', '.join(f'{t:.2f}' for t in g['runs_seconds'])}) = {g['docs_per_s']:.2f} docs/s; "
        f"validate_pdf {g['validate_share']:.0%} of the loop "
        f"({g['validate_ms_per_doc']:.0f} ms/doc), signature step {g['signature_step_share']:.0%}"
        f"; other CPU {', '.join(f'{x:.0%}' for x in g['runs_other_cpu_share'])}"
    )
    goals = result["goals"]
    print(
        f"\ngoal overhead ≤ {GOAL_OVERHEAD:.0%} on {', '.join(STANDARD)}: "
        f"{_ok(goals['overhead_le_10pct'])}"
        + (
            f"; on the large file: {_ok(goals['large_file_overhead_le_10pct'])}"
            if goals["large_file_overhead_le_10pct"] is not None
            else ""
        )
        + (f"; over: {', '.join(goals['cases_over_goal'])}" if goals["cases_over_goal"] else "")
        + (f"; loaded: {', '.join(goals['cases_loaded'])}" if goals["cases_loaded"] else "")
    )


# ---------------------------------------------------------------------------------------------
# Main.


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        prog="python -m bench.signatures", description=(__doc__ or "").split("\n")[0]
    )
    p.add_argument("--rounds", type=int, default=7, help="validation rounds (default 7)")
    p.add_argument(
        "--round-seconds",
        type=float,
        default=2.5,
        help="length of one validation round, all four variants (default 2.5)",
    )
    p.add_argument("--warmup", type=int, default=3, help="warm-up calls per variant (default 3)")
    p.add_argument("--augment-repeat", type=int, default=7, help="augmentations per file (7)")
    p.add_argument(
        "--large-mb",
        type=int,
        default=100,
        help="MiB added to the large B-LTA file, validated offline (default 100; 0: skip)",
    )
    p.add_argument("--dossiers", type=int, default=20, help="SIPs of 2 documents (default 20)")
    p.add_argument("--ingest-repeat", type=int, default=3, help="ingest runs (default 3)")
    p.add_argument("--profile-calls", type=int, default=20, help="calls per profile (20)")
    p.add_argument(
        "--profile-all",
        action="store_true",
        help="cProfile every case (default: the offline B-LTA files and any case over the goal)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON result, not the table")
    p.add_argument("--out", type=Path, help="also write the JSON result to this file")
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="where the temporary directory is made (default: the system temp dir)",
    )
    args = p.parse_args(argv)
    counts = (args.rounds, args.warmup, args.augment_repeat, args.dossiers, args.ingest_repeat)
    if min(counts) < 1 or args.round_seconds <= 0 or args.profile_calls < 1 or args.large_mb < 0:
        p.error("counts must be ≥ 1 and --round-seconds > 0")
    return args


def software() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in PACKAGES}


def run(args: argparse.Namespace, work: Path, command: str) -> dict[str, Any]:
    """Serve the PKI, measure, check; return the JSON-ready result."""
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    t0 = time.perf_counter()
    with serve_pki(work) as pki, quiet_pyhanko():
        windows = check_clock(pki)
        load = os.getloadavg()[0]
        case_list = all_cases(args.large_mb)
        validation = bench_validation(
            pki, work, case_list, args.rounds, args.round_seconds, args.warmup, args.large_mb
        )
        cases = {c.name: c for c in case_list}
        over = [n for n, c in validation["cases"].items() if not c["goal_met"]]
        profiled = (
            case_list
            if args.profile_all
            else [cases[n] for n in ("blta-offline", "nd30-offline", *over) if n in cases]
        )
        profiled = list(dict.fromkeys(profiled))
        attribution = bench_attribution(pki, work, args.profile_calls, profiled, args.large_mb)
        augmented = bench_augment(pki, work, args.augment_repeat)
        ingest = bench_ingest(pki, work, args.dossiers, args.ingest_repeat)
    return {
        "command": command,
        "started": started,
        "total_seconds": time.perf_counter() - t0,
        "code": code_state(),
        "machine": machine_info(work),
        "software": software(),
        "pki_validity": windows,
        "parameters": {k: v for k, v in vars(args).items() if k not in ("json", "out", "workdir")},
        "load_average_1min_before": load,
        "validation": validation,
        "attribution": attribution,
        "augment": augmented,
        "ingest": ingest,
        "load_average_1min_end": os.getloadavg()[0],
        "goals": {
            "overhead_le_10pct": not [n for n in over if cases[n].file in STANDARD],
            "large_file_overhead_le_10pct": (
                None if not args.large_mb else "large-offline" not in over
            ),
            "cases_over_goal": over,
            "cases_loaded": [n for n, c in validation["cases"].items() if c["loaded"]],
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    command = shlex.join([".venv/bin/python", "-m", "bench.signatures", *argv])
    args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="archive-bench-sig-", dir=args.workdir))
    try:
        result = run(args, work, command)
    finally:
        discard(work)
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    if args.out:
        args.out.write_text(text + "\n")
    if args.json:
        print(text)
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
