"""``archive demo`` on a fresh home: signatures that really validate, and a harmless second run.

The demo writes ``<home>/archive.toml`` trusting its own root, so the ordinary validator (no
special case for the demo) gives TOTAL_PASSED for every signature and document timestamp,
offline. Its packages are made once and reused, so running it again only reports them as
already archived. The rest of the complete demo home (replica, TSA, accounts, trusting the
demo root from another home) is tested in test_demo_home.py. One demo home is shared by the
module (the first run costs a few seconds).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from archive.bootstrap import open_archive
from archive.config import load_settings
from archive.signatures.step import signature_dir
from tests.support.cli import run

SIPS = Path("demo-pki") / "sips"


def cli(home: Path, *args: str) -> Result:
    """``archive --home HOME ARGS`` (ARCHIVE_HOME is put back afterwards)."""
    return run(home, *args, env={"ARCHIVE_HOME": str(home)})


def cli_json(home: Path, *args: str) -> tuple[int, Any]:
    result = cli(home, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


def digests(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def cached_zips(home: Path) -> list[Path]:
    return sorted((home / SIPS).glob("*.zip"))


def stored_reports(home: Path) -> dict[str, dict[str, Any]]:
    """Every signature report stored in the AIPs, by docCode."""
    reports: dict[str, dict[str, Any]] = {}
    with open_archive(load_settings(home=home)) as archive:
        for object_id in archive.ocfl.iter_object_ids():
            inventory = archive.ocfl.inventory(object_id)
            state = inventory["versions"][inventory["head"]]["state"]
            for path in (p for paths in state.values() for p in paths):
                if path.startswith(signature_dir("")) and path.endswith("/report.json"):
                    with archive.ocfl.open_logical(object_id, path) as fh:
                        reports[path.split("/")[-2]] = json.load(fh)
    return reports


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    home = tmp_path_factory.mktemp("demo") / "home"  # does not exist yet
    return home, cli(home, "demo")


def test_fresh_demo_accepts_everything(demo: tuple[Path, Result]) -> None:
    _, result = demo
    assert result.exit_code == 0, result.output
    assert result.stdout.count("đã tiếp nhận") == 4
    assert "archive.toml" in flat(result.stdout)
    assert result.stderr == ""  # no untrusted-root note, no pyHanko warnings


def test_archive_toml_trusts_the_demo_root_and_says_why(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    text = (home / "archive.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)
    # The archive's own demo certificate, which signs certified copies (docs/use.md), and the
    # CRLs its signature embeds.
    pki = (home / "demo-pki").resolve()
    assert Path(config.pop("archive_signing_key")).parent == pki / "signers"
    assert Path(config.pop("archive_signing_cert")).name.startswith("organisation-luu-tru-co-quan")
    assert config.pop("archive_signing_chain") == [str(pki / "intermediate.cert.pem")]
    assert config.pop("archive_signing_crls") == [
        str(pki / "crl" / "root.crl"),
        str(pki / "crl" / "intermediate.crl"),
    ]

    assert config == {
        "trust_roots": [str((home / "demo-pki" / "root.cert.pem").resolve())],
        "signature_fetch": False,
        "secret_records": "isolated",
        "tsa_url": f"demo-tsa:{(home / 'demo-pki').resolve()}",
        "replica_backend": "local",
        "replica_root": str((home / "replica").resolve()),
        "backup_backend": "local",
        "backup_root": str((home / "backups").resolve()),
    }
    header = text.split("trust_roots =", 1)[0]
    assert header.startswith("# Written by `archive demo`")
    for words in ("production", "NEAC", "Ban Cơ yếu"):
        assert words in header, words
    comments = text.split("signature_fetch = false", 1)[1]
    assert "RFC 3161" in comments and "another disk or site" in comments
    assert "archive copy certify" in comments and "passphrase" in comments


def test_every_signature_and_timestamp_is_total_passed(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    reports = stored_reports(home)

    assert len(reports) == 11  # the PDFs: 12 documents, one of them a CSV table
    for doc_code, report in reports.items():
        assert report["bottom_line"] == "TOTAL_PASSED", doc_code
        kinds = [(s["kind"], s["pades_level"], s["status"]) for s in report["signatures"]]
        assert kinds == [
            ("personal", "B-LTA", "TOTAL_PASSED"),
            ("organisation", "B-LTA", "TOTAL_PASSED"),
            ("timestamp", "DocTimeStamp", "TOTAL_PASSED"),
        ], doc_code
        assert report["nd30"] == {"personal": True, "organisation": True}, doc_code
        assert report["trust_roots"] and "Demo Root CA" in report["trust_roots"][0]


def test_show_has_no_signature_findings(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    code, rows = cli_json(home, "ls")
    assert code == 0 and len(rows) == 4
    for row in rows:
        code, dossier = cli_json(home, "show", row["arcFileCode"])
        assert code == 0
        checks = [e for e in dossier["events"] if e["detail"].startswith("Xác thực chữ ký số")]
        assert checks, row["arcFileCode"]
        for event in checks:
            assert event["outcome"] == "success"
            assert event["detail"].endswith(": TOTAL_PASSED")
        assert "SIG00" not in json.dumps(dossier)


def test_demo_prints_the_signature_counts(demo: tuple[Path, Result]) -> None:
    _, result = demo
    out = flat(result.stdout)
    assert "Chữ ký số" in out
    assert out.count("│ 6/6 │ 3/3 │ 0 │ 3/3 │") == 3
    assert out.count("│ 4/4 │ 2/2 │ 0 │ 2/2 │") == 1


def test_plain_ingest_of_the_demo_packages_has_no_signature_findings(
    demo: tuple[Path, Result], tmp_path: Path
) -> None:
    home, _ = demo
    other = tmp_path / "other"
    root = home / "demo-pki" / "root.cert.pem"
    assert cli(other, "init", "--trust-demo-root", str(root)).exit_code == 0

    package = min(cached_zips(home), key=lambda p: p.stat().st_size)
    code, results = cli_json(other, "ingest", str(package))

    assert code == 0
    (result,) = results
    assert result["status"] == "accepted"
    assert [f for f in result["findings"] if f["code"].startswith("SIG")] == []


def test_second_demo_is_harmless(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    _, rows = cli_json(home, "ls")
    config = (home / "archive.toml").read_bytes()
    packages = digests(cached_zips(home))

    second = cli(home, "demo")

    assert second.exit_code == 0, second.output
    assert second.stdout.count("đã có, không lưu") == 4  # the table wraps "lại"
    assert "đã có trong kho từ lần chạy trước" in flat(second.stdout)
    assert "archive.toml" not in second.stdout  # not written again
    assert (home / "archive.toml").read_bytes() == config
    assert digests(cached_zips(home)) == packages
    assert cli_json(home, "ls")[1] == rows
    assert cli(home, "audit", "verify").exit_code == 0


def test_sips_only_copies_the_cached_packages(demo: tuple[Path, Result], tmp_path: Path) -> None:
    home, _ = demo
    out = tmp_path / "samples"

    result = cli(home, "demo", "--sips-only", str(out))

    assert result.exit_code == 0, result.output
    copies = sorted(out.glob("*.zip"))
    assert digests(copies) == digests(cached_zips(home))
    code, results = cli_json(home, "ingest", *map(str, copies))
    assert code == 0
    assert [r["status"] for r in results] == ["duplicate"] * 4


def test_existing_config_without_the_demo_root_is_kept_and_flagged(
    demo: tuple[Path, Result], tmp_path: Path
) -> None:
    home, _ = demo
    other = tmp_path / "other"
    shutil.copytree(home / "demo-pki", other / "demo-pki")  # same root: the cache is reused
    config = other / "archive.toml"
    config.write_text("signature_fetch = false\n", encoding="utf-8")

    result = cli(other, "demo", "--sips-only", str(tmp_path / "samples"))

    assert result.exit_code == 0, result.output
    assert config.read_text(encoding="utf-8") == "signature_fetch = false\n"
    note = flat(result.stderr)
    assert "INDETERMINATE" in note
    assert str((other / "demo-pki" / "root.cert.pem").resolve()) in "".join(note.split())
