"""What the pages show of stored values (archive/web/display.py): codes by their label with the
code after it, yes/no as Có/Không (Yes/No), times as dd/mm/yyyy HH:MM:SS in Vietnam's time, the
dossier code up front; the JSON API keeps the stored values (ISO 8601 UTC)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import Archive
from archive.catalog.codes import CODE_LISTS, LABELS_EN, MODE, PRIORITY_EN
from archive.catalog.fields import DOCUMENT_AIP_FIELDS, DOSSIER_AIP_FIELDS, FieldSpec
from archive.dates import vn_datetime
from archive.db.engine import unit_of_work
from archive.web.display import (
    code_label,
    field_value,
    file_size,
    time_html,
    yes_no,
)
from tests.web.conftest import login

DECISION = "000.00.00.H49.2023.12.TNMT.0000002"  # Quyết định 123/QĐ-UBND, mode 01
DOSSIER = "000.00.00.H99.000.00.00.H49.2023.12.TNMT"
FILE_CODE = "000.00.00.H49.2023.12.TNMT"  # the same dossier's mã hồ sơ (fileCode)
SHOWN_TIME = re.compile(r"<time datetime=\"([0-9T:.-]+Z)\">(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d)</time>")


# ---------------------------------------------------------------------- the labels


def test_every_code_has_an_english_label() -> None:
    assert set(LABELS_EN) == set(CODE_LISTS)
    for name, codes in CODE_LISTS.items():
        assert set(LABELS_EN[name]) == set(codes), name
        for code in codes:
            assert code_label(name, code, "vi") == codes[code]
            assert code_label(name, code, "en") not in ("", code, codes[code]) or name == "language"


def test_code_labels_in_both_languages() -> None:
    assert code_label("mode", "03", "vi") == MODE["03"] == "Mật"
    assert code_label("mode", "03", "en") == "Secret"
    assert code_label("typeName", "02", "en") == "Decision"
    assert code_label("priority", "0", "vi") == "Thường"
    assert code_label("priority", "4", "en") == PRIORITY_EN["4"]
    assert code_label("mode", "99", "vi") == "99"  # unknown: the code itself
    assert code_label("mode", None, "vi") == ""


def _field(
    name: str, raw: str, kind: str = "string", code_list: str | None = None
) -> dict[str, str | None]:
    return {"name": name, "raw": raw, "value": raw, "kind": kind, "codeList": code_list}


def test_field_values() -> None:
    coded = _field("maintenance", "01", "code", "maintenance")
    assert field_value(coded, "vi") == 'Vĩnh viễn <span class="code">01</span>'
    assert field_value(coded, "en") == 'Permanent <span class="code">01</span>'
    languages = _field("language", "01, 02", "codes", "language")
    assert field_value(languages, "vi") == (
        'Tiếng Việt <span class="code">01</span>, Tiếng Anh <span class="code">02</span>'
    )
    urgency = _field("priority", "0", "number")  # a number in the TT05 tables, a code in edXML
    assert field_value(urgency, "vi") == 'Thường <span class="code">0</span>'
    assert field_value(urgency, "en") == 'Normal <span class="code">0</span>'
    for raw, vi, en in (("True", "Có", "Yes"), ("False", "Không", "No"), ("1", "Có", "Yes")):
        flag = _field("process", raw, "boolean")
        assert (field_value(flag, "vi"), field_value(flag, "en")) == (vi, en)
    assert field_value(_field("mode", "42", "code", "mode"), "vi") == "42"
    text = _field("subject", '<script>alert("x")</script>')
    assert str(field_value(text, "vi")) == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    assert yes_no(True, "vi") == "Có" and yes_no(False, "en") == "No"


def test_times_and_sizes() -> None:
    assert time_html("2026-12-07T13:52:58.036329+00:00") == (
        '<time datetime="2026-12-07T13:52:58.036Z">07/12/2026 20:52:58</time>'
    )
    assert time_html("2026-12-07T20:52:58+07:00") == (
        '<time datetime="2026-12-07T13:52:58Z">07/12/2026 20:52:58</time>'
    )
    assert time_html("2023-01-18") == '<time datetime="2023-01-18">18/01/2023</time>'
    assert time_html("18/01/2023") == "18/01/2023"
    assert time_html("<b>") == "&lt;b&gt;" and time_html(None) == "" and time_html(3) == "3"
    assert file_size(76655, "vi") == "74,9 KB (76.655 byte)"
    assert file_size(76655, "en") == "74.9 KB (76,655 bytes)"
    assert file_size(12, "vi") == "12 byte"


# ---------------------------------------------------------------------- on the pages


def _row(page: str, label: str) -> str:
    """The value cell of the metadata row labelled ``label``."""
    row = page.split(f'<th scope="row">{label}', 1)[1].split("</tr>", 1)[0]
    return row.split("<td>", 1)[1].split("</td>", 1)[0]


def test_the_document_page_shows_labels_not_raw_codes(client: TestClient) -> None:
    login(client, "officer")
    page = client.get(f"/documents/{DECISION}").text
    assert _row(page, "Mức độ khẩn, độ mật") == 'Thường <span class="code">0</span>'
    assert _row(page, "Quy trình xử lý") == "Không"
    assert _row(page, "Tên loại tài liệu") == 'Quyết định <span class="code">02</span>'
    assert _row(page, "Chế độ sử dụng") == 'Công khai <span class="code">01</span>'
    assert _row(page, "Mức độ tin cậy") == 'Gốc điện tử <span class="code">01</span>'
    assert "Không / No" not in page and "02 – Quyết định" not in page
    client.get("/lang/en")
    english = client.get(f"/documents/{DECISION}").text
    assert _row(english, "Urgency") == 'Normal <span class="code">0</span>'
    assert _row(english, "Processing history attached") == "No"
    assert _row(english, "Document type") == 'Decision <span class="code">02</span>'
    assert '<span class="type">Decision</span> 123/QĐ-UBND' in english


def test_the_dossier_page_shows_the_dossier_code_up_front(client: TestClient) -> None:
    login(client, "officer")
    page = client.get(f"/dossiers/{DOSSIER}").text
    assert f"<title>Hồ sơ {FILE_CODE} — " in page
    head = page.split("<h2>", 1)[0]  # before the metadata table
    assert f'<dt>Mã hồ sơ</dt><dd><span class="filecode">{FILE_CODE}</span></dd>' in head
    assert f"<dt>Mã hồ sơ lưu trữ</dt><dd><code>{DOSSIER}</code></dd>" in head
    assert head.index(FILE_CODE) < head.index(DOSSIER)
    assert _row(page, "Chế độ dự phòng") == "Có"
    assert _row(page, "Thời hạn lưu trữ") == 'Vĩnh viễn <span class="code">01</span>'
    # The page is found by either code, and the document page names the dossier by it too.
    assert client.get(f"/dossiers/{FILE_CODE}").status_code == 200
    document = client.get(f"/documents/{DECISION}").text
    assert f"Hồ sơ {FILE_CODE}</a>" in document


def test_the_search_page_labels_codes_and_writes_dates_the_vietnamese_way(
    client: TestClient,
) -> None:
    login(client, "officer")
    page = client.get("/search", params={"q": "quyet dinh 123"}).text
    assert '<span class="date"><time datetime="2023-01-18">18/01/2023</time></span>' in page
    assert "2023-01-18</span>" not in page
    assert '<a href="/search?q=quyet+dinh+123&amp;type=02">Quyết định</a>' in page
    client.get("/lang/en")
    english = client.get("/search", params={"q": "quyet dinh 123"}).text
    assert ">Decision</a>" in english and '<span class="mode mode-01">Public</span>' in english


def _stored_events(archive: Archive, code: str) -> list[str]:
    with unit_of_work(archive.sessions) as s:
        rows = s.scalars(select(Event).where(Event.objects_json.contains(code)))
        return [e.occurred_at for e in rows]


def test_times_on_pages_are_vietnamese_local_time_without_fractions(
    client: TestClient, web_archive: Archive
) -> None:
    login(client, "auditor")
    client.get(f"/documents/{DECISION}")  # one more event with microseconds
    trail = client.get(f"/documents/{DECISION}/audit").text
    shown = SHOWN_TIME.findall(trail)
    stored = _stored_events(web_archive, DECISION)
    assert len(shown) >= len(stored) >= 3
    assert {text for _, text in shown} >= {vn_datetime(t) for t in stored}
    for stamp, text in shown:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        assert vn_datetime(moment) == text  # the attribute and the text are the same moment
    body = re.sub(r'datetime="[^"]*"', "", trail.split("<tbody>", 1)[1])
    assert "+00:00" not in body and not re.search(r"\d\d:\d\d:\d\d\.\d", body)
    for page in (f"/documents/{DECISION}", f"/documents/{DECISION}/verification"):
        text = client.get(page).text
        visible = re.sub(r'datetime="[^"]*"', "", text)
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", visible), page  # no ISO shown
        assert SHOWN_TIME.search(text), page


def test_the_api_keeps_iso_8601_utc(client: TestClient, tokens: dict[str, str]) -> None:
    auth = {"authorization": f"Bearer {tokens['auditor']}"}
    doc = client.get(f"/api/documents/{DECISION}", headers=auth).json()
    iso_utc = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")
    assert iso_utc.fullmatch(doc["validation"]["validatedAt"])
    assert all(iso_utc.fullmatch(s["timestampTime"]) for s in doc["signatures"])
    fields = {f["name"]: f for f in doc["fields"]}
    assert fields["mode"]["raw"] == "01" and fields["mode"]["kind"] == "code"
    assert fields["mode"]["codeList"] == "mode"
    assert fields["priority"]["raw"] == "0"


@pytest.mark.parametrize("specs", [DOSSIER_AIP_FIELDS, DOCUMENT_AIP_FIELDS])
def test_every_coded_field_names_a_known_list(specs: tuple[FieldSpec, ...]) -> None:
    for spec in specs:
        if spec.kind in ("code", "codes"):
            assert spec.code_list in CODE_LISTS, spec.name
