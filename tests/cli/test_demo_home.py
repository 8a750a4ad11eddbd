"""``archive demo`` makes a complete archive: two copies, a time-stamping authority that works
offline, one account per role, two agencies; and another home can be told to trust the demo
root (``archive init --trust-demo-root``) to ingest the demo's packages without a warning.

One demo home is shared by the module (in-process CLI, the machine's clock: the demo PKI, its
TSA and the validation all take "now", so the outcome does not depend on the date).
"""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from archive.bootstrap import open_archive
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.demo.home import DEMO_ACCOUNTS, read_accounts
from archive.users.service import authenticate
from tests.support.cli import run

ROOT = Path("demo-pki") / "root.cert.pem"


def cli(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``archive --home HOME ARGS`` (ARCHIVE_HOME is put back afterwards)."""
    return run(home, *args, env={"ARCHIVE_HOME": str(home), **(env or {})})


def cli_json(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any]:
    result = cli(home, *args, "--json", env=env)
    return result.exit_code, json.loads(result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


def sig_findings(results: list[dict[str, Any]]) -> list[str]:
    return [f["code"] for r in results for f in r["findings"] if f["code"].startswith("SIG")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    home = tmp_path_factory.mktemp("demo-home") / "home"
    result = cli(home, "demo")
    assert result.exit_code == 0, result.output
    return home, result


@pytest.fixture(scope="module")
def samples(demo: tuple[Path, Result], tmp_path_factory: pytest.TempPathFactory) -> Path:
    home, _ = demo
    out = tmp_path_factory.mktemp("samples") / "goi-mau"  # does not exist yet
    result = cli(home, "demo", "--sips-only", str(out))
    assert result.exit_code == 0, result.output
    return out


# --------------------------------------------------------------------------- two copies


def test_every_dossier_is_on_both_stores(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    code, data = cli_json(home, "storage", "verify")
    assert code == 0
    assert [(s["store"], s["objects"], s["ok"]) for s in data["stores"]] == [
        ("local", 5, True),  # one more than before issue #22: the sealed audit log
        ("replica", 5, True),
    ]
    assert (home / "replica" / "0=ocfl_1.1").is_file()
    code, info = cli_json(home, "info")
    assert info["storage"]["replica"]["root"] == str((home / "replica").resolve())


def test_fixity_reads_both_copies_and_the_report_says_all_covered(
    demo: tuple[Path, Result],
) -> None:
    home, _ = demo
    code, runs = cli_json(home, "fixity", "run")
    assert code == 0
    assert {(r["store"], r["objects"], r["failed"]) for r in runs["runs"]} == {
        ("local", 5, 0),
        ("replica", 5, 0),
    }
    report = cli(home, "fixity", "report", env={"COLUMNS": "200"})
    assert report.exit_code == 0, report.output
    rows = [line for line in report.stdout.splitlines() if "local" in line or "replica" in line]
    assert len(rows) == 2
    for row in rows:
        assert "5 (100%)" in row and "đã phủ hết" in row
        assert "365 " not in row.split("│")[6]  # no projection of the window itself


# --------------------------------------------------------------------------- the demo TSA


def test_evidence_build_and_verify_with_the_demo_tsa(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    code, batches = cli_json(home, "evidence", "build")
    assert code == 0, batches
    assert batches and all(b["leaves"] > 0 for b in batches)

    doc = "000.00.00.H49.2023.12.TNMT.0000002"
    code, check = cli_json(home, "evidence", "verify", doc)
    assert code == 0
    assert (check["valid"], check["integrity_ok"], check["timestamps_trusted"]) == (
        True,
        True,
        True,
    )
    stamp = check["records"][0]["archive_timestamps"][0]
    assert "Demo TSA" in stamp["tsa"] and stamp["trusted"] and stamp["imprint_ok"]


# --------------------------------------------------------------------------- accounts


def test_one_account_per_role_with_its_password_kept_privately(
    demo: tuple[Path, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, result = demo
    accounts = home / "demo-accounts.txt"
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600
    kept = read_accounts(accounts)
    assert {name: role for name, (role, _) in kept.items()} == {
        name: role for name, role, _ in DEMO_ACCOUNTS
    }
    assert sorted(role for role, _ in kept.values()) == ["admin", "archivist", "auditor", "officer"]
    for name, (_, password) in kept.items():
        assert password in result.stdout, name  # printed once, by the run that made it

    monkeypatch.setenv("ARCHIVE_HOME", str(home))
    with open_archive(load_settings()) as archive, unit_of_work(archive.sessions) as session:
        for name, (role, password) in kept.items():
            principal = authenticate(session, name, password)
            assert principal is not None and principal.role == role, name
        assert authenticate(session, "lan", kept["minh"][1]) is None


def test_a_second_demo_keeps_the_accounts(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    before = (home / "demo-accounts.txt").read_bytes()
    again = cli(home, "demo")
    assert again.exit_code == 0, again.output
    assert "Tài khoản mẫu" not in again.stdout  # nothing new to show
    assert (home / "demo-accounts.txt").read_bytes() == before
    code, users = cli_json(home, "users", "list")
    assert code == 0
    assert sorted(u["name"] for u in users) == sorted(n for n, _, _ in DEMO_ACCOUNTS)


# --------------------------------------------------------------------------- two agencies


def test_the_dossiers_come_from_two_agencies_and_two_fonds(demo: tuple[Path, Result]) -> None:
    home, _ = demo
    code, rows = cli_json(home, "ls")
    assert code == 0
    organs = {r["fileCode"][:13] for r in rows}
    assert organs == {"000.00.00.H49", "000.00.11.H49"}
    assert {r["fonds"] for r in rows} == {"H49.01", "H49.11"}


# --------------------------------------------------------------------------- trusting the demo


def test_sips_only_writes_the_demo_root_and_says_how_to_trust_it(
    demo: tuple[Path, Result], samples: Path
) -> None:
    home, _ = demo
    assert len(list(samples.glob("*.zip"))) == 4
    assert (samples / "demo-root.cert.pem").read_bytes() == (home / ROOT).read_bytes()
    result = cli(home, "demo", "--sips-only", str(samples))
    assert "init --trust-demo-root" in flat(result.stdout)


def test_a_new_home_warns_33_times_without_trust_and_never_with_it(
    samples: Path, tmp_path: Path
) -> None:
    zips = sorted(map(str, samples.glob("*.zip")))
    plain = tmp_path / "plain"
    assert cli(plain, "init").exit_code == 0
    # The demo's dossier 4 is Mật: only the isolated profile takes it (docs/secrets.md).
    code, results = cli_json(plain, "ingest", *zips, env={"ARCHIVE_SECRET_RECORDS": "isolated"})
    assert code == 0
    # 11 PDFs (the 12th document is a CSV table): 2 signatures + 1 document timestamp each.
    assert sig_findings(results) == ["SIG002"] * 33

    trusting = tmp_path / "trusting"
    made = cli(trusting, "init", "--trust-demo-root", str(samples / "demo-root.cert.pem"))
    assert made.exit_code == 0, made.output
    assert "demo-root.cert.pem" in flat(made.stdout) and "archive.toml" in flat(made.stdout)
    code, results = cli_json(trusting, "ingest", *zips)
    assert code == 0
    assert [r["status"] for r in results] == ["accepted"] * 4
    assert sig_findings(results) == []

    config = trusting / "archive.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {
        "trust_roots": [str((trusting / "demo-root.cert.pem").resolve())],
        "signature_fetch": False,
        "secret_records": "isolated",
    }
    assert "Do NOT use this file in production" in text
    again = cli(trusting, "init", "--trust-demo-root", str(samples / "demo-root.cert.pem"))
    assert again.exit_code == 0 and "đã tin cậy" in again.stdout
    assert config.read_text(encoding="utf-8") == text


def test_trust_demo_root_refuses_anything_but_a_demo_root(
    demo: tuple[Path, Result], tmp_path: Path
) -> None:
    home, _ = demo
    text = tmp_path / "note.pem"
    text.write_text("không phải chứng thư", encoding="utf-8")
    for wrong in (
        home / "demo-pki" / "intermediate.cert.pem",
        home / "demo-pki" / "tsa.cert.pem",
        text,
    ):
        target = tmp_path / f"home-{wrong.stem}"
        result = cli(target, "init", "--trust-demo-root", str(wrong))
        assert result.exit_code == 1, wrong
        assert "không phải chứng thư gốc của PKI demo" in flat(result.stderr)
        assert "Traceback" not in result.output
        assert not target.exists()  # nothing made


def test_trust_demo_root_never_rewrites_a_config(samples: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = home / "archive.toml"
    config.write_text("signature_fetch = false\n", encoding="utf-8")
    result = cli(home, "init", "--trust-demo-root", str(samples / "demo-root.cert.pem"))
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "không ghi đè" in message and "trust_roots = [" in message
    assert config.read_text(encoding="utf-8") == "signature_fetch = false\n"
    assert sorted(p.name for p in home.iterdir()) == ["archive.toml"]


def test_trust_demo_root_is_refused_in_production(samples: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    production = {"ARCHIVE_ENVIRONMENT": "production", "ARCHIVE_AGENCY_CODE": "000.00.00.H49"}
    result = cli(
        home, "init", "--trust-demo-root", str(samples / "demo-root.cert.pem"), env=production
    )
    assert result.exit_code == 1
    assert "production" in flat(result.stderr)
    assert not home.exists()


def test_the_demo_home_issues_certified_copies(demo: tuple[Path, Result], tmp_path: Path) -> None:
    """The demo's archive.toml names the archive's own demo certificate (issued by the demo
    intermediate) and its CRLs, so `archive copy certify` works offline; pyHanko's command line
    (AdES), trusting the demo root alone, finds the page's signature intact, trusted and
    timestamped from the revocation data embedded in the page."""
    from tests.support.certify import extract, pyhanko_validate

    home, _ = demo
    config = tomllib.loads((home / "archive.toml").read_text(encoding="utf-8"))
    assert Path(config["archive_signing_key"]).is_file()
    assert stat.S_IMODE(Path(config["archive_signing_key"]).stat().st_mode) == 0o600
    out = tmp_path / "out"
    out.mkdir()
    doc = "000.00.00.H49.2023.12.TNMT.0000002"  # the README's decision, signed twice
    code, copy = cli_json(home, "copy", "certify", doc, "--purpose", "Công vụ", "--out", str(out))
    assert code == 0, copy
    pkg = extract(Path(copy["path"]), tmp_path / "dip")
    (page,) = (pkg / "documentation").iterdir()
    from archive.clock import utc_now

    # AdES validation from what the PDF holds: the demo's CRL addresses never resolve, so this
    # is offline by construction.
    done = pyhanko_validate(utc_now(), page, home / ROOT, "adesverify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ":INTACT:TRUSTED," in done.stdout and "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in done.stdout
    # Production refuses a demo certificate as the archive's signing key.
    refused = cli(
        home,
        "info",
        env={
            "ARCHIVE_ENVIRONMENT": "production",
            "ARCHIVE_AGENCY_CODE": "000.00.00.H49",
            "ARCHIVE_TRUST_ROOTS": "[]",
            "ARCHIVE_TSA_URL": "",
        },
    )
    assert refused.exit_code == 1
    assert "archive_signing_cert/archive_signing_chain" in flat(refused.stderr)
