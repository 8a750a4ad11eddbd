"""Hostile and bad input: each package is refused whole, with its coded finding and exit code 1,
and the catalog and the store are byte-identical before and after."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from archive.packages.sipwrite import SipDocument, write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run, run_json, snapshot
from tests.support.tamper import replace_file, zip_with_entries

EAD = "metadata/descriptive/EAD.xml"
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE simpledc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<simpledc><fileCode>&xxe;</fileCode></simpledc>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<simpledc><title>&lol2;</title></simpledc>"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive with one dossier already in it."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    assert run(home, "init").exit_code == 0
    good = sips.write_zip(tmp_path_factory.mktemp("good"), 9)
    assert run(home, "ingest", str(good)).exit_code == 0
    return home


def _folder(tmp: Path, sip_change: Callable[[sips.SipInput], sips.SipInput] | None = None) -> Path:
    sip = sips.sip_input(1)
    if sip_change:
        sip = sip_change(sip)
    return write_sip(sip, tmp / "tree", objid="uuid-hostile", created=sips.CREATED)


def _zip_slip(tmp: Path) -> Path:
    return zip_with_entries(tmp / "p.zip", [("pkg/METS.xml", b"<x/>"), ("../../evil.txt", b"x")])


def _absolute(tmp: Path) -> Path:
    return zip_with_entries(tmp / "p.zip", [("pkg/METS.xml", b"<x/>"), ("/tmp/evil.txt", b"x")])


def _zip_symlink(tmp: Path) -> Path:
    info = zipfile.ZipInfo("pkg/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return zip_with_entries(tmp / "p.zip", [("pkg/METS.xml", b"<x/>"), (info, b"/etc/passwd")])


def _zip_bomb(tmp: Path) -> Path:
    return zip_with_entries(
        tmp / "p.zip", [("pkg/METS.xml", b"<x/>"), ("pkg/bomb.bin", bytes(64 * 1024 * 1024))]
    )


def _dir_symlink(tmp: Path) -> Path:
    pkg = _folder(tmp)
    (pkg / "representations/rep1/data/link.pdf").symlink_to("/etc/passwd")
    return pkg


def _replace(rel: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        pkg = _folder(tmp)
        replace_file(pkg, rel, data)
        return zip_tree(pkg, tmp / "p.zip")

    return make


def _missing_file(tmp: Path) -> Path:
    pkg = _folder(tmp)
    next((pkg / "representations/rep1/data").iterdir()).unlink()
    return zip_tree(pkg, tmp / "p.zip")


def _extra_file(tmp: Path) -> Path:
    pkg = _folder(tmp)
    (pkg / "representations/rep1/data/unlisted.pdf").write_bytes(b"%PDF-1.4 not listed")
    return zip_tree(pkg, tmp / "p.zip")


def _wrong_sha256(tmp: Path) -> Path:
    pkg = _folder(tmp)
    data = next((pkg / "representations/rep1/data").iterdir())
    data.write_bytes(data.read_bytes()[:-1] + b"X")
    return zip_tree(pkg, tmp / "p.zip")


def _sip(change: Callable[[sips.SipInput], sips.SipInput]) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        return zip_tree(_folder(tmp, change), tmp / "p.zip")

    return make


def _bad_doc(**values: str) -> Callable[[sips.SipInput], sips.SipInput]:
    def change(sip: sips.SipInput) -> sips.SipInput:
        first = sip.documents[0]
        doc = SipDocument({**first.values, **values}, first.filename, first.content, first.ext)
        return replace(sip, documents=[doc, *sip.documents[1:]])

    return change


def _duplicate_doc_code(sip: sips.SipInput) -> sips.SipInput:
    second = sip.documents[1]
    dup = SipDocument(
        {**second.values, "docCode": sip.documents[0].values["docCode"]},
        second.filename,
        second.content,
        second.ext,
    )
    return replace(sip, documents=[sip.documents[0], dup])


def _not_a_package(tmp: Path) -> Path:
    path = tmp / "note.txt"
    path.write_text("không phải gói tin")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip-slip": (_zip_slip, "ZIP002"),
    "absolute-path": (_absolute, "ZIP002"),
    "zip-symlink": (_zip_symlink, "ZIP003"),
    "zip-bomb": (_zip_bomb, "ZIP004"),
    "dir-symlink": (_dir_symlink, "PKG004"),
    "not-a-package": (_not_a_package, "PKG002"),
    "xxe": (_replace(EAD, XXE), "XML002"),
    "billion-laughs": (_replace(EAD, LAUGHS), "XML002"),
    "malformed-xml": (_replace(EAD, b"<simpledc><title>unclosed</simpledc>"), "XML001"),
    "missing-file": (_missing_file, "MET004"),
    "extra-unlisted-file": (_extra_file, "MET005"),
    "wrong-sha256": (_wrong_sha256, "FIX001"),
    "invalid-mode-code": (_sip(lambda s: sips.with_dossier(s, mode="09")), "COD001"),
    "invalid-type-code": (_sip(_bad_doc(typeName="99")), "COD001"),
    "invalid-language": (_sip(lambda s: sips.with_dossier(s, language="01, 42")), "COD001"),
    "malformed-file-code": (_sip(lambda s: sips.with_dossier(s, fileCode="H49-2024-VP")), "ID001"),
    "malformed-doc-code": (_sip(_bad_doc(docCode="000.00.00.H49.2024.01.VP.1")), "ID002"),
    "duplicate-doc-code": (_sip(_duplicate_doc_code), "ID003"),
    "bad-date": (_sip(lambda s: sips.with_dossier(s, startDate="2024-03-01")), "VAL003"),
    "wrong-total": (_sip(lambda s: sips.with_dossier(s, totalDoc="5")), "CNT001"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_whole_and_archive_unchanged(home: Path, tmp_path: Path, case: str) -> None:
    make, code = CASES[case]
    package = make(tmp_path)
    before = snapshot(home)
    exit_code, results = run_json(home, "ingest", str(package))
    assert exit_code == 1
    (result,) = results
    assert result["status"] == "refused"
    codes = [f["code"] for f in result["findings"]]
    assert code in codes, result["findings"]
    found = next(f for f in result["findings"] if f["code"] == code)
    assert found["message_vi"] and found["message_en"] and found["severity"] == "error"
    assert snapshot(home) == before
    assert not list((home / "staging").iterdir())


def test_xxe_never_reads_the_file(home: Path, tmp_path: Path) -> None:
    _, results = run_json(home, "ingest", str(_replace(EAD, XXE)(tmp_path)))
    assert "root:" not in str(results)


def test_human_output_names_the_problem(home: Path, tmp_path: Path) -> None:
    result = run(home, "ingest", str(_sip(lambda s: sips.with_dossier(s, mode="09"))(tmp_path)))
    assert result.exit_code == 1
    assert "COD001" in result.stdout and "mode" in result.stdout
