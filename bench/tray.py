"""Benchmark of filing from the tray (issue #21): edXML envelopes taken in, then filed into one
dossier through the whole ingest gate (``archive tray assemble``).

A fresh archive home (SQLite catalog, local OCFL store) trusting the test PKI served on
127.0.0.1 receives N envelopes, each signed (XML-DSig) and carrying two NĐ 30 signed PDFs
(B-LT, person then agency). The import of the N envelopes is timed (envelope signature, both
PDFs' signatures, storage, reply 01), then the filing of all of them into one dossier
(the SIP_hoso built from storage, the gate with its signature validation, the AIP, the catalog,
the index, replies 03). The dossier must come out filed with 2·N documents, or the run fails.

Run: ``.venv/bin/python -m bench.tray [--envelopes N] [--json]``.
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
from archive.edxml.intake import import_envelope
from archive.ingest.filing import assemble
from tests.support import edxml
from tests.support.pki import serve_pki, sign_nd30_pdf
from tests.support.signed import LATER_THAT_DAY, open_home


def run(envelopes: int) -> dict[str, Any]:
    """Import ``envelopes`` envelopes, file them; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-tray-") as tmp_dir:
        tmp = Path(tmp_dir)
        (tmp / "pki").mkdir()
        with serve_pki(tmp / "pki") as pki:
            pdfs = sign_nd30_pdf(pki, "B-LT"), sign_nd30_pdf(pki, "B-LT", person="signer-person")
            archive = open_home(tmp / "home", pki, ingest_workers=1)
            try:
                step = archive.signatures  # pyHanko loaded before the clock is frozen
                agent = person_agent("bench")
                codes = []
                with freeze_time(LATER_THAT_DAY, tick=True):
                    started = time.perf_counter()
                    for i in range(envelopes):
                        doc = edxml.Doc(
                            number=str(100 + i),
                            attachments=[(f"cv-{i}.pdf", pdfs[0]), (f"pl-{i}.pdf", pdfs[1])],
                        )
                        path = edxml.write(tmp / f"{i}.xml", edxml.envelope(doc, pki))
                        codes.append(import_envelope(archive, step, path, agent).code)
                    imported = time.perf_counter()
                    sheet = edxml.dossier_sheet(tmp / "ho-so.csv")
                    done = assemble(archive, archive.ingestor, codes, sheet, agent)
                    filed = time.perf_counter()
            finally:
                archive.close()
    documents = sum(len(d) for d in done.documents.values())
    if done.status != "filed" or documents != 2 * envelopes:
        raise SystemExit(f"not filed: {done.as_dict()}")
    return {
        "envelopes": envelopes,
        "documents": documents,
        "import_s": round(imported - started, 2),
        "import_per_envelope_s": round((imported - started) / envelopes, 2),
        "assemble_s": round(filed - imported, 2),
        "assemble_per_document_s": round((filed - imported) / documents, 2),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
    }


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envelopes", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.envelopes)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
