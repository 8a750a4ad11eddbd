"""The generated TT05 XSDs: up to date, and they accept and refuse what the law says."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from archive.catalog import xsdbuild, xsdgen
from archive.catalog.codes import CODE_LISTS
from archive.catalog.fields import (
    DOCUMENT_AIP_FIELDS,
    DOCUMENT_SIP_FIELDS,
    DOSSIER_AIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_AIP_DOCUMENT_FIELDS,
    EXT_AIP_DOSSIER_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    EXT_NS,
    FieldSpec,
)
from archive.catalog.mappingdoc import mapping_markdown
from archive.catalog.xsd import load_schema

XS = "{http://www.w3.org/2001/XMLSchema}"
DROP = object()  # marker: leave the element out

DOSSIER_SIP = {
    "fileCode": "000.00.00.H49.2024.01",
    "title": "Hồ sơ tổ chức Hội nghị tổng kết năm 2024",
    "maintenance": "01",
    "mode": "01",
    "language": "01",
    "startDate": "05/03/2024",
    "endDate": "28/12/2024",
    "keyword": "hội nghị",
    "totalDoc": "12",
    "numberOfPaper": "30",
    "numberOfPage": "45",
    "format": "01",
    "inforSign": "",
    "confidenceLevel": "01",
    "paperFileCode": "",
    "riskRecovery": "1",
    "riskRecoveryStatus": "01",
    "description": "Văn phòng UBND tỉnh lập",
}

DOCUMENT_SIP = {
    "docId": "H49.64.33.2001.160.1",
    "docCode": "000.00.00.H49.2024.010000001",
    "maintenance": "01",
    "typeName": "22",
    "codeNumber": "15",
    "codeNotation": "UBND-VP",
    "issuedDate": "05/03/2024",
    "organName": "Ủy ban nhân dân tỉnh",
    "subject": "V/v tổ chức Hội nghị tổng kết",
    "language": "01, 02",
    "numberOfPage": "3",
    "mode": "01",
    "process": "1",
}


def build(
    fields: dict[str, str], overrides: dict[str, object] | None = None, extra: str = ""
) -> bytes:
    """A ``<simpledc>`` document with ``fields`` in order, ``overrides`` applied."""
    values: dict[str, object] = {**fields, **(overrides or {})}
    body = "".join(
        f"<{name}>{_escape(str(value))}</{name}>"
        for name, value in values.items()
        if value is not DROP
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><simpledc>{body}{extra}</simpledc>'.encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def is_valid(xsd: str, document: bytes) -> bool:
    schema = load_schema("tt05", xsd)
    return schema.validate(etree.fromstring(document))


# --------------------------------------------------------------------------- generator


def test_committed_files_equal_generated() -> None:
    assert xsdgen.check() == [], "run `python -m archive.catalog.xsdgen`"


def test_check_reports_missing_and_changed_files(tmp_path: Path) -> None:
    assert sorted(xsdgen.check(tmp_path)) == sorted(xsdgen.generate())
    assert xsdgen.main(["--check", "--root", str(tmp_path)]) == 1
    assert xsdgen.main(["--root", str(tmp_path)]) == 0
    assert xsdgen.check(tmp_path) == []
    target = tmp_path / "schemas" / "tt05" / "EAD_SIP.xsd"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    assert xsdgen.check(tmp_path) == ["schemas/tt05/EAD_SIP.xsd"]
    assert xsdgen.main(["--check", "--root", str(tmp_path)]) == 1


def test_output_is_deterministic_text() -> None:
    first, second = xsdgen.generate(), xsdgen.generate()
    assert first == second
    for rel, text in first.items():
        assert "\r" not in text, rel
        assert text.endswith("\n"), rel
    assert first["schemas/tt05/EAD_SIP.xsd"].startswith('<?xml version="1.0" encoding="UTF-8"?>\n')


@pytest.mark.parametrize(
    ("xsd", "fields"),
    [
        ("EAD_SIP.xsd", DOSSIER_SIP_FIELDS),
        ("EAD_AIP.xsd", DOSSIER_AIP_FIELDS),
        ("EAD_doc_SIP.xsd", DOCUMENT_SIP_FIELDS),
        ("EAD_doc_AIP.xsd", DOCUMENT_AIP_FIELDS),
    ],
)
def test_schema_lists_the_table_in_order(xsd: str, fields: tuple[FieldSpec, ...]) -> None:
    tree = etree.parse(str(Path(xsdgen.repo_root(), xsdbuild.TT05_DIR, xsd)))
    sequence = tree.find(f"{XS}element[@name='simpledc']/{XS}complexType/{XS}sequence")
    assert sequence is not None
    elements = sequence.findall(f"{XS}element")
    assert [e.get("name") for e in elements] == [f.name for f in fields]
    for element, spec in zip(elements, fields, strict=True):
        assert element.get("minOccurs") == ("1" if spec.required else "0")
        assert element.get("maxOccurs") == "1"
    wildcard = sequence[-1]
    assert wildcard.tag == f"{XS}any"
    assert wildcard.get("namespace") == EXT_NS
    assert wildcard.get("processContents") == "lax"
    imported = tree.find(f"{XS}import")
    assert imported is not None
    assert imported.get("schemaLocation") == xsdbuild.EXT_SCHEMA


def test_ext_schema_declares_each_name_once() -> None:
    tree = etree.parse(str(Path(xsdgen.repo_root(), xsdbuild.TT05_DIR, xsdbuild.EXT_SCHEMA)))
    assert tree.getroot().get("targetNamespace") == EXT_NS
    assert tree.getroot().get("elementFormDefault") == "qualified"
    names = [str(e.get("name")) for e in tree.getroot().findall(f"{XS}element")]
    expected = {
        f.name
        for f in (
            *EXT_DOSSIER_FIELDS,
            *EXT_DOCUMENT_FIELDS,
            *EXT_AIP_DOSSIER_FIELDS,
            *EXT_AIP_DOCUMENT_FIELDS,
        )
    }
    assert sorted(names) == sorted(expected)
    assert names.count("maintenanceYears") == 1


def test_code_labels_are_documented() -> None:
    text = Path(xsdgen.repo_root(), xsdbuild.TT05_DIR, "EAD_SIP.xsd").read_text(encoding="utf-8")
    for label in CODE_LISTS["maintenance"].values():
        assert f'<xs:documentation xml:lang="vi">{label}</xs:documentation>' in text
    assert '<xs:documentation xml:lang="vi">Thời hạn lưu trữ</xs:documentation>' in text
    assert '<xs:documentation xml:lang="en">Retention</xs:documentation>' in text


def test_date_and_codes_patterns() -> None:
    assert xsdbuild.date_patterns(["%d/%m/%Y", "%Y"]) == [
        "(0[1-9]|[12][0-9]|3[01])/(0[1-9]|1[0-2])/[0-9]{4}",
        "[0-9]{4}",
    ]
    assert xsdbuild.codes_pattern(["01", "02"]) == "(01|02)( *, *(01|02))*"
    with pytest.raises(ValueError, match="unsupported date directive"):
        xsdbuild.date_patterns(["%H:%M"])


def test_mapping_doc_lists_every_field() -> None:
    text = mapping_markdown()
    for table in (DOSSIER_SIP_FIELDS, DOSSIER_AIP_FIELDS, DOCUMENT_SIP_FIELDS, DOCUMENT_AIP_FIELDS):
        for spec in table:
            assert f"`{spec.name}`" in text
            assert f".{spec.attr}`" in text
    assert "`Dossier.arc_file_code`" in text
    assert "`Dossier.file_code`" in text
    assert "`ext:signerFullName`" in text


# --------------------------------------------------------------------------- dossier EAD.xml


def test_valid_sip_dossier() -> None:
    schema = load_schema("tt05", "EAD_SIP.xsd")
    document = etree.fromstring(build(DOSSIER_SIP))
    assert schema.validate(document), schema.error_log


def test_required_only_sip_dossier() -> None:
    optional: dict[str, object] = {s.name: DROP for s in DOSSIER_SIP_FIELDS if not s.required}
    assert is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, optional))


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"maintenance": "08"}, id="maintenance-unknown-code"),
        pytest.param({"maintenance": "1"}, id="maintenance-one-digit"),
        pytest.param({"title": "x" * 1001}, id="title-too-long"),
        pytest.param({"title": ""}, id="title-empty"),
        pytest.param({"startDate": "2024-03-05"}, id="iso-date"),
        pytest.param({"startDate": "5/3/2024"}, id="one-digit-day"),
        pytest.param({"startDate": "32/01/2024"}, id="day-32"),
        pytest.param({"endDate": "03/2024"}, id="month-year-in-sip"),
        pytest.param({"totalDoc": "abc"}, id="totalDoc-not-number"),
        pytest.param({"totalDoc": "-1"}, id="totalDoc-negative"),
        pytest.param({"totalDoc": "+5"}, id="totalDoc-signed"),
        pytest.param({"totalDoc": "12345678901"}, id="totalDoc-11-digits"),
        pytest.param({"totalDoc": "00000000001"}, id="totalDoc-11-chars-zero-padded"),
        pytest.param({"language": "01;02"}, id="language-bad-separator"),
        pytest.param({"language": "12"}, id="language-unknown"),
        pytest.param({"riskRecovery": "2"}, id="boolean-2"),
        pytest.param({"riskRecovery": "true"}, id="boolean-true"),
        pytest.param({"fileCode": DROP}, id="missing-fileCode"),
        pytest.param({"numberOfPage": DROP}, id="missing-numberOfPage"),
    ],
)
def test_invalid_sip_dossier(overrides: dict[str, object]) -> None:
    assert not is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, overrides))


def test_elements_out_of_order_are_rejected() -> None:
    swapped = {"title": DOSSIER_SIP["title"], **DOSSIER_SIP}
    assert list(swapped)[:2] == ["title", "fileCode"]
    assert not is_valid("EAD_SIP.xsd", build(swapped))


def test_repeated_element_is_rejected() -> None:
    assert not is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, extra="<description>again</description>"))


@pytest.mark.parametrize("value", ["01", "01,02", "01, 02", "01 , 02,11"])
def test_language_lists(value: str) -> None:
    assert is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, {"language": value}))


def test_aip_dossier_accepts_partial_dates() -> None:
    aip = {"arcFileCode": "H49.000.00.00.H49.2024.01", **DOSSIER_SIP}
    del aip["fileCode"]
    for value in ("05/03/2024", "03/2024", "2024"):
        assert is_valid("EAD_AIP.xsd", build(aip, {"startDate": value, "endDate": value})), value
    assert not is_valid("EAD_AIP.xsd", build(aip, {"startDate": "13/2024"}))
    assert not is_valid("EAD_AIP.xsd", build(DOSSIER_SIP))  # fileCode is SIP only


def test_dossier_extension_after_tt05_elements() -> None:
    ext = f'<x:creator xmlns:x="{EXT_NS}">Nguyễn Văn A</x:creator>'
    ext += f'<x:maintenanceYears xmlns:x="{EXT_NS}">5</x:maintenanceYears>'
    assert is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, {"maintenance": "07"}, extra=ext))
    bad = f'<x:maintenanceYears xmlns:x="{EXT_NS}">năm</x:maintenanceYears>'
    assert not is_valid("EAD_SIP.xsd", build(DOSSIER_SIP, extra=bad))


# --------------------------------------------------------------------------- document EAD_doc


def test_valid_sip_document_with_extension() -> None:
    ext = f'<x:signerFullName xmlns:x="{EXT_NS}">Trần Thị B</x:signerFullName>'
    ext += f'<x:priority xmlns:x="{EXT_NS}">1</x:priority>'
    ext += f'<x:dueDate xmlns:x="{EXT_NS}">15/03/2024</x:dueDate>'
    schema = load_schema("tt05", "EAD_doc_SIP.xsd")
    document = etree.fromstring(build(DOCUMENT_SIP, extra=ext))
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(f'<x:priority xmlns:x="{EXT_NS}">abc</x:priority>', id="priority-abc"),
        pytest.param(f'<x:priority xmlns:x="{EXT_NS}">12</x:priority>', id="priority-2-digits"),
        pytest.param(
            f'<x:signerFullName xmlns:x="{EXT_NS}">{"x" * 51}</x:signerFullName>',
            id="signer-too-long",
        ),
        pytest.param(f'<x:dueDate xmlns:x="{EXT_NS}">2024-03-15</x:dueDate>', id="due-iso"),
        pytest.param('<x:note xmlns:x="urn:other">n</x:note>', id="other-namespace"),
        pytest.param("<note>n</note>", id="no-namespace"),
    ],
)
def test_invalid_document_extension(extra: str) -> None:
    assert not is_valid("EAD_doc_SIP.xsd", build(DOCUMENT_SIP, extra=extra))


def test_undeclared_extension_element_is_skipped() -> None:
    # processContents="lax": only elements declared in archive-ext.xsd are type-checked.
    ext = f'<x:notYetDeclared xmlns:x="{EXT_NS}">anything</x:notYetDeclared>'
    assert is_valid("EAD_doc_SIP.xsd", build(DOCUMENT_SIP, extra=ext))


def test_extension_before_tt05_elements_is_rejected() -> None:
    ext = f'<x:signerFullName xmlns:x="{EXT_NS}">Trần Thị B</x:signerFullName>'
    document = build(DOCUMENT_SIP).replace(b"<simpledc>", b"<simpledc>" + ext.encode())
    assert not is_valid("EAD_doc_SIP.xsd", document)


def test_valid_aip_document() -> None:
    aip = {
        "arcFileCode": "H49.000.00.00.H49.2024.01",
        "mode": "02",
        "language": "01",
        "numberOfPage": "3",
        "docCode": "H49.000.00.00.H49.2024.010000001",
        "docOrdinal": "1",
        "typeName": "02",
        "issuedDate": "05/03/2024",
        "organName": "Ủy ban nhân dân tỉnh",
        "subject": "Quyết định thành lập Ban tổ chức",
    }
    assert is_valid("EAD_doc_AIP.xsd", build(aip))
    assert not is_valid("EAD_doc_AIP.xsd", build(aip, {"docOrdinal": "12345678"}))
    assert not is_valid("EAD_doc_AIP.xsd", build(aip, {"typeName": "33"}))
