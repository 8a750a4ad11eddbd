"""``archive edxml import`` and ``archive tray ls | show`` (docs/edxml.md): a folder with a
good envelope and a hostile one; the tray's filters; bad input answered in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import person_agent
from archive.edxml.intake import PROCESSED, drain_folder
from tests.support import edxml
from tests.support.cli import run, snapshot
from tests.support.pki import TestPki, serve_pki, sign_nd30_pdf
from tests.support.signed import LATER_THAT_DAY, home_env, open_home


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def pdf(pki: TestPki) -> bytes:
    return sign_nd30_pdf(pki, "B-LT")


def _env(home: Path, pki: TestPki, lang: str = "en") -> dict[str, str]:
    return {**home_env(home, pki, ingest_workers=1), "ARCHIVE_LANG": lang}


def _init(home: Path, pki: TestPki) -> Path:
    open_home(home, pki).close()
    return home


def _cli(home: Path, pki: TestPki, *args: str, lang: str = "en") -> tuple[int, str, str]:
    with freeze_time(LATER_THAT_DAY, tick=True):
        result = run(home, *args, env=_env(home, pki, lang))
    return result.exit_code, result.stdout, result.stderr


def test_import_a_folder_then_list_and_show(tmp_path: Path, pki: TestPki, pdf: bytes) -> None:
    home = _init(tmp_path / "home", pki)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = edxml.Doc(attachments=[("cv-15.pdf", pdf), ("phu-luc.pdf", pdf)])
    (inbox / "a-good.xml").write_bytes(edxml.envelope(good, pki))
    bad = edxml.Doc(attachments=[("cv.pdf", pdf)], number="16", attachment_ids=["cid:nothing"])
    (inbox / "b-bad.xml").write_bytes(edxml.envelope(bad))

    code, out, err = _cli(home, pki, "edxml", "import", str(inbox), "--json")
    assert code == 1 and out, err
    results = {r["source"]: r for r in json.loads(out)}
    assert results["a-good.xml"]["status"] == "accepted"
    assert results["b-bad.xml"]["status"] == "refused"
    assert "EDX005" in [f["code"] for f in results["b-bad.xml"]["findings"]]

    code, out, _ = _cli(home, pki, "tray", "ls", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["code_number"] for r in rows] == ["15"]
    assert rows[0]["attachments"] == 2 and rows[0]["signed"] == "valid"
    tray_code = rows[0]["code"]
    assert json.loads(_cli(home, pki, "tray", "ls", "--sender", "000.00.12.H23", "--json")[1]) == []
    since = json.loads(_cli(home, pki, "tray", "ls", "--since", "01/11/2026", "--json")[1])
    assert [r["code"] for r in since] == [tray_code]

    code, out, _ = _cli(home, pki, "tray", "show", tray_code, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["metadata"]["codeNotation"] == "BNV-VP"
    assert [t["OrganId"] for t in shown["trace"]] == ["000.00.00.G09", "000.00.00.H00"]

    code, out, _ = _cli(home, pki, "tray", "show", tray_code, lang="vi")
    assert code == 0 and "Quá trình xử lý" in out and "Nguyễn Văn An" in out
    code, out, _ = _cli(home, pki, "tray", "ls", lang="vi")
    assert code == 0 and "Văn bản chờ lập hồ sơ" in out and "1 văn bản." in out
    code, out, _ = _cli(home, pki, "audit", "verify")
    assert code == 0


def test_bad_input_is_answered_in_both_languages(tmp_path: Path, pki: TestPki) -> None:
    home = _init(tmp_path / "home", pki)
    _cli(home, pki, "tray", "ls")
    before = snapshot(home)
    code, _, err = _cli(home, pki, "tray", "ls", "--since", "2026-11-01", lang="vi")
    assert code == 1 and "dd/mm/yyyy" in err and "ngày viết" in err and "Traceback" not in err
    code, _, err = _cli(home, pki, "tray", "show", "VBD-NOTHING")
    assert code == 1 and "khay chờ lập hồ sơ" in err and "filing tray" in err
    code, _, err = _cli(home, pki, "edxml", "import", str(tmp_path / "missing.xml"))
    assert code == 1 and "not found" in err
    assert snapshot(home) == before


def test_a_drop_folder_is_drained_once(tmp_path: Path, pki: TestPki, pdf: bytes) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "one.xml").write_bytes(edxml.envelope(edxml.Doc(attachments=[("cv.pdf", pdf)])))
    (drop / "note.txt").write_text("not an envelope")
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        step = archive.signatures  # pyHanko loaded before the clock is frozen
        with freeze_time(LATER_THAT_DAY, tick=True):
            first = drain_folder(archive, step, drop, person_agent("lan"))
            second = drain_folder(archive, step, drop, person_agent("lan"))
    finally:
        archive.close()
    assert [r.status for r in first] == ["accepted"] and second == []
    assert sorted(p.name for p in drop.iterdir()) == ["note.txt", PROCESSED]
    assert [p.name.endswith("-one.xml") for p in (drop / PROCESSED).iterdir()] == [True]
