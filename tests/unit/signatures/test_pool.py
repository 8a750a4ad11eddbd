"""Validation on every core (issue #16 part 4): the worker pool and the per-run name cache.

* The pool gives the same reports as the ingest process: ``archive ingest --jobs 2`` and
  ``--jobs 1`` store the same ``report.json`` for every document of the demo packages (signed by
  the demo PKI, whose certificates are made around the real date: validation runs on the real
  clock in both, offline, so nothing depends on which date it is).
* A worker killed while it validates refuses that package alone (SIG005): nothing stored, nothing
  catalogued, no staging left; the same package then goes in (the pool is started again).
* The name cache (``archive/signatures/memo.py``) never changes a verdict: on the test PKI, one
  run validates a signer's document while it is good and then, after the signer was revoked,
  another of its documents: REVOKED, exactly as without the cache, and every report equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from freezegun import freeze_time
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive.audit.chain import AgentRef
from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Document, Dossier
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.ingest.batch import ingest_batch
from archive.ingest.pipeline import run
from archive.search.documents import index_docs
from archive.search.extract import Extraction, StagedText
from archive.signatures import memo
from archive.signatures.api import PendingOutcome, SignatureInput, SignatureStep
from archive.signatures.context import DiffOnce
from archive.signatures.pool import PARENT_POLL_SECONDS
from archive.signatures.step import PyHankoSignatureStep
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf
from tests.support.cli import run as cli
from tests.support.cli import run_json, snapshot
from tests.support.pki import ND30_DOCUMENT, SIGNING_TIME, TestPki, sign_nd30_pdf, sign_test_pdf
from tests.support.signed import LATER_THAT_DAY
from tests.unit.signatures.test_validate import swap_page_contents

OFFLINE = {"ARCHIVE_SIGNATURE_FETCH": "false"}
BEFORE_REVOCATION = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)  # signer-revoked: 2026-10-01
TIMES = ("validated_at", "validation_time")
T = TypeVar("T")


@pytest.fixture(scope="module")
def demo_sips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four demo packages (NĐ 30 B-LTA documents of the demo PKI) and the demo root."""
    tmp = tmp_path_factory.mktemp("pool")
    out = tmp / "sips"
    assert cli(tmp / "maker", "demo", "--sips-only", str(out)).exit_code == 0
    return out


def _home(path: Path, sips: Path) -> Path:
    root = str(sips / "demo-root.cert.pem")
    assert cli(path, "init", "--trust-demo-root", root, env=OFFLINE).exit_code == 0
    return path


def _reports(home: Path) -> dict[str, Any]:
    """Every stored signature report, by object and path, without the moments it was made."""
    out: dict[str, Any] = {}
    with open_archive(load_settings(home=home)) as archive:
        for object_id in sorted(archive.ocfl.iter_object_ids()):
            inventory = archive.ocfl.inventory(object_id)
            state = inventory["versions"][inventory["head"]]["state"]
            for path in sorted(p for paths in state.values() for p in paths):
                if path.endswith("/report.json"):
                    with archive.ocfl.open_logical(object_id, path) as fh:
                        report = json.load(fh)
                    out[f"{object_id} {path}"] = {k: v for k, v in report.items() if k not in TIMES}
    return out


def test_pool_stores_the_same_reports_as_the_ingest_process(
    demo_sips: Path, tmp_path: Path
) -> None:
    zips = [str(p) for p in sorted(demo_sips.glob("*.zip"))]
    pooled = _home(tmp_path / "pooled", demo_sips)
    alone = _home(tmp_path / "alone", demo_sips)

    code_pooled, results_pooled = run_json(pooled, "ingest", "--jobs", "2", *zips, env=OFFLINE)
    code_alone, results_alone = run_json(alone, "ingest", "--jobs", "1", *zips, env=OFFLINE)

    assert code_pooled == code_alone == 0
    assert [r["status"] for r in results_pooled] == ["accepted"] * len(zips)
    assert [r["source"] for r in results_pooled] == zips  # in the order given
    for pooled_result, alone_result in zip(results_pooled, results_alone, strict=True):
        assert pooled_result["findings"] == alone_result["findings"]
    reports = _reports(pooled)
    assert len(reports) >= len(zips)
    assert reports == _reports(alone)
    statuses = {s["status"] for r in reports.values() for s in r["signatures"]}
    assert statuses == {"TOTAL_PASSED"}


