"""Originals already held are flagged at ingest (DUP002, never a refusal) and listed by
``archive duplicates`` (archive/catalog/duplicates.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run, run_json


def _package(tmp: Path, n: int, contents: list[bytes]) -> Path:
    sip = sips.sip_input(n, docs=len(contents))
    docs = [replace(d, content=c) for d, c in zip(sip.documents, contents, strict=True)]
    folder = write_sip(
        replace(sip, documents=docs),
        tmp / f"tree-{n}",
        objid=f"uuid-00000000-0000-4000-8000-{n:012d}",
        created=sips.CREATED,
    )
    return zip_tree(folder, tmp / f"sip-{n}.zip")


def test_held_files_are_flagged_and_listed(tmp_path: Path, catalog_url: str) -> None:
    home = tmp_path / "home"
    a, b, c = (sips.pdf_bytes(seed) for seed in (11, 12, 13))
    with open_archive(load_settings(home=home, database_url=catalog_url), create=True) as archive:
        first = archive.ingest(_package(tmp_path, 1, [a, b]), person_agent("lan"))
        assert first.status == "accepted"
        assert not [f for f in first.report.findings if f.code == "DUP002"]
        second = archive.ingest(_package(tmp_path, 2, [b, c, c]), person_agent("lan"))
    assert second.status == "accepted"
    flagged = {f.path: f for f in second.report.findings if f.code == "DUP002"}
    assert all(f.severity == "warning" for f in flagged.values())
    held, again = sorted(flagged)
    assert held.endswith(".1.pdf") and f"{sips.file_code(1)}.0000002" in flagged[held].message_vi
    assert again.endswith(".3.pdf") and f"{sips.file_code(2)}.0000002" in flagged[again].message_en
    env = {"ARCHIVE_DATABASE_URL": catalog_url}
    result = run(home, "duplicates", "--json", env=env)
    assert result.exit_code == 0
    groups = json.loads(result.stdout)
    assert [g["count"] for g in groups] == [2, 2]
    by_doc = {tuple(sorted(c["docCode"] for c in g["copies"])) for g in groups}
    assert by_doc == {
        (f"{sips.file_code(1)}.0000002", f"{sips.file_code(2)}.0000001"),
        (f"{sips.file_code(2)}.0000002", f"{sips.file_code(2)}.0000003"),
    }
    table = run(home, "duplicates", env=env)
    assert table.exit_code == 0 and "2 nhóm" in table.stdout


def test_no_duplicates_is_an_empty_list(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_archive(load_settings(home=home), create=True) as archive:
        archive.ingest(_package(tmp_path, 1, [sips.pdf_bytes(1)]), person_agent("lan"))
    assert run_json(home, "duplicates") == (0, [])
