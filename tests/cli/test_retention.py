"""``archive retention``, ``hold``, ``disposal`` and ``transfer`` end to end, in-process, on a
real archive home: messages in Vietnamese (English with --lang en), --json, exit codes, and a
refused step leaves the archive unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import Result

from archive.bootstrap import open_archive
from archive.config import load_settings
from tests.support.cli import run, snapshot
from tests.support.retention import COUNCIL, add_accounts, ingest_dossier


def cli(home: Path, *args: str, lang: str = "vi") -> Result:
    return run(home, *args, env={"ARCHIVE_HOME": str(home), "ARCHIVE_LANG": lang})


def cli_json(home: Path, *args: str) -> tuple[int, Any]:
    result = cli(home, *args, "--json")
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else None


def _home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    home = tmp_path / "home"
    assert cli(home, "init").exit_code == 0
    with open_archive(load_settings(home=home)) as archive:
        codes = {
            "expired": ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010),
            "permanent": ingest_dossier(archive, tmp_path, 2, maintenance="01"),
        }
    return home, codes


def test_schedule_due_and_holds(tmp_path: Path) -> None:
    home, codes = _home(tmp_path)
    code, seeded = cli_json(home, "retention", "schedule", "seed")
    assert code == 0 and seeded["added"] > 40 and "to be verified" in seeded["source"]
    out = tmp_path / "schedule.csv"
    assert cli(home, "retention", "schedule", "export", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").startswith("code,group,title,maintenance,years")
    bad = tmp_path / "bad.csv"
    bad.write_text(out.read_text("utf-8") + "99,G,T,09,,s,0,\n", encoding="utf-8")
    before = snapshot(home)
    refused = cli(home, "retention", "schedule", "import", str(bad))
    assert refused.exit_code == 1 and "nothing imported" in refused.stderr
    assert "dòng/line" in refused.stderr and snapshot(home) == before
    assert cli(home, "retention", "schedule", "import", str(out)).exit_code == 0

    code, due = cli_json(home, "retention", "due", "--year", "2020")
    assert code == 0 and [d["arcFileCode"] for d in due] == [codes["expired"]]
    assert due[0]["dueDate"] == "31/12/2020"
    shown = cli(home, "retention", "due", "--year", "2020")
    assert "Hồ sơ hết hạn lưu trữ" in shown.stdout

    code, hold = cli_json(
        home, "hold", "place", codes["expired"], "--reason", "Thanh tra", "--agent", "lan"
    )
    assert code == 0 and hold["active"] and hold["placedBy"] == "lan"
    no_reason = cli(home, "hold", "place", codes["expired"], "--reason", "", lang="en")
    assert no_reason.exit_code == 1 and "a reason is required" in no_reason.stderr
    missing = cli(home, "hold", "place", "NO.SUCH", "--reason", "abc")
    assert missing.exit_code == 1 and "không có hồ sơ" in missing.stderr
    english = cli(home, "hold", "place", "NO.SUCH", "--reason", "abc", lang="en")
    assert "no dossier with code NO.SUCH" in english.stderr
    assert cli_json(home, "retention", "due", "--year", "2020")[1][0]["held"] is True
    released = cli(home, "hold", "release", str(hold["id"]), "--reason", "Xong", "--agent", "lan")
    assert released.exit_code == 0
    assert cli_json(home, "hold", "ls")[1] == []
    assert len(cli_json(home, "hold", "ls", "--all")[1]) == 1


def test_disposal_and_transfer_commands(tmp_path: Path) -> None:
    home, codes = _home(tmp_path)
    no_account = cli(home, "--lang", "en", "disposal", "council", "add", "hoa", "--role", "council")
    assert no_account.exit_code == 1 and "archive users add hoa" in no_account.stderr
    with open_archive(load_settings(home=home)) as archive:
        add_accounts(archive.sessions, *(name for name, _role in COUNCIL), "an", "lan")
    for name, role in (*COUNCIL, ("an", "head")):
        assert cli(home, "disposal", "council", "add", name, "--role", role).exit_code == 0
    assert cli(home, "disposal", "council", "add", "x", "--role", "boss").exit_code == 1
    second_head = cli(home, "disposal", "council", "add", "lan", "--role", "head", lang="en")
    assert (
        second_head.exit_code == 1 and "already has a head of the agency: an" in second_head.stderr
    )
    code, review = cli_json(home, "disposal", "review", "--agent", "lan")
    assert code == 0 and [i["arcFileCode"] for i in review["items"]] == [codes["expired"]]
    listing = review["code"]
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"list.{fmt}"
        exported = cli(home, "disposal", "export", listing, "--format", fmt, "-o", str(target))
        assert exported.exit_code == 0 and target.stat().st_size > 0
    assert (
        cli(
            home, "disposal", "export", listing, "--format", "doc", "-o", str(tmp_path / "x.doc")
        ).exit_code
        == 1
    )
    decision = tmp_path / "qd.pdf"
    decision.write_bytes(b"%PDF-1.7 QD")
    decide = ("disposal", "decide", listing, "--number", "1/QĐ", "--date", "01/07/2026")
    before = snapshot(home)
    early = cli(home, *decide, "--file", str(decision), "--agent", "an")
    assert early.exit_code == 1 and "thiếu biên bản họp hội đồng xét hủy" in early.stderr
    no_reason = cli(home, "disposal", "opinion", listing, "--vote", "disagree", "--agent", "dung")
    assert no_reason.exit_code == 1 and "cần nêu lý do" in no_reason.stderr
    assert snapshot(home) == before
    for name, _role in COUNCIL:
        vote = (
            ("--vote", "disagree", "--comment", "Còn giá trị")
            if name == "dung"
            else (
                "--vote",
                "agree",
            )
        )
        assert cli(home, "disposal", "opinion", listing, *vote, "--agent", name).exit_code == 0
    not_chair = cli(home, "disposal", "conclude", listing, "--agent", "cuong")
    assert not_chair.exit_code == 1 and "không phải chủ tịch" in not_chair.stderr
    code, minutes = cli_json(home, "disposal", "conclude", listing, "--agent", "binh")
    assert code == 0 and (minutes["result"], minutes["agree"]) == ("destroy", 4)
    code, decided = cli_json(
        home,
        "disposal",
        "decide",
        listing,
        "--number",
        "1/QĐ",
        "--date",
        "01/07/2026",
        "--file",
        str(decision),
        "--agent",
        "an",
    )
    assert code == 0 and decided["status"] == "approved"
    code, executed = cli_json(home, "disposal", "execute", listing, "--agent", "lan")
    assert code == 0 and executed["destroyed"][0]["arcFileCode"] == codes["expired"]
    assert cli_json(home, "disposal", "ls", listing)[1]["status"] == "executed"

    code, due = cli_json(home, "transfer", "due", "--year", "2040")
    assert code == 0 and [d["arcFileCode"] for d in due] == [codes["permanent"]]
    out = tmp_path / "out"
    out.mkdir()
    code, reg = cli_json(
        home,
        "transfer",
        "register",
        "--dossier",
        codes["permanent"],
        "--out",
        str(out),
        "--agent",
        "lan",
    )
    assert code == 0 and reg["totalDossiers"] == 1
    code, exp = cli_json(
        home,
        "transfer",
        "export",
        "--dossier",
        codes["permanent"],
        "--out",
        str(out),
        "--agent",
        "lan",
    )
    assert code == 0 and (out / exp["packages"][0]["zip"]).is_file()
    receipt = tmp_path / "receipt.json"
    receipt.write_text(json.dumps([{"arcFileCode": codes["permanent"], "result": "accepted"}]))
    assert cli(home, "transfer", "receipt", str(receipt), "--agent", "lan").exit_code == 0
    assert cli_json(home, "transfer", "ls")[1][0]["state"] == "accepted"
    assert cli(home, "transfer", "delete", codes["permanent"], "--agent", "lan").exit_code == 0
    assert cli_json(home, "transfer", "ls")[1][0]["state"] == "deleted"
    assert cli_json(home, "ls")[1] == []
    assert cli(home, "audit", "verify").exit_code == 0
