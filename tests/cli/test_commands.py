"""The ``archive`` command line, end to end and in-process: real archive homes, real packages.

Most flows run on SQLite against one archive home shared by the module (two packages ingested
once); the key flows run again on PostgreSQL through ``catalog_url``. Every invocation passes
``--home`` (and ``ARCHIVE_HOME`` to the runner, so that the value the CLI writes into the
environment is put back afterwards).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import Result

from tests.support.cli import run
from tests.support.production import copies_env
from tests.support.sips import file_code, write_folder, write_zip

AGENCY = "000.00.00.H99"  # the development default of ARCHIVE_AGENCY_CODE


# --------------------------------------------------------------------------- helpers


def cli(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``archive --home HOME ARGS`` (Rich tables are 80 columns wide here: long codes fold)."""
    return run(home, *args, env={"ARCHIVE_HOME": str(home), **(env or {})})


def cli_json(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any]:
    """Run with ``--json``; the exit code and the decoded stdout."""
    result = cli(home, *args, "--json", env=env)
    return result.exit_code, json.loads(result.stdout)


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Output without any whitespace (for long tokens Rich may break anywhere)."""
    return "".join(text.split())


def doc_code(n: int, i: int) -> str:
    return f"{file_code(n)}.{i:07d}"


def arc_code(n: int) -> str:
    return f"{AGENCY}.{file_code(n)}"


def original_pdf(sip_zip: Path, n: int, i: int) -> bytes:
    """The bytes of document ``i`` exactly as they were put into the SIP zip."""
    with zipfile.ZipFile(sip_zip) as zf:
        (name,) = [m for m in zf.namelist() if m.endswith(f"/data/{file_code(n)}.{i}.pdf")]
        return zf.read(name)


def event_types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


@dataclass(frozen=True)
class Packages:
    """Two valid zipped SIPs (dossiers 1 and 2) and one folder SIP that must be refused."""

    good: tuple[Path, Path]
    bad: Path


@dataclass(frozen=True)
class Archived:
    """An archive home holding dossiers 1 and 2, and how their ingest went."""

    home: Path
    ingest_exit: int
    ingest: list[dict[str, Any]]


@pytest.fixture(scope="module", autouse=True)
def _clean_environment() -> Iterator[None]:
    """No ARCHIVE_* setting of the calling shell leaks into these tests."""
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("ARCHIVE_")]:
            mp.delenv(key)
        yield


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Packages:
    base = tmp_path_factory.mktemp("sips")
    good = (write_zip(base, 1), write_zip(base, 2))
    bad = write_folder(base / "bad", 3)
    pdf = next(bad.rglob(f"{file_code(3)}.1.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"tampered")  # METS checksum no longer matches
    return Packages(good, bad)


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory, packages: Packages) -> Archived:
    home = tmp_path_factory.mktemp("archived") / "home"
    assert cli(home, "init").exit_code == 0
    code, results = cli_json(home, "ingest", *map(str, packages.good))
    return Archived(home, code, results)


# --------------------------------------------------------------------------- init, info


def test_init_then_info_on_an_empty_archive(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = cli(home, "init")
    assert result.exit_code == 0, result.output
    assert f"Đã tạo kho lưu trữ tại {home.resolve()}" in flat(result.output)

    code, info = cli_json(home, "info")
    assert code == 0
    root = Path(info["storage"]["root"])
    assert root.is_dir()
    assert (root / "0=ocfl_1.1").is_file()
    assert root == (home / "store").resolve()
    assert info["home"] == str(home.resolve())
    assert info["catalog"]["backend"] == "sqlite"
    assert info["catalog"]["revision"]
    assert info["storage"]["backend"] == "local"
    assert info["storage"]["objects"] == 0
    assert info["counts"] == {"dossiers": 0, "documents": 0, "files": 0, "bytes": 0, "events": 0}

    again = cli(home, "init")  # idempotent
    assert again.exit_code == 0, again.output
    human = cli(home, "info")
    assert human.exit_code == 0
    # Labelled in the interface language, not the JSON keys: "Số lượng" (counts).
    assert "Số lượng" in human.stdout and "sqlite" in human.stdout
    assert "counts" not in human.stdout and "{" not in human.stdout


def test_home_option_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("ARCHIVE_HOME", str(elsewhere))  # put back after the test
    result = run(tmp_path / "home", "init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "store" / "0=ocfl_1.1").is_file()
    assert not elsewhere.exists()


def test_info_counts_after_two_packages(archived: Archived) -> None:
    code, info = cli_json(archived.home, "info")
    assert code == 0
    counts = info["counts"]
    assert counts["dossiers"] == 2
    assert counts["documents"] == 4
    assert counts["files"] > 0 and counts["bytes"] > 0
    assert counts["events"] > 0
    assert info["storage"]["objects"] == 3  # the two dossiers and the sealed audit log


# --------------------------------------------------------------------------- ingest


def test_ingest_json_accepts_both_packages(archived: Archived) -> None:
    assert archived.ingest_exit == 0
    assert [r["status"] for r in archived.ingest] == ["accepted", "accepted"]
    assert [r["file_code"] for r in archived.ingest] == [file_code(1), file_code(2)]
    assert [r["arc_file_code"] for r in archived.ingest] == [arc_code(1), arc_code(2)]
    assert all(r["documents"] == 2 and r["ok"] for r in archived.ingest)


def test_ingest_prints_a_summary_table(tmp_path: Path, packages: Packages) -> None:
    home = tmp_path / "home"
    cli(home, "init")
    result = cli(home, "ingest", *map(str, packages.good))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kết quả nộp lưu" in out
    for n, sip in ((1, packages.good[0]), (2, packages.good[1])):
        row = next(line for line in out.splitlines() if sip.name in line)
        assert file_code(n) in row and "đã tiếp nhận" in row
    assert "2/2 gói được tiếp nhận." in out

    again = cli(home, "ingest", str(packages.good[0]))  # same package again: harmless
    assert again.exit_code == 0, again.output
    assert "đã có, không lưu lại" in again.stdout
    assert "0/1 gói được tiếp nhận, 1 gói đã có trong kho (không lưu lại)." in again.stdout


def test_refused_and_accepted_together(tmp_path: Path, packages: Packages) -> None:
    home = tmp_path / "home"
    cli(home, "init")
    result = cli(home, "ingest", str(packages.bad), str(packages.good[0]))
    assert result.exit_code == 1
    out = result.stdout
    assert "bị từ chối" in out and "đã tiếp nhận" in out
    assert "FIX001" in out  # the findings table of the refused package
    assert "1/2 gói được tiếp nhận, 1 gói bị từ chối." in out

    code, rows = cli_json(home, "ls")
    assert code == 0
    assert [r["fileCode"] for r in rows] == [file_code(1)]
    code, info = cli_json(home, "info")
    assert info["storage"]["objects"] == 2  # the dossier and the sealed audit log

    code, results = cli_json(home, "ingest", str(packages.bad))
    assert code == 1
    assert results[0]["status"] == "refused"
    assert {f["code"] for f in results[0]["findings"]} >= {"FIX001"}


# --------------------------------------------------------------------------- ls, show


def test_ls_lists_both_dossiers(archived: Archived) -> None:
    code, rows = cli_json(archived.home, "ls")
    assert code == 0
    by_code = {r["fileCode"]: r for r in rows}
    assert set(by_code) == {file_code(1), file_code(2)}
    for n in (1, 2):
        row = by_code[file_code(n)]
        assert row["title"] == f"Hồ sơ giao đất năm 2024 (số {n})"
        assert row["maintenance"] == "01"
        assert row["mode"] == "01"
        assert row["arcFileCode"] == arc_code(n)
        assert row["totalDoc"] == 2

    human = cli(archived.home, "ls")
    assert human.exit_code == 0
    assert "Hồ sơ lưu trữ" in human.stdout
    assert "Vĩnh viễn" in human.stdout and "Công khai" in human.stdout


def test_show_dossier_by_file_code_and_by_arc_file_code(archived: Archived) -> None:
    code, data = cli_json(archived.home, "show", file_code(1))
    assert code == 0
    assert data["fileCode"] == file_code(1)
    assert data["arcFileCode"] == arc_code(1)
    docs = data["documents"]
    assert [d["docCode"] for d in docs] == [doc_code(1, 1), doc_code(1, 2)]
    assert [d["docOrdinal"] for d in docs] == [1, 2]
    first = docs[0]
    assert first["codeNumber"] == "101"
    assert first["codeNotation"] == "QĐ-UBND"
    assert first["issuedDate"] == "01/03/2024"
    assert first["subject"].startswith("Quyết định về việc giao đất đợt 1")
    assert first["signerFullName"] == "Nguyễn Văn An"
    (pdf,) = first["files"]
    assert pdf["sha256"] == hashlib.sha256(original_pdf(archived_zip(archived), 1, 1)).hexdigest()
    types = event_types(data["events"])
    assert {"ingestion", "validation", "fixity check"} <= set(types)
    assert [e["seq"] for e in data["events"]] == sorted(e["seq"] for e in data["events"])

    code, by_arc = cli_json(archived.home, "show", arc_code(1))
    assert code == 0
    assert by_arc == data

    human = cli(archived.home, "show", file_code(1))
    assert human.exit_code == 0
    assert "Mục lục văn bản" in human.stdout
    assert "101/QĐ-UBND" in human.stdout and "102/QĐ-UBND" in human.stdout


def archived_zip(archived: Archived) -> Path:
    """The zip dossier 1 was ingested from."""
    return Path(archived.ingest[0]["source"])


def test_show_document_by_doc_code(archived: Archived) -> None:
    code, data = cli_json(archived.home, "show", doc_code(2, 2))
    assert code == 0
    assert data["docCode"] == doc_code(2, 2)
    assert data["docOrdinal"] == 2
    assert data["dossier"] == arc_code(2)
    assert "documents" not in data
    assert isinstance(data["events"], list)


def test_show_unknown_code(archived: Archived) -> None:
    result = cli(archived.home, "show", "000.00.00.H49.1999.99.XX")
    assert result.exit_code == 1
    assert "không có hồ sơ hay tài liệu mã 000.00.00.H49.1999.99.XX" in flat(result.stderr)
    assert result.stdout == ""


# --------------------------------------------------------------------------- get


def test_get_writes_the_original_bytes_and_logs_it(archived: Archived, tmp_path: Path) -> None:
    code = doc_code(2, 1)
    before = event_types(cli_json(archived.home, "show", code)[1]["events"])
    out = tmp_path / "out.pdf"
    result = cli(archived.home, "get", code, "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = original_pdf(Path(archived.ingest[1]["source"]), 2, 1)
    assert out.read_bytes() == expected
    assert f"Đã ghi {len(expected)} byte" in flat(result.stdout)
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no partial file left

    exit_code, data = cli_json(archived.home, "show", code)
    assert exit_code == 0
    after = event_types(data["events"])
    assert after.count("dissemination") == before.count("dissemination") + 1
    assert data["events"][-1]["type"] == "dissemination"
    assert data["events"][-1]["outcome"] == "success"
    assert code in data["events"][-1]["detail"]


def test_get_unknown_document_writes_nothing(archived: Archived, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = cli(archived.home, "get", f"{file_code(1)}.0000099", "-o", str(out))
    assert result.exit_code == 1
    assert f"{file_code(1)}.0000099" in flat(result.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("target", ["missing/out.pdf", "folder"])
def test_get_to_an_unusable_output_path_fails_cleanly(
    archived: Archived, tmp_path: Path, target: str
) -> None:
    (tmp_path / "folder").mkdir()
    result = cli(archived.home, "get", doc_code(1, 1), "-o", str(tmp_path / target))
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["folder"]


# --------------------------------------------------------------------------- audit


def test_audit_verify_intact(archived: Archived) -> None:
    result = cli(archived.home, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "Chuỗi nhật ký toàn vẹn" in result.stdout

    english = cli(archived.home, "--lang", "en", "audit", "verify")
    assert english.exit_code == 0
    assert "Audit chain intact" in english.stdout

    code, report = cli_json(archived.home, "audit", "verify")
    assert code == 0
    assert report["ok"] is True
    assert report["first_broken_seq"] is None
    assert report["checked"] == report["head_seq"] > 0


def test_audit_verify_names_an_edited_event(archived: Archived, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(archived.home, home)
    db = sqlite3.connect(home / "catalog.sqlite3")
    try:
        with pytest.raises(sqlite3.DatabaseError):  # the append-only trigger holds…
            db.execute("UPDATE events SET detail='x' WHERE seq=2")
        # …until an attacker with the rights of the database owner removes it.
        db.execute("DROP TRIGGER events_no_update")
        db.execute("UPDATE events SET detail='x' WHERE seq=2")
        db.commit()
    finally:
        db.close()

    result = cli(home, "audit", "verify")
    assert result.exit_code == 1
    assert "Chuỗi nhật ký bị phá vỡ tại sự kiện 2 " in flat(result.stdout)

    english = cli(home, "--lang", "en", "audit", "verify")
    assert english.exit_code == 1
    assert "Audit chain broken at event 2 " in flat(english.stdout)

    code, report = cli_json(home, "audit", "verify")
    assert code == 1
    assert report["ok"] is False
    assert report["first_broken_seq"] == 2
    assert report["first_broken_event"].startswith("urn:uuid:")


# --------------------------------------------------------------------------- usage, language


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["nonsense"], id="unknown-command"),
        pytest.param(["audit", "nonsense"], id="unknown-sub-command"),
        pytest.param(["show"], id="show-without-code"),
        pytest.param(["ingest"], id="ingest-without-paths"),
        pytest.param(["get", "X"], id="get-without-output"),
        pytest.param(["ls", "--bogus"], id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    home = tmp_path / "home"
    result = cli(home, *args)
    assert result.exit_code == 2, result.output
    assert "Cách dùng:" in result.output  # the interface language (test_usage_errors.py)
    assert not home.exists()


def test_version(tmp_path: Path) -> None:
    result = cli(tmp_path / "home", "--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"archive \d+\.\d+\.\d+\S*", result.stdout.strip())


def test_db_upgrade_and_check(archived: Archived) -> None:
    upgrade = cli(archived.home, "db", "upgrade")
    assert upgrade.exit_code == 0, upgrade.output
    assert "Danh mục ở phiên bản lược đồ" in upgrade.stdout
    check = cli(archived.home, "db", "check")
    assert check.exit_code == 0, check.output
    assert "khớp với mô hình" in check.stdout


def test_get_without_output_names_the_option(tmp_path: Path) -> None:
    result = cli(tmp_path / "home", "get", "X")
    assert result.exit_code == 2
    assert "--output" in result.output


def test_language_switch(archived: Archived) -> None:
    unknown = "000.00.00.H49.1999.99.XX"
    vi = cli(archived.home, "show", unknown)
    en = cli(archived.home, "--lang", "en", "show", unknown)
    env_en = cli(archived.home, "show", unknown, env={"ARCHIVE_LANG": "en"})
    assert "Lỗi:" in vi.stderr and "không có hồ sơ" in vi.stderr
    for result in (en, env_en):
        assert result.exit_code == 1
        assert "Error:" in result.stderr
        assert f"no dossier or document with code {unknown}" in flat(result.stderr)

    human = cli(archived.home, "--lang", "en", "ls")
    assert "Archived dossiers" in human.stdout and "Title" in human.stdout


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "args",
    [["ls"], ["info"], ["show", "X"], ["get", "X", "-o", "out.pdf"], ["audit", "verify"]],
    ids=lambda a: a[0],
)
def test_uninitialised_home_asks_for_init(tmp_path: Path, args: list[str]) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    result = cli(home, *args)
    assert result.exit_code == 1
    assert "archive init" in flat(result.stderr)
    assert list(home.iterdir()) == []  # nothing created


def test_ingest_into_uninitialised_home(tmp_path: Path, packages: Packages) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    result = cli(home, "ingest", str(packages.good[0]))
    assert result.exit_code == 1
    assert "archive init" in flat(result.stderr)
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("args", [["init"], ["ls"], ["demo"]], ids=lambda a: a[0])
def test_production_refuses_the_default_agency_code(tmp_path: Path, args: list[str]) -> None:
    home = tmp_path / "home"
    result = cli(home, *args, env={"ARCHIVE_ENVIRONMENT": "production"})
    assert result.exit_code == 1
    assert "ARCHIVE_AGENCY_CODE" in result.stderr
    assert not home.exists()


def test_production_with_an_agency_code(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        "ARCHIVE_ENVIRONMENT": "production",
        "ARCHIVE_AGENCY_CODE": "000.00.00.H49",
        **copies_env(tmp_path),
    }
    result = cli(home, "init", env=env)
    assert result.exit_code == 0, result.output
    code, info = cli_json(home, "info", env=env)
    assert code == 0 and info["environment"] == "production"
    demo = cli(home, "demo", env=env)
    assert demo.exit_code == 1
    assert "production" in demo.stderr


# --------------------------------------------------------------------------- demo


def test_demo_sips_only_then_ingest(tmp_path: Path) -> None:
    home, sips = tmp_path / "home", tmp_path / "sips"
    result = cli(home, "demo", "--sips-only", str(sips))
    assert result.exit_code == 0, result.output
    zips = sorted(sips.glob("*.zip"))
    assert len(zips) == 4
    assert [p.name[0] for p in zips] == ["1", "2", "3", "4"]
    for path in zips:
        assert str(path) in squash(result.stdout)
    # Nothing is ingested and no archive is created: the home only keeps the demo PKI, so
    # the packages of later runs are signed by the same CA.
    assert [p.name for p in home.iterdir()] == ["demo-pki"]
    refused = cli(home, "ls")
    assert refused.exit_code == 1
    assert "archive init" in flat(refused.stderr)

    assert cli(home, "init").exit_code == 0
    # A networked archive (secret_records = "refuse", the default) refuses the Mật dossier 4.
    code, results = cli_json(home, "ingest", *map(str, zips))
    assert code == 1
    assert [r["status"] for r in results] == ["accepted"] * 3 + ["refused"]
    assert {f["code"] for f in results[3]["findings"] if f["severity"] == "error"} == {"SEC001"}
    # The isolated profile accepts it (docs/secrets.md).
    isolated = {"ARCHIVE_SECRET_RECORDS": "isolated"}
    code, again = cli_json(home, "ingest", str(zips[3]), env=isolated)
    assert (code, again[0]["status"]) == (0, "accepted")


def test_demo_on_a_fresh_home_then_again(tmp_path: Path) -> None:
    home = tmp_path / "home"  # does not exist yet
    result = cli(home, "demo")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kết quả nộp lưu" in out
    assert out.count("đã tiếp nhận") == 4
    assert "Thử tiếp:" in out

    code, rows = cli_json(home, "ls")
    assert code == 0 and len(rows) == 4
    # The next steps it prints work as printed.
    match = re.search(r"archive get (\S+) -o ban-goc\.pdf", out)
    assert match is not None
    got = cli(home, "get", match.group(1), "-o", str(tmp_path / "ban-goc.pdf"))
    assert got.exit_code == 0, got.output
    assert (tmp_path / "ban-goc.pdf").read_bytes().startswith(b"%PDF-")
    shown = re.search(r"archive show (\S+)", out)
    assert shown is not None
    assert cli(home, "show", shown.group(1)).exit_code == 0

    # Running it again must be harmless: nothing added or changed, the chain intact, and
    # (expected) exit 0 with the four dossiers reported as already archived.
    second = cli(home, "demo")
    _, rows_after = cli_json(home, "ls")
    assert rows_after == rows
    verify = cli(home, "audit", "verify")
    assert verify.exit_code == 0, verify.output
    assert second.exit_code == 0, second.output
    assert second.stdout.count("đã có, không lưu") == 4


# --------------------------------------------------------------------------- both catalogs


def _tamper(url: str) -> None:
    """Edit event 2 the way a database owner could: remove the append-only guard first."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER events_no_update"))
            else:
                conn.execute(text("DROP TRIGGER events_append_only ON events"))
            conn.execute(text("UPDATE events SET detail = 'x' WHERE seq = 2"))
    finally:
        engine.dispose()


