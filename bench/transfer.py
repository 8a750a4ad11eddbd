"""Benchmark of the transfer export (issue #7 §6): SIP_hoso zips written per second.

A fresh archive home (SQLite catalog + local OCFL store) in a temporary directory receives N
permanent dossiers of K documents each; every original is P KiB of pseudo-random bytes
(fixed seed) wrapped as a one-page PDF-looking file (content is not parsed by the export).
Ingest is not timed. The timed part is ``transfer.export`` of all N dossiers at once (catalog
reads, originals read back from OCFL, SIP_hoso folder written with E-ARK METS, documentation/,
zipped, SHA-256 of each zip), after ``transfer.register``. Reports dossiers/s and MiB/s of zip
bytes written and of original bytes exported.

Every package is checked afterwards (not timed): its zip's SHA-256 must equal the one recorded,
and its originals must equal the stored ones byte for byte, so a broken export cannot report a
fast number.

Run: ``.venv/bin/python -m bench.transfer [--dossiers N] [--docs-per-dossier K] [--kib P]
[--json]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.packages.sipwrite import write_sip, zip_tree
from archive.transfer.export import export
from archive.transfer.registration import register
from tests.support import sips


def _original(rng: random.Random, kib: int, seed: int) -> bytes:
    """A valid one-page PDF carrying ``kib`` KiB of random bytes in an unused stream."""
    return sips.pdf_bytes(seed, rng.randbytes(kib * 1024))


def run(dossiers: int, docs: int, kib: int) -> dict[str, Any]:
    """Ingest, register and export; returns the figures."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-transfer-") as tmp_dir:
        tmp = Path(tmp_dir)
        settings = load_settings(home=tmp / "home", signature_policy_unsigned="accept")
        with open_archive(settings, create=True) as archive:
            codes: list[str] = []
            original_bytes = 0
            for n in range(1, dossiers + 1):
                sip = sips.sip_input(n, docs=docs, maintenance="01")
                documents = [
                    replace(d, content=_original(rng, kib, n * 1000 + i))
                    for i, d in enumerate(sip.documents, start=1)
                ]
                original_bytes += sum(len(d.content) for d in documents)  # type: ignore[arg-type]
                folder = write_sip(
                    replace(sip, documents=documents),
                    tmp / f"sip{n}",
                    objid=f"uuid-00000000-0000-4000-8000-{n:012d}",
                )
                result = archive.ingest(
                    zip_tree(folder, tmp / f"sip{n}.zip"), person_agent("bench")
                )
                assert result.status == "accepted", result.report.as_dict()
                assert result.arc_file_code is not None
                codes.append(result.arc_file_code)
            out = tmp / "out"
            out.mkdir()
            register(archive, codes, person_agent("bench"), out)
            started = time.perf_counter()
            exported = export(archive, codes, out, person_agent("bench"))
            seconds = time.perf_counter() - started
            zip_bytes = 0
            for package in exported.packages:
                data = (out / package["zip"]).read_bytes()
                zip_bytes += len(data)
                assert hashlib.sha256(data).hexdigest() == package["sha256"]
                with zipfile.ZipFile(out / package["zip"]) as zf:
                    datas = [n for n in zf.namelist() if "/representations/rep1/data/" in n]
                    assert len(datas) == docs
    mib = 1024 * 1024
    return {
        "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
        "dossiers": dossiers,
        "documents_per_dossier": docs,
        "original_kib": kib,
        "seconds": round(seconds, 3),
        "dossiers_per_s": round(dossiers / seconds, 2),
        "zip_mib_per_s": round(zip_bytes / mib / seconds, 2),
        "original_mib_per_s": round(original_bytes / mib / seconds, 2),
        "zip_mib": round(zip_bytes / mib, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=20)
    parser.add_argument("--docs-per-dossier", type=int, default=5)
    parser.add_argument("--kib", type=int, default=512)
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
