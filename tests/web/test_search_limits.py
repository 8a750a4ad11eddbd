"""Issue 13 (items 1 and 4): each pathological search, sent to the real app as a logged-in
officer, is refused with 400 and its own message, and the server still answers a normal search
afterwards. Before the bounds, ``page=1000000000000`` aborted the whole process (tantivy tried
to allocate offset + limit hits) and a huge ``year`` gave a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from archive.bootstrap import Archive
from tests.web.conftest import login, new_client

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01
PREFIXES_125 = " ".join(f"{a}{b}*" for a in "abcdefghijklm" for b in "kqrstuvxyz")[: 125 * 4]

# (query parameters, the refusal's code, a phrase of its English message)
PATHOLOGICAL: list[tuple[dict[str, str], str, str]] = [
    ({"page": "1000000000000"}, "window", "Only the first 10000 results"),
    ({"page": "100000000000", "per_page": "100"}, "window", "Only the first 10000 results"),
    ({"page": "1001"}, "window", "Only the first 10000 results"),
    ({"per_page": "1000000"}, "per_page", "between 1 and 100"),
    ({"per_page": "0"}, "per_page", "between 1 and 100"),
    ({"per_page": "-5"}, "per_page", "between 1 and 100"),
    ({"page": "0"}, "page", "must be 1 or more"),
    ({"page": "-3"}, "page", "must be 1 or more"),
    ({"page": "x"}, "number", "page must be a whole number"),
    ({"per_page": "1e9"}, "number", "per_page must be a whole number"),
    ({"page": "9" * 5000}, "number", "page must be a whole number"),
    ({"year": "100000000000000000000"}, "number", "year must be a whole number"),
    ({"year": "99999999"}, "year", "must be from 1 – 9999"),
    ({"year": "-2023"}, "year", "must be from 1 – 9999"),
    ({"from": "0"}, "year", "(from) must be from 1 – 9999"),
    ({"to": "10000"}, "year", "(to) must be from 1 – 9999"),
    ({"from": "2024", "to": "2020"}, "year_order", "start year (2024) is after the end year"),
    ({"q": "dat " * 200}, "query_chars", "longer than 500 characters (800)"),
    ({"q": " ".join(f"tu{n}" for n in range(40))}, "terms", "at most 32 (it has 40)"),
    ({"q": PREFIXES_125}, "prefixes", "at most 4 (it has 125)"),
    ({"q": "ab* kq* th* ng* qu*"}, "prefixes", "at most 4 (it has 5)"),
    ({"q": "quyet a*"}, "prefix_chars", "“a*” is too short"),
    ({"type": [str(n) for n in range(60)]}, "filter_values", "Filter type"),  # type: ignore[dict-item]
]


def _normal_search_still_works(client: TestClient) -> None:
    found = client.get("/search", params={"q": "quyet dinh 123 dat dai"})
    assert found.status_code == 200 and f"/documents/{DECISION}" in found.text


@pytest.mark.parametrize(("params", "code", "message"), PATHOLOGICAL)
def test_page_refuses_with_a_friendly_page(
    client: TestClient, params: dict[str, str], code: str, message: str
) -> None:
    login(client, "officer")
    response = client.get("/search", params=params)
    assert response.status_code == 400, response.text[:300]
    assert message in response.text
    assert "Câu tìm kiếm vượt quá giới hạn" in response.text  # the page's heading, Vietnamese
    assert 'class="searchbar"' in response.text and "/static/style.css" in response.text
    _normal_search_still_works(client)


@pytest.mark.parametrize(("params", "code", "message"), PATHOLOGICAL)
def test_api_refuses_with_json(
    web_archive: Archive,
    tokens: dict[str, str],
    params: dict[str, str],
    code: str,
    message: str,
) -> None:
    auth = {"authorization": f"Bearer {tokens['officer']}"}
    with new_client(web_archive) as api:
        response = api.get("/api/search", params=params, headers=auth)
        assert response.status_code == 400, response.text[:300]
        data = response.json()
        assert data["limit"] == code
        assert message in data["message_en"] and message in data["detail"]
        assert data["message_vi"] and data["detail"].startswith(data["message_vi"])
        normal = api.get("/api/search", params={"q": "quyet dinh"}, headers=auth)
        assert normal.status_code == 200
        assert DECISION in [h["docCode"] for h in normal.json()["hits"]]


def test_english_page_heading(client: TestClient) -> None:
    login(client, "officer")
    client.get("/lang/en")
    response = client.get("/search", params={"q": "x* y*"})
    assert response.status_code == 400
    assert "The search goes beyond a limit" in response.text
    # Both languages of the message, Vietnamese first, whatever the interface language.
    vi = response.text.index("Tiền tố “x*” quá ngắn")
    assert vi < response.text.index("The prefix “x*” is too short")


def test_the_last_page_of_the_window_is_served(client: TestClient) -> None:
    login(client, "officer")
    last = client.get("/search", params={"page": "100", "per_page": "100"})
    assert last.status_code == 200 and 'id="total"' in last.text
    assert client.get("/search", params={"page": "101", "per_page": "100"}).status_code == 400


def test_prefixes_within_the_bounds_still_find(client: TestClient) -> None:
    login(client, "officer")
    found = client.get("/search", params={"q": "quy* din* 123"})
    assert found.status_code == 200 and f"/documents/{DECISION}" in found.text


def test_anonymous_is_sent_to_login_not_to_the_limit_page(web_archive: Archive) -> None:
    with new_client(web_archive) as anonymous:
        response = anonymous.get("/search", params={"page": "1000000000000"})
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert anonymous.get("/api/search", params={"page": "0"}).status_code == 401
