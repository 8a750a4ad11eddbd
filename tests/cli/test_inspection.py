"""``archive inspection`` from the command line: a plan, a run, a damaged copy found with its
storage address; refusals (no plan, a plan twice, an unknown failure, a backup set, which holds
no file's bytes, a single store) bilingual, exit 1, no traceback, nothing changed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.bootstrap import open_archive
from archive.catalog.models import Dossier
from archive.config import load_settings
from archive.db.engine import unit_of_work
from cli.output import console
from tests.support import sips
from tests.support.cli import run, snapshot
from tests.unit.holdings.conftest import content_key, damage_local


def _refused(home: Path, *args: str, vi: str, en: str) -> None:
    before = snapshot(home)
    result = run(home, "inspection", *args)
    assert result.exit_code == 1, result.output
    assert vi in result.output and en in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(home) == before


def test_plan_run_failures_and_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    for n in (1, 2):
        assert run(home, "ingest", str(sips.write_zip(tmp_path / f"p{n}", n))).exit_code == 0
    _refused(home, "show", vi="chưa có kế hoạch kiểm tra", en="no inspection plan")
    with open_archive(load_settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
        last = max(s.scalars(select(Dossier.ingested_at)))
        oid = s.scalar(select(Dossier.object_id).order_by(Dossier.id))
        assert oid is not None
        original = f"representations/rep1/data/{sips.file_code(1)}.1.pdf"
        key = content_key(archive.ocfl, oid, original)
        damage_local(archive.ocfl, key)
    year = str((datetime.fromisoformat(last) + timedelta(days=3 * 365)).year)
    made = run(home, "inspection", "plan", "--year", year, "--json")
    assert made.exit_code == 0, made.output
    plan = json.loads(made.stdout)
    assert (plan["year"], plan["holding"], plan["planned"]) == (int(year), 2, 2)
    _refused(home, "plan", "--year", year, vi="đã có kế hoạch kiểm tra", en="exists")
    other = run(home, "inspection", "plan", "--year", str(int(year) + 1))  # as a person reads it
    assert other.exit_code == 0, other.output
    assert f"Kế hoạch kiểm tra năm {int(year) + 1}: " in other.stdout
    ran = run(home, "inspection", "run", "--json")
    assert ran.exit_code == 1  # a failure was found
    found = json.loads(ran.stdout)["failures"]
    assert [(f["kind"], f["store"], f["object_id"]) for f in found] == [("fixity", "local", oid)]
    assert key.endswith(found[0]["path"]) and found[0]["version"] == "v1"
    monkeypatch.setattr(console, "width", 400)  # one line per failure, whatever the terminal
    listed = run(home, "inspection", "failures")
    assert listed.exit_code == 0 and f"local:{oid}:v1:{found[0]['path']}" in listed.stdout
    failure = json.loads(run(home, "inspection", "failures", "--json").stdout)[0]["id"]
    _refused(home, "remedy", "999", vi="không có lỗi kiểm tra số 999", en="no inspection failure")
    _refused(
        home, "remedy", str(failure), "--by", "backup", vi="không giữ nội dung tệp", en="--by copy"
    )
    _refused(home, "remedy", str(failure), vi="chỉ có một kho", en="only one store")
    shown = run(home, "inspection", "show")
    assert shown.exit_code == 0 and "Đã kiểm tra 2/2 hồ sơ; 1 có lỗi." in shown.stdout
