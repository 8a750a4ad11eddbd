"""The quirks corpus on the command line and at ingest (issue #16 acceptance): no file makes
``archive verify`` or ``archive ingest`` print a traceback; each file gets its verdict
(docs/signatures.md "Quirks"), as JSON, as a table and as HTML; with the default policy the
undecided ones are accepted with their reason and the failed ones refused, SIG001 each.

The CLI runs in-process with exceptions not caught (tests/support/cli.py): an exception anywhere
fails the test. The clock is frozen one hour after signing; the served test PKI is trusted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from typer.testing import Result

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.demo.pdf import render_pdf
from archive.ingest.pipeline import IngestResult
from tests.support import sips
from tests.support.cli import run
from tests.support.pki import ND30_DOCUMENT, SIGNING_TIME, TestPki, serve_pki
from tests.support.quirks import QUIRKS, Quirk, build
from tests.support.signed import package

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
UNDECIDED = [q for q in QUIRKS if not any(s.startswith("TOTAL_FAILED") for s in q.statuses)]
FAILED = [q for q in QUIRKS if q not in UNDECIDED]


@dataclass(frozen=True)
class Corpus:
    files: dict[str, Path]
    env: dict[str, str]
    home: Path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def corpus(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("quirks")
    files = {}
    for quirk in QUIRKS:
        files[quirk.name] = folder / f"{quirk.name}.pdf"
        files[quirk.name].write_bytes(build(pki, quirk))
    env = {"ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)])}
    return Corpus(files, env, folder / "home")


def verify(corpus: Corpus, *args: str) -> Result:
    with freeze_time(LATER_THAT_DAY, tick=True):
        return run(corpus.home, "verify", *args, env=corpus.env)


@pytest.mark.parametrize("quirk", QUIRKS, ids=[q.name for q in QUIRKS])
def test_verify_json_gives_every_quirk_its_verdict(quirk: Quirk, corpus: Corpus) -> None:
    result = verify(corpus, str(corpus.files[quirk.name]), "--json")
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert tuple(s["status"] for s in data["signatures"]) == quirk.statuses
    assert data["error"] is None
    indications = [s.split("/")[0] for s in quirk.statuses]
    worst = max(indications, key=["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"].index)
    assert data["bottom_line"] == worst
    assert result.exit_code == (0 if worst == "TOTAL_PASSED" else 1)
    for sig in data["signatures"]:
        assert sig["messages_vi"][0] and sig["messages_en"][0]
        assert isinstance(sig["not_checked"], list)


def test_verify_table_and_html_for_every_quirk(corpus: Corpus, tmp_path: Path) -> None:
    for name, path in corpus.files.items():
        html = tmp_path / f"{name}.html"
        result = verify(corpus, str(path), "--html", str(html))
        assert result.exit_code in (0, 1), name
        assert "Traceback" not in result.output
        page = html.read_text(encoding="utf-8")
        assert "Kết luận chung" in page, name
    unreadable = (tmp_path / "appended-eof.html").read_text(encoding="utf-8")
    assert "không phân tích được / not analysed" in unreadable
    assert "structure" in unreadable  # the checks that could not be done are listed


def test_an_unsigned_file_is_no_signature_on_the_command_line(
    corpus: Corpus, tmp_path: Path
) -> None:
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(render_pdf(ND30_DOCUMENT))
    result = verify(corpus, str(unsigned), "--json")
    assert json.loads(result.stdout)["bottom_line"] == "NO_SIGNATURE"
    assert result.exit_code == 1  # nothing was proven
    table = verify(corpus, str(unsigned))
    assert "NO_SIGNATURE" in table.stdout


def test_a_file_that_cannot_be_read_is_a_clear_error(corpus: Corpus) -> None:
    """Not a bad PDF but an unreadable file (reading /proc/self/mem at 0 is an I/O error)."""
    result = verify(corpus, "/proc/self/mem", "--json")
    assert result.exit_code == 1
    flat = " ".join(result.stderr.split())
    assert "không đọc được tệp /proc/self/mem" in flat and "cannot read the file" in flat


# --------------------------------------------------------------------------- ingest


def _ingest(corpus: Corpus, n: int, quirks: list[Quirk]) -> IngestResult:
    contents = [corpus.files[q.name].read_bytes() for q in quirks]
    settings = load_settings(
        home=corpus.home, trust_roots=json.loads(corpus.env["ARCHIVE_TRUST_ROOTS"])
    )
    with freeze_time(LATER_THAT_DAY, tick=True), open_archive(settings, create=True) as archive:
        return archive.ingest(package(corpus.home.parent, n, *contents), person_agent("lan"))


@pytest.fixture(scope="module")
def undecided(corpus: Corpus) -> IngestResult:
    return _ingest(corpus, 1, UNDECIDED)


def test_undecided_quirks_are_accepted_with_their_reasons(undecided: IngestResult) -> None:
    """The default policy accepts INDETERMINATE (reason recorded): no legitimately signed record
    is refused because pyHanko could not read all of it."""
    assert undecided.status == "accepted", undecided.report.as_dict()
    codes = [f.code for f in undecided.report.findings]
    assert "ING999" not in codes
    undecided_sigs = sum(s.startswith("INDETERMINATE") for q in UNDECIDED for s in q.statuses)
    sig002 = [f for f in undecided.report.findings if f.code == "SIG002"]
    assert len(sig002) == undecided_sigs
    for finding in sig002:
        assert "INDETERMINATE/" in finding.message_en
        assert finding.message_vi.split(" — ", 1)[1] and finding.message_en.split(" — ", 1)[1]


def test_stored_quirks_verify_as_they_did_at_ingest(
    undecided: IngestResult, corpus: Corpus
) -> None:
    result = verify(corpus, sips.file_code(1), "--json")
    assert "Traceback" not in result.output
    files = json.loads(result.stdout)["files"]
    assert [tuple(s["status"] for s in f["signatures"]) for f in files] == [
        q.statuses for q in UNDECIDED
    ]


def test_failed_quirks_are_refused_each_with_sig001(corpus: Corpus) -> None:
    refused = _ingest(corpus, 2, FAILED)
    assert refused.status == "refused"
    codes = [f.code for f in refused.report.findings]
    assert "ING999" not in codes
    failed_sigs = sum(s.startswith("TOTAL_FAILED") for q in FAILED for s in q.statuses)
    assert codes.count("SIG001") == failed_sigs
