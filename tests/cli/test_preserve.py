"""``archive preserve run [--dry-run] [--limit N] [--json]`` on real homes.

In-process (``tests.support.cli.run``) with the clock frozen, except the two-worker test, which
starts two real ``archive`` processes at once (``tests.support.signed.cli_process``, their clock
frozen too) on SQLite and on PostgreSQL. The homes trust the served test PKI's root through
``ARCHIVE_TRUST_ROOTS``; the TSA is ``ARCHIVE_TSA_URL``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select
from typer.testing import Result

from archive.bootstrap import open_archive
from archive.catalog.models import Dossier, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.preserve import copy_path
from archive.signatures.models import FileValidation
from tests.support import sips
from tests.support.catalogdump import dump
from tests.support.cli import run
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    serve_pki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.support.signed import (
    LATER_THAT_DAY,
    assert_valid_store,
    cli_process,
    doc_code,
    home_env,
    ingest,
    open_home,
    package,
)

AN_HOUR_LATER = LATER_THAT_DAY + timedelta(hours=1)
BEFORE_REVOCATION = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)  # signer-revoked: 2026-10-01


@dataclasses.dataclass(frozen=True)
class Pdfs:
    bt: bytes
    revoked_bb: bytes


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def pdfs(pki: TestPki) -> Pdfs:
    with freeze_time(BEFORE_REVOCATION, tick=True):
        revoked_bb = sign_test_pdf(pki, render_pdf(ND30_DOCUMENT), "B-B", "signer-revoked")
    with freeze_time(SIGNING_TIME, tick=True):
        return Pdfs(bt=sign_nd30_pdf(pki, "B-T"), revoked_bb=revoked_bb)


def original_path(n: int, i: int = 1) -> str:
    return f"representations/rep1/data/{sips.file_code(n)}.{i}.pdf"


def cli(home: Path, env: dict[str, str], at: datetime, *args: str) -> Result:
    with freeze_time(at, tick=True):
        return run(home, *args, env=env)


def cli_json(home: Path, env: dict[str, str], at: datetime, *args: str) -> tuple[int, Any]:
    result = cli(home, env, at, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


# --------------------------------------------------------------------------- the usual night


@dataclasses.dataclass(frozen=True)
class Home:
    path: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def home(pki: TestPki, pdfs: Pdfs, tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Dossier 1: an NĐ 30 B-T document; dossier 2: a B-B one (TOTAL_PASSED when ingested)."""
    tmp = tmp_path_factory.mktemp("cli-preserve")
    with open_home(tmp / "home", pki) as archive:
        ingest(archive, package(tmp, 1, pdfs.bt))
        ingest(archive, package(tmp, 2, pdfs.revoked_bb), BEFORE_REVOCATION + timedelta(hours=1))
    return Home(tmp / "home", home_env(tmp / "home", pki, tsa_url=pki.tsa_url("tsa")))


@pytest.fixture(scope="module")
def night(home: Home) -> dict[str, Any]:
    """Dry run (JSON and text), run, the day after (nothing to do)."""
    out: dict[str, Any] = {}
    out["dry"] = cli_json(
        home.path, home.env, AN_HOUR_LATER, "preserve", "run", "--dry-run", "--limit", "5"
    )
    out["dry_text"] = cli(home.path, home.env, AN_HOUR_LATER, "preserve", "run", "--dry-run")
    out["run"] = cli_json(home.path, home.env, AN_HOUR_LATER, "preserve", "run")
    out["again"] = cli(home.path, home.env, AN_HOUR_LATER + timedelta(hours=1), "preserve", "run")
    return out


def test_dry_run_lists_the_work(night: dict[str, Any]) -> None:
    code, data = night["dry"]
    assert code == 0
    assert data["dry_run"] is True
    assert [(p["doc_code"], p["action"], p["file"]) for p in data["planned"]] == [
        (doc_code(1), "augment", original_path(1))
    ]
    assert data["results"] == []
    text = night["dry_text"]
    assert text.exit_code == 0
    assert "augment" in text.stdout and "Dry run: nothing was done." in text.stdout