@pytest.fixture
def pooled_archive(demo_sips: Path, tmp_path: Path) -> Iterator[Archive]:
    home = _home(tmp_path / "home", demo_sips)
    settings = load_settings(home=home, ingest_workers=2, signature_fetch=False)
    with open_archive(settings) as archive:
        yield archive


def test_a_killed_worker_refuses_its_package_alone(
    pooled_archive: Archive, demo_sips: Path
) -> None:
    first, second = sorted(demo_sips.glob("*.zip"))[:2]
    home = pooled_archive.settings.home
    before = snapshot(home)
    ingestor = pooled_archive.ingestor
    step = pooled_archive.signatures
    assert isinstance(step, PyHankoSignatureStep) and step.pool is not None

    steps = ingestor.steps(first, person_agent("lan"))
    next(steps)  # unpacked, read, validation handed to the workers: nothing stored yet
    pids = step.pool.pids()
    assert pids
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    result = run(steps)

    assert result.status == "refused"
    assert [f.code for f in result.report.errors] == ["SIG005"]
    assert snapshot(home) == before  # nothing stored, nothing catalogued
    assert not any(pooled_archive.settings.staging_dir.iterdir())
    results = list(ingest_batch(ingestor, [first, second], person_agent("lan"), home / "logs"))
    assert [r.status for r in results] == ["accepted", "accepted"]
    assert not set(step.pool.pids()) & set(pids)  # a new pool


def test_a_failed_package_in_a_batch_leaves_the_others_alone(
    pooled_archive: Archive, demo_sips: Path, tmp_path: Path
) -> None:
    """One package ahead: a broken one between two good ones is refused by itself."""
    good = sorted(demo_sips.glob("*.zip"))[:2]
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    home = pooled_archive.settings.home
    sources = [good[0], broken, good[1]]

    results = list(
        ingest_batch(pooled_archive.ingestor, sources, person_agent("lan"), home / "logs")
    )

    assert [r.status for r in results] == ["accepted", "refused", "accepted"]
    assert [r.source for r in results] == [str(s) for s in sources]
    assert not any(pooled_archive.settings.staging_dir.iterdir())


# --------------------------------------------------------------------------- the name cache


def _validate(data: bytes, cfg: ValidationSettings, tmp: Path, moment: datetime) -> Any:
    path = tmp / f"doc-{len(list(tmp.iterdir()))}.pdf"
    path.write_bytes(data)
    with freeze_time(moment, tick=True):
        report, _ = validate_pdf(path, cfg, name="doc.pdf")
    return {k: v for k, v in report.as_dict().items() if k not in TIMES}


def test_the_name_cache_never_changes_a_verdict(pki: TestPki, tmp_path: Path) -> None:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(BEFORE_REVOCATION, tick=True):
        while_good = sign_test_pdf(pki, rendered, "B-T", "signer-revoked")
    with freeze_time(SIGNING_TIME, tick=True):
        nd30 = sign_nd30_pdf(pki, "B-LTA")
        after_revocation = sign_test_pdf(pki, rendered, "B-T", "signer-revoked")
    cfg = ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)
    # One run: the signer's document while the signer is good, then (revoked on 2026-10-01)
    # another of its documents, and the others, with the cache warm from the first ones.
    run_of = [
        (while_good, BEFORE_REVOCATION),
        (nd30, LATER_THAT_DAY),
        (after_revocation, LATER_THAT_DAY),
        (while_good, LATER_THAT_DAY),
    ]
    try:
        memo.install()
        memo.clear()
        warm = [_validate(data, cfg, tmp_path, at) for data, at in run_of]
        hits = memo.stats()["hits"]
        memo.uninstall()
        cold = [_validate(data, cfg, tmp_path, at) for data, at in run_of]
    finally:
        memo.install()

    assert hits > 100  # the cache was used
    assert warm == cold
    assert [s["status"] for s in warm[0]["signatures"]] == ["TOTAL_PASSED"]
    assert {s["status"] for s in warm[1]["signatures"]} == {"TOTAL_PASSED"}
    (revoked,) = warm[2]["signatures"]
    assert revoked["status"] == "TOTAL_FAILED/REVOKED"
    assert revoked["revocation_status"] == "revoked"