def test_key_flows_on_each_catalog(tmp_path: Path, catalog_url: str, packages: Packages) -> None:
    home = tmp_path / "home"
    env = {"ARCHIVE_DATABASE_URL": catalog_url}
    backend = "sqlite" if catalog_url.startswith("sqlite") else "postgresql"

    assert cli(home, "init", env=env).exit_code == 0
    code, info = cli_json(home, "info", env=env)
    assert code == 0
    assert info["catalog"]["backend"] == backend
    assert (Path(info["storage"]["root"]) / "0=ocfl_1.1").is_file()
    assert info["counts"]["dossiers"] == 0
    assert not (home / "catalog.sqlite3").exists()  # the catalog lives at the URL

    assert cli(home, "db", "check", env=env).exit_code == 0

    code, results = cli_json(home, "ingest", *map(str, packages.good), env=env)
    assert code == 0
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    code, info = cli_json(home, "info", env=env)
    assert info["counts"]["dossiers"] == 2 and info["counts"]["events"] > 0
    assert info["storage"]["objects"] == 3  # the two dossiers and the sealed audit log

    code, rows = cli_json(home, "ls", env=env)
    assert sorted(r["fileCode"] for r in rows) == [file_code(1), file_code(2)]
    code, dossier = cli_json(home, "show", arc_code(2), env=env)
    assert code == 0
    assert [d["docCode"] for d in dossier["documents"]] == [doc_code(2, 1), doc_code(2, 2)]
    assert {"ingestion", "validation", "fixity check"} <= set(event_types(dossier["events"]))

    out = tmp_path / "out.pdf"
    assert cli(home, "get", doc_code(2, 2), "-o", str(out), env=env).exit_code == 0
    assert out.read_bytes() == original_pdf(packages.good[1], 2, 2)
    code, document = cli_json(home, "show", doc_code(2, 2), env=env)
    assert "dissemination" in event_types(document["events"])
    assert cli(home, "show", "NOPE", env=env).exit_code == 1

    code, report = cli_json(home, "audit", "verify", env=env)
    assert code == 0 and report["ok"] is True
    _tamper(catalog_url)
    result = cli(home, "audit", "verify", env=env)
    assert result.exit_code == 1
    assert "tại sự kiện 2 " in flat(result.stdout)
    code, report = cli_json(home, "audit", "verify", env=env)
    assert code == 1
    assert report["ok"] is False and report["first_broken_seq"] == 2
