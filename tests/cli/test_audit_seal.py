"""``archive audit seal`` and ``archive audit verify --from-storage`` on a real home with a
local replica (in-process CLI): the sealed log is replicated, fixity-checked and verifies in
each store without the catalog (issue #22 part 1)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run
from tests.support.sips import write_zip

ENV = {"ARCHIVE_REPLICA_BACKEND": "local", "ARCHIVE_REPLICATION": "deferred"}


def test_seal_replicate_fixity_and_verify_from_storage(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**ENV, "ARCHIVE_REPLICA_ROOT": str(tmp_path / "replica")}
    assert run(home, "init", env=env).exit_code == 0
    assert run(home, "ingest", str(write_zip(tmp_path, 1)), env=env).exit_code == 0

    # The ingest sealed the log when it ended: nothing is left but the seal's own event.
    again = run(home, "audit", "seal", env=env)
    assert again.exit_code == 0 and "không có gì để niêm phong" in again.output
    assert json.loads(run(home, "audit", "seal", "--json", env=env).stdout) is None
    events = json.loads(run(home, "info", "--json", env=env).stdout)["counts"]["events"]

    copied = run(home, "replicate", "--json", env=env)
    assert copied.exit_code == 0, copied.output
    assert json.loads(copied.stdout)["copied"] == 1  # the dossier: the seal copied the log
    assert run(home, "storage", "verify", env=env).exit_code == 0
    fixity = json.loads(run(home, "fixity", "run", "--json", env=env).stdout)
    assert {r["store"]: r["objects"] for r in fixity["runs"]} == {"local": 2, "replica": 2}

    verified = run(home, "audit", "verify", "--from-storage", "--json", env=env)
    assert verified.exit_code == 0, verified.output
    stores = {r["store"]: r for r in json.loads(verified.stdout)}
    assert set(stores) == {"local", "replica"}
    for report in stores.values():
        assert report["ok"] and report["head_seq"] == report["checked"]
        assert report["head_seq"] >= events - 1  # all but the last seal's own event
        assert report["catalog_agrees"] is True
    text = run(home, "--lang", "en", "audit", "verify", "--from-storage", env=env)
    assert "intact" in text.output and "The catalog holds the same event" in text.output
