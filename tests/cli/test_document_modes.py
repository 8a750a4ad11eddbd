"""A document's own access mode wins over its dossier's at every door of the CLI (issue #19).

One Công khai (01), permanent dossier holds a 01, a Sử dụng có điều kiện (02) and a Mật (03)
document (``write_mixed_sip``). For each role, search (hits, total, every facet count and the
snippets) finds exactly what ``allowed_modes`` lets it find, with and without mode 03 indexed;
the listings give the dossier's strictest mode and each document's own; the transfer plan
leaves the dossier out, its registration is refused and writes nothing, and an evidence bundle
of a restricted document is refused. The web page and the API are checked by
``tests/web/test_access_matrix.py`` on the same dossier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from archive.config import Settings
from archive.users.access import ROLES, allowed_modes
from cli import output
from tests.support.cli import run
from tests.support.sips import MIXED_SUBJECTS, file_code, write_mixed_sip

DOSSIER = f"000.00.00.H99.{file_code(91)}"
DOCS = {mode: f"{file_code(91)}.{n:07d}" for n, mode in enumerate(("01", "02", "03"), start=1)}
SECRET_SETTINGS = {"ARCHIVE_SECRET_RECORDS": "isolated"}


def cli(home: Path, *args: str, **env: str) -> Result:
    return run(home, *args, env={"ARCHIVE_HOME": str(home), **SECRET_SETTINGS, **env})


def as_json(home: Path, *args: str, **env: str) -> Any:
    result = cli(home, *args, "--json", **env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("modes") / "home"
    package = write_mixed_sip(home.parent)
    assert cli(home, "init").exit_code == 0
    assert as_json(home, "ingest", str(package))[0]["status"] == "accepted"
    return home


@pytest.mark.parametrize("restricted", [False, True], ids=["default", "mode-03-indexed"])
@pytest.mark.parametrize("role", ROLES)
def test_search_finds_what_the_role_may_see(home: Path, role: str, restricted: bool) -> None:
    env: dict[str, str] = {}
    if restricted:
        env = {"ARCHIVE_SEARCH_INDEX_RESTRICTED": "true"}
        env["ARCHIVE_SEARCH_INDEX_DIR"] = str(home / "index-restricted")
        assert cli(home, "search", "reindex", **env).exit_code == 0
    settings = Settings(home=home, search_index_restricted=restricted)
    allowed = allowed_modes(settings, role)
    expected = {DOCS[m] for m in allowed}
    hidden = [m for m in ("02", "03") if m not in allowed]
    outputs: list[str] = []
    for words in ("", "hồ sơ 91", *(MIXED_SUBJECTS[m] for m in ("02", "03"))):
        result = cli(home, "search", "query", words, "--role", role, "--json", **env)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        found = {h["docCode"] for h in data["hits"]}
        assert found <= expected, (role, words)
        assert sum(b["count"] for b in data["facets"]["mode"]) == data["total"]
        assert {b["value"] for b in data["facets"]["mode"]} <= allowed
        shown = {k: v for k, v in data.items() if k != "query"}  # the words typed come back
        outputs.append(json.dumps(shown, ensure_ascii=False))
        if words not in MIXED_SUBJECTS.values():
            outputs.append(cli(home, "search", "query", words, "--role", role, **env).stdout)
    everything = as_json(home, "search", "--role", role, **env)
    assert {h["docCode"] for h in everything["hits"]} == expected
    for mode in hidden:  # a hidden document is found by none of its own words
        secret = as_json(home, "search", f'"{MIXED_SUBJECTS[mode]}"', "--role", role, **env)
        assert DOCS[mode] not in {h["docCode"] for h in secret["hits"]}
    for out in outputs:
        for mode in hidden:
            assert DOCS[mode] not in out and MIXED_SUBJECTS[mode] not in out, (role, mode)


def test_listings_give_the_strictest_mode_and_each_document_s_own(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.console, "width", 1000)  # one line per row
    (row,) = as_json(home, "ls")
    assert (row["arcFileCode"], row["mode"], row["strictestMode"]) == (DOSSIER, "01", "03")
    assert "Mật" in cli(home, "ls").stdout
    shown = as_json(home, "show", DOSSIER)
    assert shown["strictestMode"] == "03"
    assert {d["docCode"]: d["mode"] for d in shown["documents"]} == {c: m for m, c in DOCS.items()}
    text = cli(home, "show", DOSSIER).stdout
    assert "Sử dụng có điều kiện" in text and "Mật" in text
    assert as_json(home, "show", DOCS["03"])["mode"] == "03"


def test_transfer_waits_for_declassification(home: Path, tmp_path: Path) -> None:
    due = as_json(home, "transfer", "due", "--year", "2100")
    assert DOSSIER not in {r["arcFileCode"] for r in due}
    out = tmp_path / "out"
    refused = cli(home, "transfer", "register", "--dossier", DOSSIER, "--out", str(out))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "giải mật" in refused.output and DOCS["03"] in refused.output
    assert as_json(home, "transfer", "ls") == []
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("mode", ["02", "03"])
def test_evidence_bundle_of_a_restricted_document_is_refused(
    home: Path, tmp_path: Path, mode: str
) -> None:
    out = tmp_path / "bundle.zip"
    result = cli(home, "evidence", "bundle", DOCS[mode], "-o", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"chế độ {mode}" in result.output and not out.exists()
