"""The web page and the API read administrative language (issue #18): abbreviations both ways,
i/y spellings, tone placement, and the notice over the closest matches, in both languages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from archive.bootstrap import Archive
from archive.messages.catalogue import text as message
from tests.web.conftest import login, new_client

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND: "chỉnh lý hồ sơ"
REPORT = "000.00.00.H49.2023.07.TH.0000002"  # Báo cáo 160/BC-UBND: "Thường trực HĐND tỉnh"


def _first_hit(page: str) -> int:
    return page.index('class="hit"')


def test_the_page_reads_abbreviations_and_spellings(client: TestClient) -> None:
    login(client, "officer")
    for text, code in (
        ("qd 123 ubnd tinh", DECISION),
        ("thuong truc hoi dong nhan dan tinh", REPORT),
        ("hdnd", REPORT),
        ("chinh li ho so dia chinh", DECISION),
        ("chỉnh lí hồ sơ", DECISION),
    ):
        page = client.get("/search", params={"q": text})
        assert page.status_code == 200, text
        assert f"/documents/{code}" in page.text[_first_hit(page.text) :], text
        assert 'id="fallback"' not in page.text, text
    same = [
        client.get("/search", params={"q": q}).text.count('class="hit"')
        for q in ("UBND tỉnh Hoà Bình", "ubnd tinh hoa binh", "Ủy ban nhân dân tỉnh Hòa Bình")
    ]
    assert same[0] == same[1] > 0 and same[2] >= same[0]


def test_the_page_says_when_it_shows_the_closest_matches(client: TestClient) -> None:
    login(client, "officer")
    page = client.get("/search", params={"q": "quyet dinh giao dat xyzzy"})
    assert page.status_code == 200
    assert 'id="fallback"' in page.text and message("search.fallback", "vi") in page.text
    assert f"/documents/{DECISION}" in page.text
    client.get("/lang/en", params={"next": "/search"})
    english = client.get("/search", params={"q": "quyet dinh giao dat xyzzy"})
    assert message("search.fallback", "en") in english.text
    exact = client.get("/search", params={"q": "quyet dinh giao dat"})
    assert 'id="fallback"' not in exact.text


def test_the_api_says_so_too(web_archive: Archive, tokens: dict[str, str]) -> None:
    auth = {"authorization": f"Bearer {tokens['officer']}"}
    with new_client(web_archive) as api:
        data = api.get("/api/search", params={"q": "qd 123 ubnd tinh"}, headers=auth).json()
        assert data["hits"][0]["docCode"] == DECISION
        assert data["fallback"] is False and data["notice"] is None
        closest = api.get("/api/search", params={"q": "quyet dinh xyzzy"}, headers=auth).json()
        assert closest["fallback"] is True and closest["total"] > 0
        notice = closest["notice"]
        assert notice == {lang: message("search.fallback", lang) for lang in ("vi", "en")}
