"""``archive search`` on the demo dossiers ingested through the CLI (real engine, real PDFs).

The demo packages are written once (``archive demo --sips-only``) and ingested with
``archive ingest``; the index is updated by each ingest. Dossier 2 of the demo is mode 02
(Sử dụng có điều kiện), dossier 4 is mode 03 (Mật).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.support.cli import run

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND


def cli(home: Path, *args: str, **env: str) -> Result:
    # The isolated profile: the demo's dossier 4 is Mật (docs/secrets.md).
    return run(
        home, *args, env={"ARCHIVE_HOME": str(home), "ARCHIVE_SECRET_RECORDS": "isolated", **env}
    )


def search_json(home: Path, *args: str, **env: str) -> dict[str, Any]:
    result = cli(home, "search", *args, "--json", **env)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("search") / "home"
    sips = home.parent / "sips"
    assert cli(home, "demo", "--sips-only", str(sips)).exit_code == 0
    assert cli(home, "init").exit_code == 0
    ingested = cli(home, "ingest", *sorted(str(p) for p in sips.glob("*.zip")), "--json")
    assert ingested.exit_code == 0, ingested.output
    assert {r["status"] for r in json.loads(ingested.stdout)} == {"accepted"}
    return home


def test_typed_without_diacritics_finds_the_decision(home: Path) -> None:
    data = search_json(home, "quyet dinh")
    assert DECISION in [h["docCode"] for h in data["hits"]]
    first = search_json(home, "quyet dinh 123 dat dai")["hits"][0]
    assert first["docCode"] == DECISION
    assert first["symbol"] == "123/QĐ-UBND" and first["typeLabel"] == "Quyết định"
    assert any("<mark>" in s["html"] for s in first["snippets"])
    explicit = search_json(home, "query", "123/QĐ-UBND")
    assert explicit["hits"][0]["docCode"] == DECISION


def test_filters_and_facets(home: Path) -> None:
    data = search_json(home, "dat", "--type", "02", "--year", "2023")
    assert [h["docCode"] for h in data["hits"]] == [DECISION]
    organ = search_json(home, "--organ", "so tai nguyen va moi truong tinh hoa binh")
    assert {h["organName"] for h in organ["hits"]} == {"Sở Tài nguyên và Môi trường tỉnh Hòa Bình"}
    facets = search_json(home)["facets"]
    assert {b["value"]: b["count"] for b in facets["mode"]} == {"01": 7}
    assert sum(b["count"] for b in facets["type"]) == 7
    page = search_json(home, "--sort", "newest", "--per-page", "3", "--page", "2")
    assert page["total"] == 7 and page["offset"] == 3 and len(page["hits"]) == 3


def test_roles_decide_what_is_found(home: Path) -> None:
    for symbol in ("62/KH-STNMT", "285/bc-stnmt"):
        assert search_json(home, symbol)["total"] == 0
        archivist = search_json(home, symbol, "--role", "archivist")
        assert archivist["total"] == 1 and archivist["hits"][0]["mode"] == "02"
    everything = search_json(home, "--role", "admin")
    assert {b["value"]: b["count"] for b in everything["facets"]["mode"]} == {"01": 7, "02": 2}
    # Mode 03 (Mật) was never indexed: not even an admin finds it. (Several words with no hit
    # fall back to documents with some of them, never to the secret dossier.)
    assert search_json(home, "231/TB-UBND", "--role", "admin")["total"] == 0
    for text in ("phong chay chua chay", "Tet Nguyen dan"):
        found = search_json(home, text, "--role", "admin")
        assert found["fallback"] and found["total"] > 0, text
        assert not [h for h in found["hits"] if ".2023.15.NC." in h["docCode"]], text
    status = cli(home, "search", "status", "--json")
    assert json.loads(status.stdout)["documents"] == 9


def test_human_output(home: Path) -> None:
    result = cli(home, "search", "quyết định số 123")
    assert result.exit_code == 0
    assert "123/QĐ-UBND" in result.stdout and "kết quả" in result.stdout
    bad = cli(home, "search", "x", "--role", "root")
    assert bad.exit_code == 2


def test_reindex_gives_identical_results(home: Path) -> None:
    queries = [("quyet dinh",), ("--sort", "oldest"), ("dat", "--role", "archivist")]
    before = [search_json(home, *q) for q in queries]
    result = cli(home, "search", "reindex", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["dossiers"], summary["documents"]) == (4, 9)
    assert summary["text_status"] == {"ok": 9}
    after = [search_json(home, *q) for q in queries]
    for old, new in zip(before, after, strict=True):
        assert (old["total"], old["facets"]) == (new["total"], new["facets"])
        assert {h["docCode"] for h in old["hits"]} == {h["docCode"] for h in new["hits"]}
    assert [h["docCode"] for h in before[1]["hits"]] == [h["docCode"] for h in after[1]["hits"]]
    human = cli(home, "search", "reindex")
    assert "9" in human.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--page", "1000000000000"), "Only the first 10000 results"),
        (("--per-page", "101"), "between 1 and 100"),
        (("--page", "0"), "must be 1 or more"),
        (("--year", "99999999"), "must be from 1 – 9999"),
        (("--from", "2024", "--to", "2020"), "is after the end year"),
        (("a*",), "“a*” is too short"),
        (("ab* kq* th* ng* qu*",), "at most 4 (it has 5)"),
        (("dat " * 200,), "longer than 500 characters"),
    ],
)
def test_bounds_exit_2_with_the_web_message(
    home: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli(home, "search", *args, ARCHIVE_LANG="en")
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())  # rich may wrap the line
    assert search_json(home, "quyet dinh")["total"] > 0


REPORT = "000.00.00.H49.2023.07.TH.0000002"  # Báo cáo 160/BC-UBND: "Thường trực HĐND tỉnh"
PLAN = "000.00.11.H49.2023.03.VP.0000001"  # Kế hoạch 62/KH-STNMT, quý III (mode 02)


def test_abbreviations_both_ways(home: Path) -> None:
    assert search_json(home, "qd 123 ubnd tinh")["hits"][0]["docCode"] == DECISION
    # Typed in full, the minutes whose subject cites "Quyết định số 123/QĐ-UBND … của Ủy ban
    # nhân dân tỉnh" word for word may come first; the decision is right after.
    full = search_json(home, "quyết định 123 ủy ban nhân dân tỉnh")
    assert DECISION in [h["docCode"] for h in full["hits"][:2]]
    assert search_json(home, "thuong truc hoi dong nhan dan tinh")["hits"][0]["docCode"] == REPORT
    hdnd = search_json(home, "hdnd")  # "Hội đồng nhân dân tỉnh" in the text of the report
    assert REPORT in [h["docCode"] for h in hdnd["hits"]] and not hdnd["fallback"]
    assert search_json(home, "123/QĐ-UBND")["total"] == search_json(home, "123/qd-ubnd")["total"]


def test_spellings_and_tone_placement(home: Path) -> None:
    for text in ("chinh li ho so dia chinh", "chỉnh lí hồ sơ", "chỉnh lý hồ sơ"):
        found = search_json(home, text)
        assert found["hits"][0]["docCode"] == DECISION and not found["fallback"], text
    assert (
        search_json(home, "ke hoach qui III", "--role", "archivist")["hits"][0]["docCode"] == PLAN
    )
    assert (
        search_json(home, "UBND tỉnh Hoà Bình")["total"]
        == search_json(home, "ubnd hoa binh")["total"]
    )


def test_no_hit_falls_back_and_says_so(home: Path) -> None:
    data = search_json(home, "quyet dinh giao dat xyzzy")
    assert data["fallback"] is True and DECISION in [h["docCode"] for h in data["hits"]]
    assert data["notice"]["vi"].startswith("Không có văn bản nào chứa đủ")
    assert data["notice"]["en"].startswith("No document has all the words")
    exact = search_json(home, "quyet dinh giao dat")
    assert exact["fallback"] is False and exact["notice"] is None
    english = cli(home, "search", "quyet dinh giao dat xyzzy", ARCHIVE_LANG="en")
    assert english.exit_code == 0 and "No document has all the words" in english.stdout
    vietnamese = cli(home, "search", "quyet dinh giao dat xyzzy", ARCHIVE_LANG="vi")
    assert "Không có văn bản nào chứa đủ" in " ".join(vietnamese.stdout.split())
    assert "No document" not in cli(home, "search", "quyet dinh giao dat").stdout
