"""Transfer to the historical archive: eligibility, registration, SIP_hoso export checked by the
outside oracles (eark-validator V2.0.4 offline, the METS and TT05 XSDs), a round trip into a
second archive home, receipts and states, and the deletion of the local copy."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import select

from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Document, Dossier
from archive.catalog.xsd import load_schema
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict
from archive.faults import InjectedFault
from archive.retention.holds import place_hold, release_hold
from archive.retention.listobject import read_file
from archive.retention.models import Transfer
from archive.safexml import parser
from archive.signatures.models import FileValidation
from archive.transfer.batch import batch_object_id, transfers
from archive.transfer.deletion import delete_transferred
from archive.transfer.export import export
from archive.transfer.receipt import record_receipt
from archive.transfer.registration import register
from tests.support import eark
from tests.support.drill import assert_rebuilds
from tests.support.retention import ingest_dossier

LAN = person_agent("lan")
METS_NS = {"m": "http://www.loc.gov/METS/", "x": "http://www.w3.org/1999/xlink"}
SKIP = {
    "id",
    "object_id",
    "object_version",
    "ingested_at",
    "status",
    "sip_objid",
    "package_fingerprint",
    "fonds_id",
    "dossier_id",
}


def _row(obj: object) -> dict[str, Any]:
    table = obj.__table__  # type: ignore[attr-defined]
    return {c.name: getattr(obj, c.key) for c in table.columns if c.name not in SKIP}


def _snapshot(archive: Archive, codes: list[str]) -> dict[str, Any]:
    """Metadata, originals and validation outcomes of dossiers, as the catalog holds them."""
    out: dict[str, Any] = {}
    with unit_of_work(archive.sessions) as s:
        for code in codes:
            d = s.scalars(select(Dossier).where(Dossier.arc_file_code == code)).one()
            docs = s.scalars(select(Document).where(Document.dossier_id == d.id)).all()
            originals = {f.path: (f.sha256, f.size) for f in d.files if f.role == "original"}
            outcomes = {
                f.path: v.bottom_line
                for f in d.files
                for v in s.scalars(select(FileValidation).where(FileValidation.file_id == f.id))
            }
            out[code] = {
                "dossier": _row(d),
                "documents": [_row(doc) for doc in docs],
                "originals": originals,
                "validation": outcomes,
            }
    return out


def _xsd_check(zip_path: Path, tmp: Path) -> None:
    """Every METS against METS 1.12, EAD/EAD_doc against the TT05 XSDs, every SHA-256."""
    root = tmp / zip_path.stem
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root)
    (pkg,) = root.iterdir()
    mets_xsd = load_schema("mets", "mets.xsd")
    checks = {
        "METS.xml": mets_xsd,
        "representations/rep1/METS.xml": mets_xsd,
        "metadata/descriptive/EAD.xml": load_schema("tt05", "EAD_SIP.xsd"),
    }
    for ead_doc in (pkg / "representations/rep1/metadata/descriptive").glob("EAD_doc_*.xml"):
        checks[ead_doc.relative_to(pkg).as_posix()] = load_schema("tt05", "EAD_doc_SIP.xsd")
    for rel, schema in checks.items():
        tree = etree.parse(str(pkg / rel), parser())
        assert schema.validate(tree), (rel, schema.error_log)
    listed = 0
    for mets_rel, base in (
        ("METS.xml", pkg),
        ("representations/rep1/METS.xml", pkg / "representations/rep1"),
    ):
        tree = etree.parse(str(pkg / mets_rel), parser())
        for el in [*tree.iterfind(".//m:file", METS_NS), *tree.iterfind(".//m:mdRef", METS_NS)]:
            href = el.get("{http://www.w3.org/1999/xlink}href") or el.find("m:FLocat", METS_NS).get(
                "{http://www.w3.org/1999/xlink}href"
            )
            assert el.get("CHECKSUMTYPE") == "SHA-256"
            assert el.get("CHECKSUM") == hashlib.sha256((base / href).read_bytes()).hexdigest()
            listed += 1
    files = [p for p in pkg.rglob("*") if p.is_file()]
    assert listed == len(files) - 1  # every file but the root METS itself


@pytest.fixture
def second(tmp_path: Path, catalog_url: str) -> Any:
    url = catalog_url.replace("catalog.sqlite3", "second.sqlite3")
    if url == catalog_url:  # PostgreSQL: a database of its own is not needed, use SQLite
        url = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    settings = load_settings(home=tmp_path / "second", database_url=url)
    with open_archive(settings, create=True) as opened:
        yield opened


def test_register_export_round_trip_receipt_delete(
    archive: Archive, second: Archive, tmp_path: Path
) -> None:
    public = ingest_dossier(archive, tmp_path, 1, maintenance="01", docs=2)
    conditional = ingest_dossier(archive, tmp_path, 2, maintenance="01", mode="02", docs=1)
    secret = ingest_dossier(archive, tmp_path, 3, maintenance="01", mode="03")
    fixed = ingest_dossier(archive, tmp_path, 4, maintenance="06")
    out = tmp_path / "out"
    out.mkdir()
    for code, why in ((secret, "secret"), (fixed, "only permanent")):
        with pytest.raises(Conflict, match=why):
            register(archive, [code], LAN, out)
    hold = place_hold(archive, public, "Thanh tra", LAN)
    with pytest.raises(Conflict, match="held"):
        register(archive, [public, conditional], LAN, out)
    release_hold(archive, hold.id, "xong", LAN)

    data = register(archive, [public, conditional], LAN, out, contact="Lan")
    request = data["requestCode"]
    assert data["totalDossiers"] == 2 and data["totalDocuments"] == 3
    assert data["totalSize"] > 0 and data["mucLuc"][1]["Mức độ tiếp cận"] == "Sử dụng có điều kiện"
    assert {p.name for p in out.iterdir()} == {
        f"registration-{request}.json",
        *(f"muc-luc-{request}.{f}" for f in ("csv", "xlsx", "pdf")),
    }

    result = export(archive, [public, conditional], out, LAN)

    zips = [out / p["zip"] for p in result.packages]
    assert [z.name[:3] for z in zips] == ["001", "002"]
    assert f"muc-luc-ho-so-nop-luu-{request}.pdf" in result.muc_luc
    for z, report in zip(zips, eark.validate(*zips), strict=True):
        assert report["structure"]["status"] == "WellFormed"
        # SIP14 cannot be met together with the METS XSD (see test_sip14_contradiction)
        assert eark.errors(report) == {"structure": [], "schema": [], "schematron": ["SIP14"]}
        _xsd_check(z, tmp_path / "unzipped")
        with zipfile.ZipFile(z) as zf:
            names = zf.namelist()
        assert any("/documentation/transfer.json" in n for n in names)
        assert any(
            "/documentation/preservation/metadata/preservation/PREMIS.xml" in n for n in names
        )

    for z in zips:  # round trip into a second archive home
        assert second.ingest(z, person_agent("receiver")).status == "accepted"
    assert _snapshot(second, [public, conditional]) == _snapshot(archive, [public, conditional])

    receipt = tmp_path / "receipt.csv"
    receipt.write_text(
        f"arcFileCode,result,reason\n{public},đồng ý,\n{conditional},trả lại,Thiếu văn bản\n",
        encoding="utf-8",
    )
    with pytest.raises(Conflict, match="only after acceptance"):
        delete_transferred(archive, public, LAN)
    assert [r["result"] for r in record_receipt(archive, receipt, LAN)] == [
        "accepted",
        "returned",
    ]
    with unit_of_work(archive.sessions) as s:
        states = dict(s.execute(select(Transfer.arc_file_code, Transfer.state)).all())
        status = s.scalar(select(Dossier.status).where(Dossier.arc_file_code == public))
    assert states == {public: "accepted", conditional: "returned"} and status == "transferred"
    assert assert_rebuilds(archive)["transfers"] == 2  # the dossier's status too
    with pytest.raises(Conflict, match="only after acceptance"):
        delete_transferred(archive, conditional, LAN)

    gone = delete_transferred(archive, public, LAN)

    assert gone["state"] == "deleted"
    with unit_of_work(archive.sessions) as s:
        assert s.scalar(select(Dossier).where(Dossier.arc_file_code == public)) is None
    record = json.loads(
        read_file(archive, batch_object_id(request), f"deleted/{public}/record.json")
    )
    assert record["transfer"] == request and record["packageSha256"] == result.packages[0]["sha256"]
    assert archive.verify_audit().ok
    # a returned dossier can be exported again, into a fresh folder
    (tmp_path / "again").mkdir()
    again = export(archive, [conditional], tmp_path / "again", LAN)
    assert again.packages[0]["objid"] == result.packages[1]["objid"]
    assert {t["arcFileCode"]: t["state"] for t in transfers(archive)} == {
        public: "deleted",
        conditional: "exported",
    }
    assert_rebuilds(archive)


def test_a_document_s_own_mode_wins_over_its_dossier_s_in_a_transfer(
    archive: Archive, tmp_path: Path
) -> None:
    """A Mật (03) document inside a Công khai (01) permanent dossier keeps the whole dossier
    out of the transfer until it is declassified; a Hạn chế (02) document makes the Mục lục
    list its dossier as Hạn chế, not Công khai."""
    hiding = ingest_dossier(archive, tmp_path, 5, maintenance="01", mode="01", doc_mode="03")
    mixed = ingest_dossier(archive, tmp_path, 6, maintenance="01", mode="01", doc_mode="02")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Conflict, match="giải mật") as caught:
        register(archive, [hiding], LAN, out)
    assert ".0000001" in str(caught.value)  # names the secret document
    assert transfers(archive) == [] and list(out.iterdir()) == []

    data = register(archive, [mixed], LAN, out)
    assert data["mucLuc"][0]["Mức độ tiếp cận"] == "Sử dụng có điều kiện"


def test_sip14_contradiction_with_the_mets_xsd(tmp_path: Path) -> None:
    """eark-validator 1.1.3's SIP14 wants an unqualified @NOTETYPE on every CREATOR agent note;
    CSIP15/16 require that note, and METS 1.12 allows only namespaced extra attributes on it —
    so adding the attribute trades SIP14 for a schema error (ADR 0008)."""
    from archive.packages.sipwrite import zip_tree
    from archive.transfer.package import write_transfer_sip
    from tests.support import sips

    pkg = write_transfer_sip(
        sips.sip_input(1),
        {"a.txt": b"x"},
        tmp_path,
        objid="uuid-00000000-0000-4000-8000-000000000001",
    ).folder
    mets = (
        (pkg / "METS.xml")
        .read_bytes()
        .replace(
            b'csip:NOTETYPE="SOFTWARE VERSION"',
            b'csip:NOTETYPE="SOFTWARE VERSION" NOTETYPE="IDENTIFICATIONCODE"',
        )
    )
    (pkg / "METS.xml").write_bytes(mets)
    (report,) = eark.validate(zip_tree(pkg, tmp_path / "x.zip"))
    errors = eark.errors(report)
    assert errors["schematron"] == [] and errors["schema"] != []


def test_deletion_interrupted_after_erase_completes_on_retry(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = ingest_dossier(archive, tmp_path, 1, maintenance="01")
    out = tmp_path / "out"
    out.mkdir()
    register(archive, [code], LAN, out)
    export(archive, [code], out, LAN)
    receipt = tmp_path / "r.csv"
    receipt.write_text(f"arcFileCode,result,reason\n{code},accepted,\n", encoding="utf-8")
    record_receipt(archive, receipt, LAN)
    monkeypatch.setenv("ARCHIVE_FAULT", "transfer_local_copy_erased:raise")
    with pytest.raises(InjectedFault):
        delete_transferred(archive, code, LAN)
    with unit_of_work(archive.sessions) as s:
        assert s.scalar(select(Dossier.status).where(Dossier.arc_file_code == code)) == (
            "transferred"
        )
    monkeypatch.delenv("ARCHIVE_FAULT")
    assert delete_transferred(archive, code, LAN)["state"] == "deleted"
    assert list(archive.ocfl.iter_object_ids()) == [
        oid for oid in archive.ocfl.iter_object_ids() if oid.startswith("urn:archive:transfer:")
    ]
    assert archive.verify_audit().ok
