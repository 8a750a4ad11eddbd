"""Hostile PDF features and disguised names at ingest (issue 13 item 8i): JavaScript, launch
actions and embedded files are warnings (errors with ``ingest_refuse_active_content``), an
empty ``.pdf`` and a bidi control in a name are always refused, a malformed PDF is a finding,
never a crash. The hostile PDFs are built here with pypdf."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from archive.packages.pdfscan import MAX_OBJECTS, scan_pdf
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run, run_json, snapshot

REFUSE = {"ARCHIVE_INGEST_REFUSE_ACTIVE_CONTENT": "true"}


def _name(value: str) -> NameObject:
    return NameObject(value)


def _javascript() -> DictionaryObject:
    return DictionaryObject(
        {_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("app.alert(1)")}
    )


def hostile_pdf(kind: str) -> bytes:
    """A one-page PDF with one hostile feature (``plain``: none)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    root = writer.root_object
    if kind == "openaction":
        root[_name("/OpenAction")] = writer._add_object(_javascript())
    elif kind == "names-js":
        tree = DictionaryObject(
            {
                _name("/Names"): ArrayObject(
                    [TextStringObject("x"), writer._add_object(_javascript())]
                )
            }
        )
        root[_name("/Names")] = DictionaryObject({_name("/JavaScript"): writer._add_object(tree)})
    elif kind == "launch":
        action = DictionaryObject(
            {_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("cmd.exe")}
        )
        annot = DictionaryObject(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Subtype"): _name("/Link"),
                _name("/Rect"): ArrayObject([FloatObject(0)] * 4),
                _name("/A"): action,
            }
        )
        page[_name("/Annots")] = ArrayObject([writer._add_object(annot)])
    elif kind == "page-aa":  # JavaScript run when the page is shown
        page[_name("/AA")] = DictionaryObject({_name("/O"): writer._add_object(_javascript())})
    elif kind == "embedded":
        writer.add_attachment("hoa-don.exe", b"MZ" + bytes(64))
    elif kind == "action-loop":  # /Next chains that point back at themselves
        first = writer._add_object(DictionaryObject({_name("/S"): _name("/GoTo")}))
        second = writer._add_object(DictionaryObject({_name("/S"): _name("/GoTo")}))
        first.get_object()[_name("/Next")] = second
        second.get_object()[_name("/Next")] = first
        root[_name("/OpenAction")] = first
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------- the scanner


@pytest.mark.parametrize(
    ("kind", "feature"),
    [
        ("openaction", "javascript"),
        ("names-js", "javascript"),
        ("page-aa", "javascript"),
        ("launch", "launch"),
        ("embedded", "embedded"),
    ],
)
def test_each_feature_is_found(tmp_path: Path, kind: str, feature: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(hostile_pdf(kind))
    found = scan_pdf(path)
    assert getattr(found, feature), found
    others = {"javascript", "launch", "embedded"} - {feature}
    assert not any(getattr(found, name) for name in others) and found.unreadable is None


def test_plain_and_looping_pdfs_are_clean_and_bounded(tmp_path: Path) -> None:
    for kind in ("plain", "action-loop"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(hostile_pdf(kind))
        found = scan_pdf(path)
        assert (found.javascript, found.launch, found.embedded, found.unreadable) == (
            [],
            [],
            [],
            None,
        )


def test_a_page_tree_too_large_to_check_is_a_finding(tmp_path: Path) -> None:
    """More pages (each one object to look at) than the scan's budget."""
    writer = PdfWriter()
    for _ in range(MAX_OBJECTS // 2 + 10):
        writer.add_blank_page(10, 10)
    path = tmp_path / "many.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "objects" in (scan_pdf(path).unreadable or "")


def test_malformed_pdfs_become_findings(tmp_path: Path) -> None:
    for name, data in (
        ("truncated.pdf", hostile_pdf("openaction")[:300]),
        ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert scan_pdf(path).unreadable, name


# ---------------------------------------------------------------------- at ingest


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("active") / "home"
    assert run(home, "init").exit_code == 0
    return home


def _package(tmp: Path, n: int, content: bytes, filename: str | None = None) -> Path:
    sip = sips.sip_input(n, 1)
    doc = sip.documents[0]
    doc = replace(doc, content=content, filename=filename or doc.filename)
    sip = replace(sip, documents=[doc])
    tree = write_sip(sip, tmp / "tree", objid=f"uuid-00000000-0000-4000-8000-{n:012d}")
    return zip_tree(tree, tmp / f"{n}.zip")


def _ingest(home: Path, package: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    if env is None:
        exit_code, results = run_json(home, "ingest", str(package))
    else:
        result = run(home, "ingest", str(package), "--json", env=env)
        exit_code, results = result.exit_code, json.loads(result.stdout)
    (result_,) = results
    assert exit_code == (0 if result_["status"] == "accepted" else 1)
    return dict(result_)


def _codes(result: dict[str, object], severity: str) -> set[str]:
    findings = result["findings"]
    assert isinstance(findings, list)
    return {f["code"] for f in findings if f["severity"] == severity}


def test_active_content_is_a_warning_by_default(home: Path, tmp_path: Path) -> None:
    for n, kind, code in (
        (61, "openaction", "PDF002"),
        (62, "launch", "PDF003"),
        (63, "embedded", "PDF004"),
    ):
        result = _ingest(home, _package(tmp_path / kind, n, hostile_pdf(kind)))
        assert result["status"] == "accepted", result
        assert code in _codes(result, "warning")
        found = next(f for f in result["findings"] if f["code"] == code)  # type: ignore[attr-defined]
        assert found["message_vi"] and found["message_en"] and found["path"].endswith(".pdf")


def test_the_setting_refuses_active_content(home: Path, tmp_path: Path) -> None:
    for n, kind, code in ((71, "names-js", "PDF002"), (72, "embedded", "PDF004")):
        before = snapshot(home)
        result = _ingest(home, _package(tmp_path / kind, n, hostile_pdf(kind)), REFUSE)
        assert result["status"] == "refused" and code in _codes(result, "error"), result
        assert snapshot(home) == before
    bad = _package(tmp_path / "bad", 73, b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert "PDF005" in _codes(_ingest(home, bad, REFUSE), "error")


def test_an_empty_pdf_and_a_bidi_name_are_always_refused(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    empty = _ingest(home, _package(tmp_path / "empty", 81, b""))
    assert empty["status"] == "refused" and "PDF001" in _codes(empty, "error")
    disguised = "hop-dong\u202efdp.exe"  # shown by a bidi-aware screen as "hop-dongexe.pdf"
    named = _ingest(home, _package(tmp_path / "rlo", 82, hostile_pdf("plain"), disguised))
    assert named["status"] == "refused" and "NAM001" in _codes(named, "error")
    message = next(f for f in named["findings"] if f["code"] == "NAM001")  # type: ignore[attr-defined]
    assert "U+202E" in message["message_en"] and "\u202e" not in message["message_en"]
    assert snapshot(home) == before