def test_run_augments_and_exits_0(night: dict[str, Any], home: Home) -> None:
    code, data = night["run"]
    assert code == 0, data
    # Lock horizons are extended in the same run; a local store has none to extend.
    assert data["locks"] == {"local": {"objects": 0, "keys": 0, "until": ""}}
    (result,) = data["results"]
    assert (result["doc_code"], result["done"], result["after"], result["version"]) == (
        doc_code(1),
        "augmented",
        "TOTAL_PASSED",
        "v2",
    )
    assert result["horizon"] == "2035-12-31"
    assert (data["changed"], data["failed"]) == ([], [])
    assert_valid_store(home.path / "store")


def test_the_next_run_has_nothing_to_do(night: dict[str, Any]) -> None:
    again = night["again"]
    assert again.exit_code == 0
    assert "Nothing to do:" in again.stdout
    assert "Signature preservation" not in again.stdout  # no empty table


def test_get_still_returns_the_original(
    night: dict[str, Any], home: Home, pdfs: Pdfs, tmp_path: Path
) -> None:
    assert night["run"][0] == 0
    out = tmp_path / "original.pdf"
    result = cli(home.path, home.env, AN_HOUR_LATER, "get", doc_code(1), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == pdfs.bt


def test_verify_passes_after_augmentation(night: dict[str, Any], home: Home) -> None:
    assert night["run"][0] == 0
    code, data = cli_json(
        home.path, home.env, AN_HOUR_LATER + timedelta(hours=1), "verify", doc_code(1)
    )
    assert code == 0, data
    assert data["bottom_line"] == "TOTAL_PASSED"


def test_verify_checks_the_newest_preservation_copy(night: dict[str, Any], home: Home) -> None:
    assert night["run"][0] == 0
    _, data = cli_json(
        home.path, home.env, AN_HOUR_LATER + timedelta(hours=1), "verify", doc_code(1)
    )
    assert copy_path(original_path(1)) in data["file"]
    assert [s["pades_level"] for s in data["signatures"]] == ["B-LTA", "B-LTA", "DocTimeStamp"]


def test_rebuild_after_augmentation_equals_the_catalog(
    night: dict[str, Any], home: Home, tmp_path: Path
) -> None:
    """The preservation copy, its validation and the supersession come back from storage."""
    assert night["run"][0] == 0
    with (
        open_archive(load_settings(home=home.path)) as archive,
        unit_of_work(archive.sessions) as session,
    ):
        original = dump(session)
    assert any(f["role"] == "preservation" for f in original["files"])
    env = {**home.env, "ARCHIVE_DATABASE_URL": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
    assert cli(home.path, env, AN_HOUR_LATER, "db", "upgrade").exit_code == 0
    code, data = cli_json(home.path, env, AN_HOUR_LATER, "rebuild")
    assert code == 0, data
    assert (data["dossiers"], data["versions_replayed"]) == (2, 1)
    rebuilt = load_settings(home=home.path, database_url=env["ARCHIVE_DATABASE_URL"])
    with open_archive(rebuilt) as archive, unit_of_work(archive.sessions) as session:
        assert dump(session) == original


# --------------------------------------------------------------------------- loud change


def test_a_changed_verdict_is_loud_and_exits_1(night: dict[str, Any], home: Home) -> None:
    """The B-B document was signed (and ingested) before its signer was revoked; revalidated
    after, it no longer passes."""
    assert night["again"].exit_code == 0
    env = {**home.env, "ARCHIVE_REVALIDATE_AFTER_DAYS": "30"}
    result = cli(home.path, env, AN_HOUR_LATER + timedelta(hours=2), "preserve", "run", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    (changed,) = data["changed"]
    assert (changed["doc_code"], changed["before"], changed["after"]) == (
        doc_code(2),
        "TOTAL_PASSED",
        "INDETERMINATE",
    )
    # On stderr in the interface language (English here): the verdicts by their names, the
    # ETSI sub-indication as its code; --json keeps the codes.
    said = " ".join(result.stderr.split())
    assert "SIGNATURE STATUS CHANGED" in said
    assert f"{doc_code(2)} ({original_path(2)}): Valid → Indeterminate" in said
    assert "Indeterminate/REVOKED_NO_POE (revoked)" in said
    assert any("REVOKED_NO_POE (revoked)" in line for line in changed["changes"])
    shown = cli(home.path, home.env, AN_HOUR_LATER + timedelta(hours=2), "show", doc_code(2))
    assert shown.exit_code == 0


# --------------------------------------------------------------------------- no TSA


def test_without_a_tsa_items_fail_and_exit_1(pki: TestPki, pdfs: Pdfs, tmp_path: Path) -> None:
    with open_home(tmp_path / "home", pki) as archive:
        ingest(archive, package(tmp_path, 3, pdfs.bt))
    env = home_env(tmp_path / "home", pki)
    result = cli(tmp_path / "home", env, AN_HOUR_LATER, "preserve", "run")
    assert result.exit_code == 1
    assert f"Failed {doc_code(3)} (augment)" in result.stderr
    assert "ARCHIVE_TSA_URL" in result.stderr
    code, data = cli_json(tmp_path / "home", env, AN_HOUR_LATER, "preserve", "run")
    assert code == 1
    assert [(f["doc_code"], f["done"]) for f in data["failed"]] == [(doc_code(3), "failed")]
    assert "ARCHIVE_TSA_URL" in data["failed"][0]["message"]
    with open_home(tmp_path / "home", pki) as archive:
        assert archive.ocfl.inventory(next(iter(archive.ocfl.iter_object_ids())))["head"] == "v1"


# --------------------------------------------------------------------------- two workers


def test_two_workers_at_once(pki: TestPki, pdfs: Pdfs, tmp_path: Path, catalog_url: str) -> None:
    """Two one-document dossiers and one two-document dossier (its documents share the OCFL
    object, so the workers may race for its version numbers): every document is augmented
    exactly once, versions are contiguous, the catalog has no duplicate."""
    path = tmp_path / "home"
    layout = {4: 1, 5: 1, 6: 2}
    with open_home(path, pki, database_url=catalog_url) as archive:
        for n, docs in layout.items():
            ingest(archive, package(tmp_path, n, *[pdfs.bt] * docs))
    env = home_env(path, pki, tsa_url=pki.tsa_url("tsa"), database_url=catalog_url)
    # The served PKI follows this process's clock; the workers' clocks start a minute ahead so
    # that, however long they take to start, they validate later than the TSA stamped.
    with freeze_time(AN_HOUR_LATER, tick=True):
        at = AN_HOUR_LATER + timedelta(minutes=1)
        workers = [cli_process(at, env, "preserve", "run", "--json") for _ in "ab"]
        outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr
    results = [r for stdout, _ in outputs for r in json.loads(stdout)["results"]]
    codes = sorted(r["doc_code"] for r in results)
    expected = sorted(doc_code(n, i) for n, docs in layout.items() for i in range(1, docs + 1))
    assert codes == expected  # each exactly once, over both workers
    assert {r["done"] for r in results} == {"augmented"}
    with open_home(path, pki, database_url=catalog_url) as archive:
        for n, docs in layout.items():
            with unit_of_work(archive.sessions) as session:
                dossier = session.scalar(
                    select(Dossier).where(Dossier.file_code == sips.file_code(n))
                )
                assert dossier is not None
                oid, object_version = dossier.object_id, dossier.object_version
            inventory = archive.ocfl.inventory(oid)
            versions = [f"v{k}" for k in range(1, docs + 2)]
            assert sorted(inventory["versions"]) == versions  # one version per document
            assert inventory["head"] == versions[-1] == object_version
            state = inventory["versions"][inventory["head"]]["state"]
            paths = {p for ps in state.values() for p in ps}
            for i in range(1, docs + 1):
                assert copy_path(original_path(n, i)) in paths
        with unit_of_work(archive.sessions) as session:
            copies = session.execute(
                select(File.document_id, func.count())
                .where(File.role == "preservation")
                .group_by(File.document_id)
            ).all()
            assert len(copies) == len(expected) and {c for _, c in copies} == {1}
            live = session.scalars(
                select(FileValidation).where(FileValidation.superseded_by.is_(None))
            ).all()
            assert {v.pades_level for v in live} == {"B-LTA"}
            assert {v.claimed_by for v in live} == {None}
        assert archive.verify_audit().ok
    # Dossier 6's documents share certificates: ingest leaves the known empty folders (E024).
    assert_valid_store(path / "store", tolerate_empty_folders=True)
