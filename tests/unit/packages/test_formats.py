"""Format identification against PRONOM with siegfried (archive/packages/formatid.py), the
format policy, PDF/A claims, and ``archive formats`` / ``archive show --json``."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from lxml import etree
from pypdf import PdfReader, PdfWriter

from archive.packages.formatid import identify_files
from archive.packages.metsxml import PREMIS
from archive.packages.pdfa import read_claim
from archive.packages.sipwrite import SipInput, write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run, run_json, snapshot

_XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="{part}" '
    'pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def pdfa_claiming(part: int, seed: int = 1) -> bytes:
    """A PDF 1.7 whose XMP declares PDF/A-{part}B (nothing else of PDF/A is done)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sips.pdf_bytes(seed))))
    writer.xmp_metadata = _XMP.format(part=part).encode()
    writer.pdf_header = b"%PDF-1.7"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_13() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def _package(tmp: Path, n: int, *contents: bytes, names: tuple[str, ...] = ()) -> Path:
    sip: SipInput = sips.sip_input(n, docs=len(contents) or 2)
    if contents:
        docs = [replace(d, content=c) for d, c in zip(sip.documents, contents, strict=True)]
        for i, name in enumerate(names):
            docs[i] = replace(docs[i], filename=name)
        sip = replace(sip, documents=docs)
    folder = write_sip(
        sip, tmp / f"tree-{n}", objid=f"uuid-00000000-0000-4000-8000-{n:012d}", created=sips.CREATED
    )
    return zip_tree(folder, tmp / f"sip-{n}.zip")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    return home


def test_siegfried_names_versions(tmp_path: Path) -> None:
    files = {"a.pdf": sips.pdf_bytes(1), "b.pdf": pdf_13(), "c.qqz": b"\x00\x01 nothing known"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    found = identify_files({name: tmp_path / name for name in files})
    assert (found["a.pdf"].puid, found["a.pdf"].version) == ("fmt/276", "1.7")
    assert (found["b.pdf"].puid, found["b.pdf"].version) == ("fmt/17", "1.3")
    assert found["c.qqz"].puid is None and found["c.qqz"].name == "Unknown"
    assert (
        found["a.pdf"].tool.startswith("siegfried 1.")
        and "DROID_SignatureFile_V" in found["a.pdf"].tool
    )


def test_each_file_has_its_puid_in_premis_show_and_formats(home: Path, tmp_path: Path) -> None:
    assert run(home, "ingest", str(_package(tmp_path, 1))).exit_code == 0
    code, doc = run_json(home, "show", f"{sips.file_code(1)}.0000001")
    assert code == 0
    (original,) = doc["files"]
    assert original["puid"] == "fmt/276" and original["format_version"] == "1.7"
    assert "Portable Document Format" in original["format"]
    assert original["format_tool"].startswith("siegfried ")
    (object_dir,) = (home / "store").rglob("PREMIS_rep1.xml")
    premis = etree.parse(str(object_dir))
    ns = {"p": PREMIS}
    assert premis.findtext(".//p:formatRegistryKey", None, ns) == "fmt/276"
    assert premis.findtext(".//p:formatVersion", None, ns) == "1.7"
    notes = [n.text for n in premis.iterfind(".//p:formatNote", ns)]
    assert any(n.startswith("identified by: siegfried") for n in notes)
    assert (
        run(home, "ingest", str(_package(tmp_path, 2, pdf_13(), sips.pdf_bytes(3)))).exit_code == 0
    )
    code, report = run_json(home, "formats")
    assert code == 0
    by_puid = {r["puid"]: r for r in report["formats"]}
    assert by_puid["fmt/276"]["files"] == 3 and by_puid["fmt/276"]["risk"] == "acceptable"
    assert by_puid["fmt/17"]["files"] == 1 and by_puid["fmt/17"]["risk"] == "at-risk"
    assert report["total"]["files"] == 4
    assert report["total"]["bytes"] == sum(r["bytes"] for r in report["formats"])
    assert report["by_risk"] == {"acceptable": 3, "at-risk": 1}
    table = run(home, "formats")
    assert table.exit_code == 0 and "fmt/17" in table.stdout


def test_the_policy_warns_and_refuses(home: Path, tmp_path: Path) -> None:
    code, (result,) = run_json(
        home,
        "ingest",
        str(
            _package(
                tmp_path,
                1,
                pdf_13(),
                b"x\x00y",
                names=(f"{sips.file_code(1)}.1.pdf", f"{sips.file_code(1)}.2.qqz"),
            )
        ),
    )
    assert code == 0 and result["status"] == "accepted"
    risky = {f["path"].rsplit("/", 1)[-1] for f in result["findings"] if f["code"] == "FMT002"}
    assert risky == {f"{sips.file_code(1)}.1.pdf", f"{sips.file_code(1)}.2.qqz"}
    before = snapshot(home)
    env = {"ARCHIVE_FORMAT_POLICY": json.dumps({"fmt/276": "refused"})}
    code, (refused,) = run_json(home, "ingest", str(_package(tmp_path, 2)), env=env)
    assert code == 1 and refused["status"] == "refused"
    assert {f["code"] for f in refused["findings"] if f["severity"] == "error"} == {"FMT001"}
    assert snapshot(home) == before


def test_pdfa_claims_are_read_and_checked(home: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    one.write_bytes(pdfa_claiming(1))
    two.write_bytes(pdfa_claiming(2))
    claim = read_claim(one, "fmt/276")
    assert claim is not None and claim.claim == "PDF/A-1B"
    assert "PDF 1.7 header" in claim.problems
    assert read_claim(tmp_path / "one.pdf", "fmt/354") is not None
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(sips.pdf_bytes(1))
    assert read_claim(plain, "fmt/276") is None
    pkg = _package(tmp_path, 1, pdfa_claiming(1, 1), pdfa_claiming(2, 2))
    code, (result,) = run_json(home, "ingest", str(pkg))
    assert code == 0
    flagged = [f for f in result["findings"] if f["code"] == "FMT004"]
    assert any("PDF/A-1B" in f["message_en"] for f in flagged)
    code, doc = run_json(home, "show", f"{sips.file_code(1)}.0000001")
    assert doc["files"][0]["pdfa"].startswith("PDF/A-1B; not consistent")
    code, report = run_json(home, "formats")
    assert sum(r["pdfa_declared"] for r in report["formats"]) == 2
    # The original is kept byte for byte, whatever it claims.
    out = tmp_path / "back.pdf"
    assert run(home, "get", f"{sips.file_code(1)}.0000001", "-o", str(out)).exit_code == 0
    assert out.read_bytes() == pdfa_claiming(1, 1)


def test_the_documented_table_is_the_default_policy() -> None:
    from archive.packages.formatpolicy import DEFAULT_FORMAT_POLICY

    doc = (Path(__file__).resolve().parents[3] / "docs" / "ingest-gate.md").read_text()
    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[3].strip()
        for line in doc.splitlines()
        if line.startswith("| `") and ("fmt/" in line or "x-fmt/" in line)
    }
    assert rows == {puid: risk for puid, (risk, _what) in DEFAULT_FORMAT_POLICY.items()}
