"""archive/preserve/ on real homes: augment, renew, revalidate, crash, races.

Documents are signed with the served test PKI (``SIGNING_TIME``), ingested "later that day"
(``LATER_THAT_DAY``), and preserved an hour after that, or years later with the clock frozen
(ticking; the served PKI follows it). One dossier per document unless said otherwise.
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
from sqlalchemy import select

from archive import preserve
from archive.audit.models import Event, EventLink
from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier, File
from archive.config import DEFAULT_CRYPTO_SUITE, Settings
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.preserve import (
    PreserveReport,
    copies,
    copy_path,
    manifest_path,
    planning,
    record,
)
from archive.signatures.models import FileValidation
from archive.storage.ocfl import OcflRoot, object_path
from archive.storage.s3 import S3ObjectStore
from tests.support import sips
from tests.support.cli import snapshot
from tests.support.pki import (
    ND30_DOCUMENT,
    SIGNING_TIME,
    TestPki,
    sign_nd30_pdf,
    sign_test_pdf,
)
from tests.support.signed import (
    LATER_THAT_DAY,
    assert_valid_store,
    doc_code,
    ingest,
    open_home,
    package,
    read,
    stored_paths,
)

AN_HOUR_LATER = LATER_THAT_DAY + timedelta(hours=1)
LAN = person_agent("lan")
S3_KEYS = (
    "storage_backend",
    "s3_endpoint_url",
    "s3_bucket",
    "s3_max_attempts",
    "s3_timeout_s",
    "s3_part_size_mib",
)
BEFORE_REVOCATION = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)  # signer-revoked: 2026-10-01


def original_path(n: int) -> str:
    return f"representations/rep1/data/{sips.file_code(n)}.1.pdf"


@dataclasses.dataclass(frozen=True)
class Pdfs:
    bt: bytes
    lta: bytes
    bb: bytes
    rogue_bt: bytes
    revoked_bb: bytes  # signed before the revocation


@pytest.fixture(scope="module")
def pdfs(pki: TestPki) -> Pdfs:
    rendered = render_pdf(ND30_DOCUMENT)
    with freeze_time(BEFORE_REVOCATION, tick=True):
        revoked_bb = sign_test_pdf(pki, rendered, "B-B", "signer-revoked")
    with freeze_time(SIGNING_TIME, tick=True):
        return Pdfs(
            bt=sign_nd30_pdf(pki, "B-T"),
            lta=sign_nd30_pdf(pki, "B-LTA"),
            bb=sign_nd30_pdf(pki, "B-B"),
            rogue_bt=sign_test_pdf(pki, rendered, "B-T", "rogue-signer"),
            revoked_bb=revoked_bb,
        )


def run(archive: Archive, at: datetime, **kw: Any) -> PreserveReport:
    with freeze_time(at, tick=True):
        return preserve.run(archive, agent=person_agent("lan"), **kw)


def object_id(archive: Archive, n: int) -> str:
    with unit_of_work(archive.sessions) as session:
        dossier = session.scalar(select(Dossier).where(Dossier.file_code.like(f"%.{n:02d}.VP")))
        assert dossier is not None
        return dossier.object_id


def files_of(archive: Archive, code: str) -> list[tuple[File, FileValidation | None]]:
    """Files of a document (original and copies), oldest first, with their validation."""
    with unit_of_work(archive.sessions) as session:
        rows = session.execute(
            select(File, FileValidation)
            .join(FileValidation, FileValidation.file_id == File.id, isouter=True)
            .join(File.document)
            .where(File.document.has(doc_code=code))
            .order_by(File.id)
        ).all()
        return [(f, v) for f, v in rows]


def events_of(archive: Archive, identifier: str) -> list[Event]:
    with unit_of_work(archive.sessions) as session:
        return list(
            session.scalars(
                select(Event)
                .join(EventLink, EventLink.event_seq == Event.seq)
                .where(EventLink.identifier == identifier)
                .order_by(Event.seq)
            )
        )


def store_root(archive: Archive) -> Path:
    return Path(archive.ocfl.store.describe())


# --------------------------------------------------------------------------- dry run, run, again


@dataclasses.dataclass
class Preserved:
    archive: Archive
    ingested: dict[int, bytes]
    before_dry_run: dict[str, str]
    after_dry_run: dict[str, str]
    dry: PreserveReport
    first: PreserveReport
    second: PreserveReport


@pytest.fixture(scope="module")
def preserved(
    pki: TestPki, pdfs: Pdfs, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Preserved]:
    """Dossier 1: NĐ 30 B-T; 2: B-LTA; 3: B-B; 4: B-T from an untrusted CA (INDETERMINATE)."""
    tmp = tmp_path_factory.mktemp("preserved")
    ingested = {1: pdfs.bt, 2: pdfs.lta, 3: pdfs.bb, 4: pdfs.rogue_bt}
    with open_home(tmp / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        for n, data in ingested.items():
            ingest(archive, package(tmp, n, data))
        before = snapshot(tmp / "home")
        dry = run(archive, AN_HOUR_LATER, dry_run=True)
        after = snapshot(tmp / "home")
        first = run(archive, AN_HOUR_LATER)
        second = run(archive, AN_HOUR_LATER + timedelta(hours=1))
        yield Preserved(archive, ingested, before, after, dry, first, second)


def test_dry_run_lists_the_b_t_document_and_does_nothing(preserved: Preserved) -> None:
    dry = preserved.dry
    assert [(i.doc_code, i.action, i.pades_level) for i in dry.planned] == [
        (doc_code(1), "augment", "B-T")
    ]
    assert dry.results == []
    assert preserved.after_dry_run == preserved.before_dry_run
    data = dry.as_dict()
    assert data["dry_run"] is True
    assert data["planned"][0]["file"] == original_path(1)


def test_b_t_document_gets_a_new_ocfl_version(preserved: Preserved) -> None:
    archive = preserved.archive
    (result,) = preserved.first.results
    assert (result.item.doc_code, result.done, result.before, result.after) == (
        doc_code(1),
        "augmented",
        "TOTAL_PASSED",
        "TOTAL_PASSED",
    )
    assert not result.changed
    assert result.version == "v2"
    oid = object_id(archive, 1)
    inventory = archive.ocfl.inventory(oid)
    assert sorted(inventory["versions"]) == ["v1", "v2"]
    copy = copy_path(original_path(1))
    assert copy == original_path(1).replace("/rep1/", "/rep2/")
    original = read(archive, oid, original_path(1))
    assert original == preserved.ingested[1]  # rep1 untouched, byte for byte
    assert read(archive, oid, original_path(1), "v1") == original
    lta = read(archive, oid, copy)
    assert lta.startswith(original) and len(lta) > len(original)
    assert copy not in stored_paths(archive, oid, "v1")
    manifest = json.loads(read(archive, oid, manifest_path(doc_code(1))))
    assert manifest["original"] == original_path(1)
    assert manifest["current"] == copy
    assert manifest["action"] == "augmented"
    assert manifest["tsa"].endswith("/tsa")
    report = json.loads(read(archive, oid, manifest["report"]))
    assert report["bottom_line"] == "TOTAL_PASSED"
    assert [s["pades_level"] for s in report["signatures"]] == ["B-LTA", "B-LTA", "DocTimeStamp"]
    # Other dossiers are untouched.
    for n in (2, 3, 4):
        assert archive.ocfl.inventory(object_id(archive, n))["head"] == "v1"
    assert_valid_store(store_root(archive))


def test_catalog_records_the_copy_and_supersedes_the_original(preserved: Preserved) -> None:
    archive = preserved.archive
    (original, old), (copy, new) = files_of(archive, doc_code(1))
    assert (original.role, original.version) == ("original", "v1")
    assert (copy.role, copy.version, copy.path) == (
        "preservation",
        "v2",
        copy_path(original_path(1)),
    )
    assert copy.content_path == f"v2/content/{copy.path}"
    assert copy.size > original.size
    assert old is not None and new is not None
    assert old.superseded_by == copy.id
    assert (old.claimed_by, old.claimed_until) == (None, None)
    assert (new.pades_level, new.bottom_line, new.horizon) == (
        "B-LTA",
        "TOTAL_PASSED",
        "2035-12-31",
    )
    assert new.report_path.endswith(f"{doc_code(1)}/lta-report.json")
    with unit_of_work(archive.sessions) as session:
        dossier = session.scalar(select(Dossier).where(Dossier.object_id == object_id(archive, 1)))
        assert dossier is not None and dossier.object_version == "v2"


def test_events_are_recorded_and_the_chain_holds(preserved: Preserved) -> None:
    archive = preserved.archive
    events = events_of(archive, doc_code(1))
    types = [e.event_type for e in events]
    assert types.count("digital signature generation") == 1
    generation = next(e for e in events if e.event_type == "digital signature generation")
    assert "original unchanged" in generation.detail
    later = [e for e in events if e.seq > generation.seq]
    assert [e.event_type for e in later] == ["validation"]
    assert "rep2" in later[0].detail and later[0].outcome == "success"
    assert archive.verify_audit().ok


def test_a_second_run_has_nothing_to_do(preserved: Preserved) -> None:
    assert preserved.second.planned == []
    assert preserved.second.results == []


def test_b_b_and_indeterminate_documents_are_not_augmented(preserved: Preserved) -> None:
    planned = {i.doc_code for r in (preserved.dry, preserved.first) for i in r.planned}
    assert doc_code(3) not in planned  # B-B: fresh, so not even revalidated
    assert doc_code(4) not in planned  # INDETERMINATE B-T: its data cannot be gathered
    for n in (3, 4):
        assert [f.role for f, _ in files_of(preserved.archive, doc_code(n))] == ["original"]


def test_stale_files_are_revalidated_b_b_included_never_augmented(preserved: Preserved) -> None:
    archive = preserved.archive
    with (
        freeze_time(AN_HOUR_LATER + timedelta(hours=2), tick=True),
        unit_of_work(archive.sessions) as session,
    ):
        settings = archive.settings.model_copy(update={"revalidate_after_days": 0})
        items = preserve.plan(session, settings, datetime.now(UTC))
    actions = {i.doc_code: (i.action, i.path) for i in items}
    assert actions[doc_code(3)] == ("revalidate", original_path(3))
    assert actions[doc_code(4)] == ("revalidate", original_path(4))
    assert actions[doc_code(1)] == ("revalidate", copy_path(original_path(1)))  # the copy only
    assert actions[doc_code(2)][0] == "revalidate"
    with unit_of_work(archive.sessions) as session:
        limited = preserve.plan(session, settings, AN_HOUR_LATER + timedelta(hours=2), limit=2)
    assert limited == items[:2]


# --------------------------------------------------------------------------- revalidation


def test_newly_revoked_signer_is_a_loud_change(pki: TestPki, pdfs: Pdfs, tmp_path: Path) -> None:
    with open_home(tmp_path / "home", pki, revalidate_after_days=30) as archive:
        ingest(
            archive, package(tmp_path, 5, pdfs.revoked_bb), BEFORE_REVOCATION + timedelta(hours=1)
        )
        ((_, before),) = files_of(archive, doc_code(5))
        assert before is not None and before.bottom_line == "TOTAL_PASSED"
        assert before.pades_level == "B-B"
        report = run(archive, LATER_THAT_DAY)  # 66 days later, after the revocation
        (result,) = report.results
        assert (result.item.action, result.done) == ("revalidate", "revalidated")
        assert (result.before, result.after) == ("TOTAL_PASSED", "INDETERMINATE")
        assert result.changed and report.changed == [result]
        (change,) = result.changes
        assert "TOTAL_PASSED (good) → INDETERMINATE/REVOKED_NO_POE (revoked)" in change
        ((_, was, now),) = result.moves  # the same, for the adapters to say
        assert was is not None and (was.indication, was.revocation) == ("TOTAL_PASSED", "good")
        assert now is not None and str(now) == "INDETERMINATE/REVOKED_NO_POE (revoked)"
        ((_, after),) = files_of(archive, doc_code(5))
        assert after is not None and after.bottom_line == "INDETERMINATE"
        assert after.claimed_by is None
        event = events_of(archive, doc_code(5))[-1]
        assert event.event_type == "validation"
        assert "CHANGED" in event.detail and event.outcome == "warning"
        assert "REVOKED_NO_POE" in event.outcome_detail
        assert archive.verify_audit().ok
        again = run(archive, LATER_THAT_DAY + timedelta(hours=1))
        assert again.results == []  # validated just now: not due


# --------------------------------------------------------------------------- renewal


def test_renewal_moves_the_horizon_or_is_refused(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    with open_home(home, pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 6, pdfs.bt))
        (augmented,) = run(archive, AN_HOUR_LATER).results
        assert augmented.horizon == "2035-12-31"  # SHA-256 and P-256 sunset first
        oid = object_id(archive, 6)
        # 2034: within the margin, but a new timestamp with the same algorithms ends no later.
        (refused,) = run(archive, datetime(2034, 6, 1, tzinfo=UTC)).results
        assert (refused.item.action, refused.done) == ("renew", "failed")
        assert "would not move the protection horizon (2035-12-31 → 2035-12-31" in refused.message
        assert "sha256 / ecdsa-secp256r1" in refused.message
        assert archive.ocfl.inventory(oid)["head"] == "v2"
        _, (copy, validation) = files_of(archive, doc_code(6))
        assert validation is not None and validation.claimed_by is None
    # The table is reviewed (longer sunsets): the horizon is now the TSA certificate (2045).
    monkeypatch.setitem(DEFAULT_CRYPTO_SUITE, "sha256", "2060-12-31")
    monkeypatch.setitem(DEFAULT_CRYPTO_SUITE, "ecdsa-secp256r1", "2060-12-31")
    with open_home(home, pki, tsa_url=pki.tsa_url("tsa2")) as archive:
        report = run(archive, datetime(2044, 6, 1, tzinfo=UTC))
        (renewed,) = report.results
        assert (renewed.item.action, renewed.done, renewed.after) == (
            "renew",
            "renewed",
            "TOTAL_PASSED",
        )
        assert (renewed.item.horizon, renewed.horizon) == ("2035-12-31", "2060-12-31")
        assert renewed.version == "v3"
        assert read(archive, oid, copy.path).startswith(read(archive, oid, copy.path, "v2"))
        assert read(archive, oid, copy.path, "v2").startswith(pdfs.bt)
        assert read(archive, oid, original_path(6)) == pdfs.bt
        rows = files_of(archive, doc_code(6))
        assert [(f.role, f.version) for f, _ in rows] == [
            ("original", "v1"),
            ("preservation", "v2"),
            ("preservation", "v3"),
        ]
        assert [v.superseded_by if v else None for _, v in rows] == [
            rows[1][0].id,
            rows[2][0].id,
            None,
        ]
        manifest = json.loads(read(archive, oid, manifest_path(doc_code(6))))
        assert (manifest["action"], manifest["source"]) == ("renewed", copy.path)
        assert manifest["tsa"].endswith("/tsa2")
        assert archive.verify_audit().ok
        assert_valid_store(store_root(archive))


# --------------------------------------------------------------------------- crash and races


class Crash(RuntimeError):
    """The worker dies here."""


def test_a_run_killed_before_its_catalog_commit_is_completed_by_the_next(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 7, pdfs.bt))
        oid = object_id(archive, 7)
        catalog_copy, release = record.catalog_copy, planning.release

        def killed(*args: Any, **kwargs: Any) -> None:
            raise Crash("killed after publishing the version")

        monkeypatch.setattr(record, "catalog_copy", killed)
        monkeypatch.setattr(planning, "release", lambda *a: None)  # a dead worker cleans nothing
        with pytest.raises(Crash):
            run(archive, AN_HOUR_LATER)
        monkeypatch.setattr(record, "catalog_copy", catalog_copy)
        monkeypatch.setattr(planning, "release", release)
        assert archive.ocfl.inventory(oid)["head"] == "v2"  # published, not catalogued
        assert [f.role for f, _ in files_of(archive, doc_code(7))] == ["original"]
        # The dead worker's claim holds for preserve_claim_minutes: nobody else takes the file.
        held = run(archive, AN_HOUR_LATER + timedelta(minutes=5))
        assert (held.planned, held.results) == ([], [])
        claim = archive.settings.preserve_claim_minutes
        resumed = run(archive, AN_HOUR_LATER + timedelta(minutes=claim + 1))
        (result,) = resumed.results
        assert (result.done, result.version) == ("augmented", "v2")
        assert "adopted" in result.message
        assert archive.ocfl.inventory(oid)["head"] == "v2"  # no second version
        rows = files_of(archive, doc_code(7))
        assert [(f.role, f.version) for f, _ in rows] == [
            ("original", "v1"),
            ("preservation", "v2"),
        ]
        assert rows[0][1] is not None and rows[0][1].superseded_by == rows[1][0].id
        assert rows[1][1] is not None and rows[1][1].pades_level == "B-LTA"
        types = [e.event_type for e in events_of(archive, doc_code(7))]
        assert types.count("digital signature generation") == 1
        assert run(archive, AN_HOUR_LATER + timedelta(minutes=claim + 2)).results == []
        assert archive.verify_audit().ok
        assert_valid_store(store_root(archive))


def test_a_failed_catalog_commit_is_adopted_by_the_next_run(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive error (e.g. the database went away) fails the item and releases it."""
    from archive.errors import Unavailable

    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 8, pdfs.bt))
        catalog_copy = record.catalog_copy
        calls = {"n": 0}

        def flaky(*args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise Unavailable("catalog database error: gone")
            catalog_copy(*args, **kwargs)

        monkeypatch.setattr(record, "catalog_copy", flaky)
        (failed,) = run(archive, AN_HOUR_LATER).results
        assert (failed.done, failed.message) == ("failed", "catalog database error: gone")
        (adopted,) = run(archive, AN_HOUR_LATER + timedelta(minutes=1)).results
        assert (adopted.done, adopted.version) == ("augmented", "v2")
        assert archive.ocfl.inventory(object_id(archive, 8))["head"] == "v2"
        assert len(files_of(archive, doc_code(8))) == 2


def test_another_writer_taking_the_version_number_is_overtaken(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another document of the dossier published v2 between our read and our publish."""
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 9, pdfs.bt))
        oid = object_id(archive, 9)
        store = archive.ocfl.store
        publish = store.publish_tree
        raced = {"done": False}

        def racing(staged: Path, prefix: str, **kw: Any) -> None:
            if not raced["done"]:
                raced["done"] = True
                OcflRoot(store).add_version(
                    oid,
                    tmp_path / "other-worker",
                    {"metadata/other.json": b"{}"},
                    created="2026-11-20T04:00:00Z",
                    message="other worker",
                    user_name="other",
                    user_address="urn:other",
                )
            publish(staged, prefix, **kw)

        monkeypatch.setattr(store, "publish_tree", racing)
        (result,) = run(archive, AN_HOUR_LATER).results
        assert (result.done, result.version) == ("augmented", "v3")
        inventory = archive.ocfl.inventory(oid)
        assert inventory["versions"]["v2"]["message"] == "other worker"
        copy = copy_path(original_path(9))
        assert copy not in stored_paths(archive, oid, "v2")
        assert {copy, "metadata/other.json"} <= set(stored_paths(archive, oid, "v3"))
        (_, (row, _)) = files_of(archive, doc_code(9))
        assert (row.version, row.content_path) == ("v3", f"v3/content/{copy}")
        with unit_of_work(archive.sessions) as session:
            dossier = session.scalar(select(Dossier).where(Dossier.object_id == oid))
            assert dossier is not None and dossier.object_version == "v3"
        assert_valid_store(store_root(archive))


# --------------------------------------------------------------------------- no TSA


def test_without_a_tsa_augmentation_fails_plainly_and_nothing_is_done(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    with open_home(home, pki) as archive:
        ingest(archive, package(tmp_path, 10, pdfs.bt))
        before = snapshot(home)
        report = run(archive, AN_HOUR_LATER)
        (failed,) = report.failed
        assert (failed.item.doc_code, failed.item.action) == (doc_code(10), "augment")
        assert "ARCHIVE_TSA_URL" in failed.message
        assert report.as_dict()["failed"][0]["message"] == failed.message
        assert snapshot(home) == before  # no version, no claim, no event


def test_a_copy_that_validates_worse_is_not_stored(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E.g. this host's clock is behind the TSA's: the new timestamp looks like the future."""
    validate = copies.validate_pdf

    def behind(path: Path, cfg: Any, *, name: str | None = None) -> Any:
        with freeze_time(AN_HOUR_LATER, tick=True):  # 30 s before the new timestamp
            return validate(path, cfg, name=name)

    monkeypatch.setattr(copies, "validate_pdf", behind)
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa")) as archive:
        ingest(archive, package(tmp_path, 11, pdfs.bt))
        (failed,) = run(archive, AN_HOUR_LATER + timedelta(seconds=30)).results
        assert failed.done == "failed"
        assert "the augmented copy validates INDETERMINATE (was TOTAL_PASSED" in failed.message
        assert "NO_POE" in failed.message and "clock" in failed.message
        assert failed.message.endswith("not stored")
        assert archive.ocfl.inventory(object_id(archive, 11))["head"] == "v1"
        ((_, validation),) = files_of(archive, doc_code(11))
        assert validation is not None and validation.claimed_by is None


def test_a_new_version_on_s3_is_locked_until_its_dossier_may_go(
    pki: TestPki, pdfs: Pdfs, tmp_path: Path, s3_settings: Settings
) -> None:
    """The preservation copy's bytes are locked as long as the dossier's retention (2024 + 10
    years), not for the store's horizon: a lock past the retention would stop the disposal."""
    s3 = {k: getattr(s3_settings, k) for k in S3_KEYS}
    with open_home(tmp_path / "home", pki, tsa_url=pki.tsa_url("tsa"), **s3) as archive:
        # On the real clock: S3 refuses requests signed at a frozen time days away.
        accepted = archive.ingest(package(tmp_path, 1, pdfs.bt, maintenance="06"), LAN)
        assert accepted.status == "accepted", accepted.report.as_dict()
        report = preserve.run(archive, agent=LAN)
        assert [r.done for r in report.results] == ["augmented"], report.as_dict()
        oid = object_id(archive, 1)
        inventory = archive.ocfl.inventory(oid)
        assert inventory["head"] == "v2"
        store = archive.ocfl.store
        assert isinstance(store, S3ObjectStore)
        base = object_path(oid)
        new_keys = list(store.iter_keys(f"{base}/v2"))
        assert new_keys
        for key in new_keys:
            until = store.retention(key)
            assert until is not None, key
            assert until.astimezone(UTC) == datetime(2034, 12, 31, 17, tzinfo=UTC), key
