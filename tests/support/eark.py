"""Run eark-validator (the E-ARK reference validator) offline, in a subprocess.

eark-validator fetches four CSIP vocabulary files from earkcsip.dilcis.eu when it is imported
(``eark_validator.ipxml.schematron``, via ``urllib.request.urlopen``). Here an opener that
serves exactly those URLs from schemas/eark-csip/vocabularies (the corpus copies) is installed
for the import, and every other URL is refused, so no network is used.

The validator runs in a child process (``python -m tests.support.eark PACKAGE…`` runs its own
command line, ``eark-validator -s V2.0.4 PACKAGE…``, and prints its exit status and reports as
JSON): it leaves files open and extracts zips under /tmp, which must not leak into the tests.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import json
import subprocess
import sys
import urllib.request
import urllib.response
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "schemas/eark-csip/vocabularies"
"""The project's copies of the CSIP vocabularies (provenance in schemas/PROVENANCE.md), so the
oracle runs offline."""
VOCABULARY_URL = "https://earkcsip.dilcis.eu/schema/"


class _CorpusHandler(urllib.request.BaseHandler):
    handler_order = 100  # before the default HTTPS handler

    def https_open(self, req: urllib.request.Request) -> Any:
        url = req.full_url
        if not url.startswith(VOCABULARY_URL):
            raise AssertionError(f"eark-validator tried the network: {url}")
        data = (CORPUS / url.removeprefix(VOCABULARY_URL)).read_bytes()
        response = urllib.response.addinfourl(io.BytesIO(data), {}, url, 200)  # type: ignore[arg-type]
        response.msg = "OK"  # type: ignore[attr-defined]
        return response

    def http_open(self, req: urllib.request.Request) -> Any:
        raise AssertionError(f"eark-validator tried the network: {req.full_url}")


def _modules() -> None:
    """Import the validator with the corpus opener in place (it reads the vocabularies then)."""
    previous = urllib.request._opener  # type: ignore[attr-defined]
    urllib.request.install_opener(urllib.request.build_opener(_CorpusHandler()))
    try:
        importlib.import_module("eark_validator.ipxml.schematron")
    finally:
        urllib.request._opener = previous  # type: ignore[attr-defined]


def _cli(packages: list[str]) -> tuple[int, list[dict[str, Any]]]:
    """Run the validator's own command line, ``eark-validator -s V2.0.4 PACKAGE…``; its exit
    status and the JSON report it prints for each package."""
    _modules()
    app = importlib.import_module("eark_validator.cli.app")
    out = io.StringIO()
    saved_argv, saved_stdout = sys.argv, sys.stdout
    sys.argv, sys.stdout = ["eark-validator", "-s", "V2.0.4", *packages], out
    status = 0
    try:
        app.main()
    except SystemExit as exc:
        status = int(exc.code or 0)
    finally:
        sys.argv, sys.stdout = saved_argv, saved_stdout
    reports = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    return status, reports


def validate(*packages: Path) -> list[dict[str, Any]]:
    """``eark-validator -s V2.0.4 PACKAGE…``: one report dict per package (as the CLI prints)."""
    if importlib.util.find_spec("eark_validator") is None:
        raise AssertionError(
            "eark-validator is required by these tests: it is in requirements/dev.lock "
            "(scripts/setup-venv dev, see docs/testing.md)"
        )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.eark", *map(str, packages)],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"eark-validator failed: {done.stderr[-2000:]}")
    status, reports = json.loads(done.stdout)
    if status != 0 or len(reports) != len(packages):
        raise AssertionError(f"eark-validator exited {status} with {len(reports)} report(s)")
    return list(reports)


def errors(report: dict[str, Any]) -> dict[str, list[str]]:
    """Rule ids of every error, by section (structure, schema, schematron)."""
    out = {
        "structure": [
            m["rule_id"] for m in report["structure"]["messages"] if m["severity"] == "Error"
        ]
    }
    metadata = report.get("metadata") or {}
    for section, key in (("schema", "schema_results"), ("schematron", "schematron_results")):
        messages = (metadata.get(key) or {}).get("messages", [])
        out[section] = [m["rule_id"] for m in messages if m["severity"] == "Error"]
    return out


if __name__ == "__main__":
    print(json.dumps(_cli(sys.argv[1:])))
