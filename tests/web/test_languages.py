"""Every page speaks the language chosen on the switch (issue #15): in Vietnamese (the
default) no English word, in English no Vietnamese, outside the records' own values, codes,
quoted snippets and what the page marks as the other language (the English label beside each
Vietnamese one, the switch itself). tests/support/languages.py says what is left out and why.

The pages are those of each kind a role meets: search (with hits and facets), dossier,
document, verification report, the audit trails, the error page, the search-limit page, the
login form; as the administrator, who sees the most.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.support.languages import (
    command_words,
    data_values,
    english_words,
    html_text,
    strip,
    vietnamese_words,
)
from tests.web.conftest import login

FILE_CODE = "000.00.00.H49.2023.12.TNMT"
ARC = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"
DOC = f"{FILE_CODE}.0000002"
PAGES = (
    "/search",
    "/search?q=quyet+dinh+giao+dat",
    f"/dossiers/{FILE_CODE}",
    "/dossiers/000.00.00.H49.2023.07.TH",  # retention code 07, with its years
    f"/documents/{DOC}",
    f"/documents/{DOC}/verification",
    f"/dossiers/{ARC}/audit",
    f"/documents/{DOC}/audit",
    "/documents/000.00.00.H49.2023.99.XX",  # the error page
    "/search?q=" + "dat " * 40,  # the search-limit page: too many words
    "/use-requests",
    "/due",
    "/copies",
    "/stats?by=retention",
    "/stats?by=format",
)


def _check(client: TestClient, lang: str, paths: tuple[str, ...], catalog: Path) -> list[str]:
    failures = []
    for path in paths:
        page = client.get(path)
        data = data_values(catalog)  # after the view: it is an event of the trail now
        assert page.status_code in (200, 400, 404), (path, page.status_code)
        assert f'<html lang="{lang}">' in page.text, path
        shown = html_text(page.text, lang)
        left = strip(shown, lang=lang, data=data, commands=command_words())
        wrong = english_words(left) if lang == "vi" else vietnamese_words(left)
        if wrong:
            failures.append(f"{path} ({lang}): {sorted(set(wrong))}\n{shown}")
    return failures


def test_every_page_speaks_the_chosen_language(client: TestClient, web_home: Path) -> None:
    login(client, "admin")
    failures = _check(client, "vi", PAGES, web_home / "catalog.sqlite3")
    assert client.get("/lang/en").status_code == 303
    failures += _check(client, "en", PAGES, web_home / "catalog.sqlite3")
    assert not failures, "\n\n".join(failures)


def test_the_login_page_in_both_languages(client: TestClient, web_home: Path) -> None:
    failures = _check(client, "vi", ("/login",), web_home / "catalog.sqlite3")
    client.get("/lang/en")
    failures += _check(client, "en", ("/login",), web_home / "catalog.sqlite3")
    assert not failures, "\n\n".join(failures)


def test_stored_values_are_shown_translated(client: TestClient) -> None:
    """What the audit trail and the verification report store in English (event types,
    agent roles, outcomes, revocation states, certificate attribute names, the role in the
    header) reads in the page's language."""
    login(client, "admin")
    trail = client.get(f"/dossiers/{ARC}/audit").text
    assert "tiếp nhận vào kho" in trail and "kiểm tra toàn vẹn" in trail
    assert "(người thực hiện)" in trail and "Thành công" in trail
    assert ">ingestion<" not in trail and "(implementer)" not in trail
    assert "(quản trị hệ thống)" in trail  # the header: tuan (admin) as people say it
    report = client.get(f"/documents/{DOC}/verification").text
    assert "Tên: Trần Thị Bình, Chức danh: Phó Chủ tịch" in report
    assert "Common Name" not in report and "good" not in html_text(report, "vi").split()
    client.get("/lang/en")
    english = client.get(f"/dossiers/{ARC}/audit").text
    assert ">ingestion<" in english and "(implementer)" in english
    dossier = client.get("/dossiers/000.00.00.H49.2023.07.TH").text
    assert '5 years <span class="code">07</span>' in dossier