def test_the_same_package_twice_in_a_batch_is_held_once(
    pooled_archive: Archive, demo_sips: Path
) -> None:
    """The second copy is started (and validated) before the first is catalogued; it is still
    recognised as held when its turn comes, as one package after the other would be."""
    first = sorted(demo_sips.glob("*.zip"))[0]
    home = pooled_archive.settings.home

    results = list(
        ingest_batch(pooled_archive.ingestor, [first, first], person_agent("lan"), home / "logs")
    )

    again = pooled_archive.ingest(first, person_agent("lan"))  # one after the other
    assert [r.status for r in results] == ["accepted", "duplicate"]
    assert "DUP001" in [f.code for f in results[1].report.findings]
    assert results[1].report.as_dict() == again.report.as_dict()
    assert len(list(pooled_archive.ocfl.iter_object_ids())) == 1


def test_one_difference_analysis_per_revision_changes_no_verdict(
    pki: TestPki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``DiffOnce`` keeps each revision's analysis for the other validators of the same file:
    the reports of an intact NĐ 30 file and of one changed after signing are those of an
    analysis run every time it is asked for, with a third of the analyses."""
    with freeze_time(SIGNING_TIME, tick=True):
        nd30 = sign_nd30_pdf(pki, "B-LTA")
    files = [nd30, swap_page_contents(nd30)]
    cfg = ValidationSettings(TrustStore.from_paths([pki.root_pem_path]), fetch=True)
    analyses: list[int] = []
    analyse = DEFAULT_DIFF_POLICY.review_file

    def counted(reader: Any, base: Any, *mdp: Any, **named: Any) -> Any:
        analyses.append(base)
        return analyse(reader, base, *mdp, **named)

    monkeypatch.setattr(DEFAULT_DIFF_POLICY, "review_file", counted)
    once = [_validate(data, cfg, tmp_path, LATER_THAT_DAY) for data in files]
    analysed_once = len(analyses)

    def every_time(self: DiffOnce, reader: Any, base: Any, **mdp: Any) -> Any:
        return DEFAULT_DIFF_POLICY.review_file(reader, base, **mdp)

    monkeypatch.setattr(DiffOnce, "review_file", every_time)
    analyses.clear()
    always = [_validate(data, cfg, tmp_path, LATER_THAT_DAY) for data in files]

    assert once == always
    assert analysed_once == 2 * 3  # one per signed revision: 2 signatures, 1 document timestamp
    assert len(analyses) >= 3 * analysed_once
    assert once[0]["bottom_line"] == "TOTAL_PASSED"
    assert once[1]["bottom_line"] == "TOTAL_FAILED"


_KILLED_PARENT = """
import json, sys, time
from pathlib import Path
from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.db.engine import unit_of_work

if __name__ == "__main__":
    home, package = Path(sys.argv[1]), Path(sys.argv[2])
    settings = load_settings(home=home, ingest_workers=2, signature_fetch=False)
    archive = open_archive(settings)
    steps = archive.ingestor.steps(package, person_agent("lan"))
    next(steps)  # validating in the workers, nothing stored yet
    print(json.dumps(archive.signatures.pool.pids()), flush=True)
    time.sleep(600)
"""


def test_workers_end_with_a_killed_ingest_process(demo_sips: Path, tmp_path: Path) -> None:
    """``kill -9`` of the ingest process while its workers validate: the workers end too, and
    the archive holds nothing of the package (a retry ingests it)."""
    home = _home(tmp_path / "home", demo_sips)
    package = sorted(demo_sips.glob("*.zip"))[0]
    script = tmp_path / "ingest_and_wait.py"
    script.write_text(_KILLED_PARENT, encoding="utf-8")
    before = snapshot(home)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    with subprocess.Popen(
        [sys.executable, str(script), str(home), str(package)], stdout=subprocess.PIPE, env=env
    ) as parent:
        assert parent.stdout is not None
        pids = json.loads(parent.stdout.readline())
        assert pids
        parent.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 10 * PARENT_POLL_SECONDS + 20
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert not any(_alive(pid) for pid in pids)
    assert _without_wal(snapshot(home)) == _without_wal(before)  # an empty WAL may be left
    code, results = run_json(home, "ingest", "--jobs", "1", str(package), env=OFFLINE)
    assert code == 0 and results[0]["status"] == "accepted"


def _without_wal(files: dict[str, str]) -> dict[str, str]:
    """Without an *empty* SQLite write-ahead log (left by a killed connection: no data)."""
    empty = hashlib.sha256(b"").hexdigest()
    return {k: v for k, v in files.items() if not (k.endswith("-wal") and v == empty)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:  # a zombie has ended
        return fh.read().split(") ")[-1][:1] != "Z"


class _Recording:
    """The archive's own signature step, keeping what the ingest hands its workers besides
    validation (everything else passes straight through)."""

    def __init__(self, step: SignatureStep) -> None:
        self.step = step
        self.offloaded: list[Future[Any]] = []

    def check(self, files: Sequence[SignatureInput], agents: Sequence[AgentRef]) -> Any:
        return self.step.check(files, agents)

    def start(self, files: Sequence[SignatureInput]) -> PendingOutcome:
        return self.step.start(files)

    def offload(self, task: Callable[..., T], *args: object) -> Future[T] | None:
        future = self.step.offload(task, *args)
        if future is not None:
            self.offloaded.append(future)
        return future

    def close(self) -> None:
        self.step.close()


def test_the_workers_extract_the_index_texts_as_the_index_would(
    pooled_archive: Archive, demo_sips: Path
) -> None:
    """With a pool, each PDF original's text for the search index is extracted by a worker from
    the staged bytes; the index uses it, and it is what the index extracts from the stored
    file. A text whose file does not have its SHA-256 is not used."""
    recording = _Recording(pooled_archive.signatures)
    pooled_archive.signatures = recording
    zips = sorted(demo_sips.glob("*.zip"))
    home = pooled_archive.settings.home
    results = list(ingest_batch(pooled_archive.ingestor, zips, person_agent("lan"), home / "logs"))
    # One demo package holds state secrets, which this archive refuses (secret_records).
    assert [r.status for r in results].count("accepted") >= len(zips) - 1
    staged = [f.result() for f in recording.offloaded]
    assert staged and all(isinstance(s, StagedText) for s in staged)
    settings, ocfl = pooled_archive.settings, pooled_archive.ocfl
    compared = 0
    with unit_of_work(pooled_archive.sessions) as session:
        dossiers = session.scalars(
            select(Dossier).options(
                selectinload(Dossier.documents).selectinload(Document.files),
                selectinload(Dossier.fonds),
            )
        ).all()
        for dossier in dossiers:
            from_store, _ = index_docs(settings, ocfl, dossier)
            by_code = {d.doc_code: d for d in from_store}
            for doc in dossier.documents:
                original = next(f for f in doc.files if f.role == "original")
                text = next((s for s in staged if s.path == original.path), None)
                if text is None or doc.doc_code not in by_code:
                    continue
                assert text.sha256 == original.sha256
                assert text.extraction.text == by_code[doc.doc_code].text
                assert text.extraction.status == by_code[doc.doc_code].text_status
                compared += 1
            path = dossier.documents[0].files[0].path
            sha = dossier.documents[0].files[0].sha256
            marked = Extraction("chữ của công nhân", "ok")
            used, _ = index_docs(settings, ocfl, dossier, {path: StagedText(path, sha, marked)})
            assert used[0].text == "chữ của công nhân"
            other = StagedText(path, "0" * 64, marked)
            ignored, _ = index_docs(settings, ocfl, dossier, {path: other})
            assert ignored[0].text == from_store[0].text != "chữ của công nhân"
    assert compared == len(staged)
    assert any(s.extraction.status == "ok" and s.extraction.text for s in staged)
