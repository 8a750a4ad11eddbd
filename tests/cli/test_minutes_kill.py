"""A real ``kill -9`` of ``archive disposal execute`` once the destruction minutes are stored,
before the catalog step: no minutes row, the list not executed; the same command then completes
the destruction and adopts the stored minutes instead of signing them again (docs/minutes.md)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.minutes.forms import Form, Procedure
from archive.minutes.service import PDF_NAME, list_minutes, minutes_object_id
from archive.retention.disposal.lists import show_list
from archive.retention.disposal.minutes import minutes_number
from tests.support.certify import signing_files
from tests.support.cli import run
from tests.support.pki import TestPki, serve_pki
from tests.support.signed import LATER_THAT_DAY, cli_process
from tests.unit.minutes import support
from tests.unit.minutes.test_procedures import _approved_list


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def test_kill_9_after_the_minutes_are_stored(pki: TestPki, tmp_path: Path) -> None:
    catalog = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    keys = signing_files(pki, tmp_path / "keys")
    env = {
        "ARCHIVE_HOME": str(tmp_path / "home"),
        "ARCHIVE_LANG": "en",
        "ARCHIVE_DATABASE_URL": catalog,
        "ARCHIVE_REPLICA_BACKEND": "local",
        "ARCHIVE_REPLICA_ROOT": str(tmp_path / "replica"),
        "ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)]),
        "ARCHIVE_ARCHIVE_SIGNING_KEY": str(keys["archive_signing_key"]),
        "ARCHIVE_ARCHIVE_SIGNING_CERT": str(keys["archive_signing_cert"]),
        "ARCHIVE_ARCHIVE_SIGNING_CHAIN": json.dumps(
            [str(p) for p in keys["archive_signing_chain"]]
        ),
        "ARCHIVE_TSA_URL": keys["tsa_url"],
    }
    with support.home(tmp_path, pki, catalog) as archive:
        listing, _code = _approved_list(archive, tmp_path)
        procedure = Procedure("disposal", listing)
        object_id = minutes_object_id(Form.DESTRUCTION_M21, procedure, minutes_number(listing))
        with freeze_time(LATER_THAT_DAY, tick=True):
            process = cli_process(
                LATER_THAT_DAY,
                env | {"ARCHIVE_FAULT": "minutes_stored:hang"},
                "disposal",
                "execute",
                listing,
                "--agent",
                "lan",
            )
            try:
                deadline = time.monotonic() + 240
                while not archive.ocfl.exists(object_id) and time.monotonic() < deadline:
                    assert process.poll() is None, process.communicate()
                    time.sleep(0.2)
                assert archive.ocfl.exists(object_id)
                time.sleep(0.5)  # at the hang: past the publish and its replica copy
            finally:
                process.kill()  # SIGKILL
                process.communicate()
        with archive.ocfl.open_logical(object_id, PDF_NAME) as fh:
            stored = fh.read()
        # Only the council's minutes (written when it concluded): the destruction's are not
        # catalogued yet.
        assert [m.form for m in list_minutes(archive)] == [Form.COUNCIL]
        assert show_list(archive, listing)[0]["status"] == "approved"

        with freeze_time(LATER_THAT_DAY, tick=True):
            done = run(tmp_path / "home", "disposal", "execute", listing, "--agent", "lan", env=env)
        assert done.exit_code == 0, done.output
        (minutes,) = [
            m for m in list_minutes(archive, procedure=procedure) if m.form is Form.DESTRUCTION_M21
        ]
        assert minutes.object_id == object_id
        with archive.ocfl.open_logical(object_id, PDF_NAME) as fh:
            assert fh.read() == stored  # adopted, not signed again
        assert show_list(archive, listing)[0]["status"] == "executed"
        assert archive.verify_audit().ok
