"""Tests for archive.demo.samples: the demo dossiers are valid TT05 SIPs that ingest cleanly."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
)
from archive.config import load_settings
from archive.demo import DEMO_OBJIDS, cached_demo_sips, demo_sip_inputs, write_demo_sips
from archive.demo import samples as samples_module
from archive.demo.pdf import ORGANISATION_FIELD, PERSONAL_FIELD
from archive.demo.pki import DemoPki, create_demo_pki
from archive.demo.samples import DEMO_CREATED, DEMO_DOSSIERS
from archive.identifiers import ORGAN_ID_RE, parse_doc_code, parse_file_code
from archive.packages.fieldcheck import check_fields
from archive.packages.metsxml import iso_now
from archive.packages.sipread import read_sip
from archive.packages.sipwrite import SipDocument, SipInput
from archive.packages.unpack import unpack
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationSettings, validate_pdf


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return create_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def sips(pki: DemoPki) -> list[SipInput]:
    return demo_sip_inputs(pki)


@pytest.fixture(scope="module")
def zips(
    pki: DemoPki, sips: list[SipInput], tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    return write_demo_sips(tmp_path_factory.mktemp("zips"), pki, inputs=sips)


def _documents(sips: list[SipInput]) -> Iterator[tuple[SipInput, SipDocument]]:
    for sip in sips:
        for doc in sip.documents:
            yield sip, doc


def _pdfs(sips: list[SipInput]) -> Iterator[tuple[SipDocument, bytes]]:
    for _, doc in _documents(sips):
        if doc.filename.endswith(".pdf"):
            assert isinstance(doc.content, bytes)
            yield doc, doc.content


def _reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(BytesIO(pdf))


def _page_count(pdf: bytes) -> int:
    return int(_reader(pdf).root["/Pages"]["/Count"])


def _unsigned_revision(pdf: bytes) -> bytes:
    """The rendered PDF: everything up to the first %%EOF (signatures are appended after it)."""
    return pdf[: pdf.index(b"%%EOF") + len(b"%%EOF")]


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def _names(specs: Any) -> set[str]:
    return {spec.name for spec in specs}


def _ingest(package: Path, staging: Path) -> tuple[Any, list[dict[str, Any]]]:
    settings = load_settings(home=staging / "home", secret_records="isolated")  # dossier 4: Mật
    pkg, report = unpack(package, staging / "stage", settings)
    assert pkg is not None, [f.as_dict() for f in report.findings]
    sip = read_sip(pkg, settings, report)
    findings = [f.as_dict() for f in report.findings]
    assert report.ok, findings
    return sip, findings


# --- metadata -------------------------------------------------------------------------------


def test_four_dossiers_with_two_to_four_documents(sips: list[SipInput]) -> None:
    assert len(sips) == len(DEMO_OBJIDS) == len(DEMO_DOSSIERS) == 4
    assert all(2 <= len(sip.documents) <= 4 for sip in sips)


def test_dossier_values_pass_the_field_tables(sips: list[SipInput]) -> None:
    for sip in sips:
        path = sip.dossier["fileCode"]
        assert check_fields(sip.dossier, DOSSIER_SIP_FIELDS, path) == []
        assert check_fields(sip.dossier_ext, EXT_DOSSIER_FIELDS, path) == []
        # simpledc() silently drops unknown names: make sure there are none.
        assert set(sip.dossier) <= _names(DOSSIER_SIP_FIELDS)
        assert set(sip.dossier_ext) <= _names(EXT_DOSSIER_FIELDS)
        assert sip.dossier_ext["creator"]
        assert sip.creator_name and sip.fonds_code


def test_document_values_pass_the_field_tables(sips: list[SipInput]) -> None:
    for sip, doc in _documents(sips):
        path = doc.values["docCode"]
        assert check_fields(doc.values, DOCUMENT_SIP_FIELDS, path) == []
        assert check_fields(doc.ext, EXT_DOCUMENT_FIELDS, path) == []
        assert set(doc.values) <= _names(DOCUMENT_SIP_FIELDS)
        assert set(doc.ext) <= _names(EXT_DOCUMENT_FIELDS)
        assert doc.values["mode"] == sip.dossier["mode"]
        assert doc.values["maintenance"] == sip.dossier["maintenance"]
        assert doc.values["language"] == "01"
        assert doc.values["confidenceLevel"] == "01"
        assert doc.values["process"] == "0"
        assert (doc.values["riskRecovery"] == "1") == ("riskRecoveryStatus" in doc.values)


def test_signed_documents_carry_the_nd30_extension_fields(sips: list[SipInput]) -> None:
    for doc, _ in _pdfs(sips):
        assert doc.ext["signerPosition"] and doc.ext["signerFullName"] and doc.ext["recipients"]
        assert doc.ext["priority"] == "0"
        assert doc.values["codeNumber"] and doc.values["codeNotation"]
        organ, year, number = doc.values["docId"].split(",")
        assert len(doc.values["docId"]) <= 25
        assert ORGAN_ID_RE.fullmatch(organ), organ
        assert (year, number) == (doc.values["issuedDate"][-4:], doc.values["codeNumber"])


def test_file_and_doc_codes_are_well_formed(sips: list[SipInput]) -> None:
    for sip in sips:
        file_code = sip.dossier["fileCode"]
        parsed = parse_file_code(file_code)
        assert parsed is not None, file_code
        assert parsed.year == int(sip.dossier["startDate"][-4:])
        names = [doc.filename for doc in sip.documents]
        assert len(set(names)) == len(names)
        for ordinal, doc in enumerate(sip.documents, start=1):
            assert parse_doc_code(doc.values["docCode"]) == (file_code, ordinal)
            assert doc.filename.rsplit(".", 1)[0] == doc.values["docCode"]
            assert " " not in doc.filename


def test_modes_and_retention_codes_are_varied(sips: list[SipInput]) -> None:
    modes = {sip.dossier["mode"] for sip in sips}
    assert {"01", "02", "03"} <= modes
    codes = {sip.dossier["maintenance"] for sip in sips}
    assert len(codes) >= 3
    assert {"01", "05", "06", "07"} <= codes
    for sip in sips:
        years = sip.dossier_ext.get("maintenanceYears")
        assert (years == "5") if sip.dossier["maintenance"] == "07" else (years is None)


def test_counts_add_up(sips: list[SipInput]) -> None:
    for sip in sips:
        assert int(sip.dossier["totalDoc"]) == len(sip.documents)
        pages = sum(int(doc.values["numberOfPage"]) for doc in sip.documents)
        assert int(sip.dossier["numberOfPage"]) == pages
        dates = sorted(_day(doc.values["issuedDate"]) for doc in sip.documents)
        assert (_day(sip.dossier["startDate"]), _day(sip.dossier["endDate"])) == (
            dates[0],
            dates[-1],
        )


def test_document_pages_equal_pdf_pages(sips: list[SipInput]) -> None:
    counts = [_page_count(pdf) for _, pdf in _pdfs(sips)]
    assert counts == [int(doc.values["numberOfPage"]) for doc, _ in _pdfs(sips)]
    assert max(counts) >= 2  # one document flows onto a second page


def test_search_anchors_are_present(sips: list[SipInput]) -> None:
    texts = [sip.dossier["title"] for sip in sips]
    texts += [doc.values["subject"] for _, doc in _documents(sips)]
    assert any("Quyết định" in text for text in texts)
    symbols = {
        (d.values.get("codeNumber"), d.values.get("codeNotation")) for _, d in _documents(sips)
    }
    assert ("123", "QĐ-UBND") in symbols
    decision = next(d for _, d in _documents(sips) if d.values.get("codeNumber") == "123")
    assert decision.values["typeName"] == "02"


def test_one_dossier_mixes_formats(sips: list[SipInput]) -> None:
    others = [doc for _, doc in _documents(sips) if not doc.filename.endswith(".pdf")]
    assert others
    for doc in others:
        assert doc.values["typeName"] == "32"
        assert doc.values["numberOfPage"] == "1"
        assert isinstance(doc.content, bytes)
        assert doc.content.decode("utf-8").startswith("Số hiệu điểm,")


# --- PDFs -----------------------------------------------------------------------------------


def test_each_pdf_is_signed_by_its_signer_then_its_agency(sips: list[SipInput]) -> None:
    for doc, pdf in _pdfs(sips):
        reader = _reader(pdf)
        signatures = reader.embedded_regular_signatures
        assert [s.field_name for s in signatures] == [PERSONAL_FIELD, ORGANISATION_FIELD]
        assert len(reader.embedded_timestamp_signatures) == 1
        personal, organisation = (s.signer_cert.subject.native for s in signatures)
        assert personal["common_name"] == doc.ext["signerFullName"]
        assert personal["title"] == doc.ext["signerPosition"]
        assert organisation["common_name"] == doc.values["organName"]


def test_pdf_text_matches_the_metadata(sips: list[SipInput]) -> None:
    for doc, pdf in _pdfs(sips):
        reader = _reader(pdf)
        info = reader.trailer_view["/Info"]
        symbol = f"{doc.values['codeNumber']}/{doc.values['codeNotation']}"
        assert info["/Title"].startswith(f"Số: {symbol} ")
        assert info["/Subject"] == doc.values["subject"]
        day, month, year = doc.values["issuedDate"].split("/")
        assert info["/CreationDate"].startswith(f"D:{year}{month}{day}")
        reason = reader.embedded_signatures[0].sig_object["/Reason"]
        assert reason == f"Ký ban hành văn bản số {symbol}"


def test_main_documents_validate_total_passed_offline(
    pki: DemoPki, sips: list[SipInput], tmp_path: Path
) -> None:
    """What ingest checks (NĐ 30 applies to the main document): the archive's own validator,
    no network, the demo root as the only trust anchor."""
    settings = ValidationSettings(TrustStore.from_paths([pki.root_cert_path]), fetch=False)
    for sip in sips:
        main = sip.documents[0]
        assert main.filename.endswith(".pdf") and isinstance(main.content, bytes)
        path = tmp_path / main.filename
        path.write_bytes(main.content)
        report, data = validate_pdf(path, settings)
        statuses = [(s.kind, s.pades_level, s.status) for s in report.signatures]
        assert statuses == [
            ("personal", "B-LTA", "TOTAL_PASSED"),
            ("organisation", "B-LTA", "TOTAL_PASSED"),
            ("timestamp", "DocTimeStamp", "TOTAL_PASSED"),
        ], main.filename
        assert report.nd30 == {"personal": True, "organisation": True}
        assert len(data.crls) == 2  # stored with the AIP, so the verdict can be redone


def test_same_pki_gives_the_same_rendered_documents(pki: DemoPki, sips: list[SipInput]) -> None:
    again = demo_sip_inputs(pki)
    for first, second in zip(sips, again, strict=True):
        assert (first.dossier, first.dossier_ext) == (second.dossier, second.dossier_ext)
        for a, b in zip(first.documents, second.documents, strict=True):
            assert (a.values, a.ext, a.filename) == (b.values, b.ext, b.filename)
            assert isinstance(a.content, bytes) and isinstance(b.content, bytes)
            if a.filename.endswith(".pdf"):
                assert _unsigned_revision(a.content) == _unsigned_revision(b.content)
            else:
                assert a.content == b.content


# --- packages -------------------------------------------------------------------------------


def test_zip_names_follow_the_transfer_order(zips: list[Path]) -> None:
    assert [p.name for p in zips] == [f"{n}-{o}.zip" for n, o in enumerate(DEMO_OBJIDS, 1)]
    assert sorted(p.name for p in zips[0].parent.iterdir()) == sorted(p.name for p in zips)
    for path, objid in zip(zips, DEMO_OBJIDS, strict=True):
        with zipfile.ZipFile(path) as zf:
            assert {name.split("/", 1)[0] for name in zf.namelist()} == {objid}
            mets = zf.read(f"{objid}/METS.xml").decode()
        assert f'CREATEDATE="{iso_now(DEMO_CREATED)}"' in mets
        assert iso_now(DEMO_CREATED).endswith("+07:00")


def test_zipped_packages_pass_the_ingest_validator(
    zips: list[Path], sips: list[SipInput], tmp_path: Path
) -> None:
    for n, (path, objid, expected) in enumerate(zip(zips, DEMO_OBJIDS, sips, strict=True)):
        sip, findings = _ingest(path, tmp_path / f"stage-{n}")
        assert sip is not None and findings == [], findings
        assert sip.objid == objid
        assert sip.creator_name == expected.creator_name
        assert sip.fonds_code == expected.fonds_code
        assert str(sip.file_code) == expected.dossier["fileCode"]
        assert [d.values["docCode"] for d in sip.documents] == [
            d.values["docCode"] for d in expected.documents
        ]


def test_folders_when_not_zipped(pki: DemoPki, sips: list[SipInput], tmp_path: Path) -> None:
    out = tmp_path / "out"
    folders = write_demo_sips(out, pki, zipped=False, inputs=sips)
    assert folders == [out / objid for objid in DEMO_OBJIDS]
    sip, findings = _ingest(folders[0], tmp_path / "stage")
    assert sip is not None and findings == [], findings


# --- cached packages ------------------------------------------------------------------------


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch, zips: list[Path]) -> list[Path]:
    """Stand in for write_demo_sips (copies of ``zips``) and record every directory written."""
    calls: list[Path] = []

    def fake(out_dir: Path, pki: DemoPki, *, zipped: bool = True, inputs: Any = None) -> list[Path]:
        del pki
        assert zipped and inputs is None
        calls.append(out_dir)
        return [Path(shutil.copy2(path, out_dir / path.name)) for path in zips]

    monkeypatch.setattr(samples_module, "write_demo_sips", fake)
    return calls


def test_cached_sips_are_written_once_then_reused(
    pki: DemoPki, zips: list[Path], writes: list[Path], tmp_path: Path
) -> None:
    cache = tmp_path / "pki" / "sips"

    first = cached_demo_sips(cache, pki)
    contents = [path.read_bytes() for path in first]
    second = cached_demo_sips(cache, pki)

    assert len(writes) == 1
    assert first == second == [cache / path.name for path in zips]
    assert [path.read_bytes() for path in second] == contents
    assert contents == [path.read_bytes() for path in zips]
    stamp = json.loads((cache / "demo-sips.json").read_text(encoding="utf-8"))
    assert stamp["packages"] == [path.name for path in zips]
    assert sorted(p.name for p in cache.parent.iterdir()) == ["sips"]  # no scratch left
    assert cache.stat().st_mode & 0o777 == 0o755


def test_cached_sips_are_written_again_when_incomplete_or_from_another_root(
    pki: DemoPki, writes: list[Path], tmp_path: Path
) -> None:
    cache = tmp_path / "sips"
    paths = cached_demo_sips(cache, pki)

    paths[2].unlink()
    assert cached_demo_sips(cache, pki) == paths
    assert paths[2].is_file()
    assert len(writes) == 2

    other = create_demo_pki(tmp_path / "other-pki")
    cached_demo_sips(cache, other)
    assert len(writes) == 3
    cached_demo_sips(cache, other)
    assert len(writes) == 3

    (cache / "demo-sips.json").write_text("not json", encoding="utf-8")
    cached_demo_sips(cache, other)
    assert len(writes) == 4
