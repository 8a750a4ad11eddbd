"""Issue #21's acceptance, on the command line: "An envelope with two signed PDF attachments
goes from import to a stored, searchable dossier whose documents carry the header's metadata and
whose AIP holds the envelope and trace history; `archive audit verify` passes." And: a dossier
the gate refuses leaves the documents waiting; bad input is answered in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from archive.bootstrap import open_archive
from archive.config import load_settings
from tests.support import edxml
from tests.support.cli import run, snapshot
from tests.support.pki import TestPki, serve_pki, sign_nd30_pdf
from tests.support.signed import LATER_THAT_DAY, home_env, open_home


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def pdfs(pki: TestPki) -> tuple[bytes, bytes]:
    return sign_nd30_pdf(pki, "B-LT"), sign_nd30_pdf(pki, "B-LT", person="signer-person")


def _cli(home: Path, pki: TestPki, *args: str, lang: str = "en") -> tuple[int, str, str]:
    env = {**home_env(home, pki, ingest_workers=1), "ARCHIVE_LANG": lang}
    with freeze_time(LATER_THAT_DAY, tick=True):
        result = run(home, *args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _replies(home: Path) -> list[str]:
    """The status codes in the outbox (each CLI run starts the frozen clock again, so the
    files' time stamps do not order them across runs)."""
    return [p.name.split("-")[1] for p in sorted((home / "edxml" / "outbox").glob("*.xml"))]


def test_an_envelope_with_two_signed_pdfs_becomes_a_stored_searchable_dossier(
    tmp_path: Path, pki: TestPki, pdfs: tuple[bytes, bytes]
) -> None:
    home = tmp_path / "home"
    open_home(home, pki).close()
    doc = edxml.Doc(attachments=[("cv-15.pdf", pdfs[0]), ("phu-luc.pdf", pdfs[1])])
    sent = edxml.write(tmp_path / "cv-15.xml", edxml.envelope(doc, pki))

    code, out, err = _cli(home, pki, "edxml", "import", str(sent), "--json")
    assert code == 0, err
    tray_code = json.loads(out)[0]["code"]
    sheet = edxml.dossier_sheet(tmp_path / "ho-so.csv")

    code, out, err = _cli(
        home, pki, "tray", "assemble", tray_code, "--dossier-sheet", str(sheet), "--json"
    )
    assert code == 0, (out, err)
    filed = json.loads(out)
    assert filed["status"] == "filed", filed["findings"]
    arc = filed["arc_file_code"]
    assert arc.endswith(edxml.FILE_CODE)
    doc_codes = [d["doc_code"] for d in filed["documents"][tray_code]]
    assert doc_codes == [f"{edxml.FILE_CODE}.0000001", f"{edxml.FILE_CODE}.0000002"]
    assert sorted(_replies(home)) == ["01", "03"]

    # The documents carry the header's metadata.
    code, out, _ = _cli(home, pki, "show", arc, "--json")
    shown = json.loads(out)
    assert code == 0
    docs = shown["documents"]
    assert len(docs) == 2
    for d in docs:
        assert (d["codeNumber"], d["codeNotation"]) == ("15", "BNV-VP")
        assert d["organName"] == "Bộ Nội vụ" and d["issuedDate"] == "18/11/2026"
        assert d["subject"] == doc.subject and d["docId"] == "000.00.00.G09,2026,15"
        assert (d["typeName"], d["signerFullName"]) == ("22", "Nguyễn Văn An")  # Công văn
        assert d["signerPosition"] == "TL. Bộ trưởng Chánh Văn phòng"
        assert tray_code in d["description"]

    # Searchable.
    code, out, _ = _cli(home, pki, "search", "query", "nop luu ho so dien tu", "--json")
    assert code == 0
    assert set(doc_codes) <= {hit["docCode"] for hit in json.loads(out)["hits"]}

    # The AIP holds the envelope byte for byte and the trace history.
    with open_archive(load_settings(home=home)) as archive:
        object_id = shown["object_id"]
        folder = f"submission/documentation/edxml/{tray_code}"
        with archive.ocfl.open_logical(object_id, f"{folder}/envelope.xml") as fh:
            assert fh.read() == sent.read_bytes()
        with archive.ocfl.open_logical(object_id, f"{folder}/trace.json") as fh:
            trace = json.loads(fh.read())
        assert [t["OrganId"] for t in trace] == ["000.00.00.G09", "000.00.00.H00"]
        with archive.ocfl.open_logical(object_id, "METS.xml") as fh:
            assert f"documentation/edxml/{tray_code}/envelope.xml".encode() in fh.read()

    code, out, _ = _cli(home, pki, "tray", "show", tray_code, "--json")
    assert json.loads(out)["state"] == "filed" and json.loads(out)["filed_dossier"] == arc
    code, out, err = _cli(home, pki, "audit", "verify")
    assert code == 0, (out, err)


def test_a_refused_dossier_leaves_the_documents_waiting(
    tmp_path: Path, pki: TestPki, pdfs: tuple[bytes, bytes]
) -> None:
    home = tmp_path / "home"
    open_home(home, pki).close()
    sent = edxml.write(
        tmp_path / "a.xml", edxml.envelope(edxml.Doc(attachments=[("cv.pdf", pdfs[0])]))
    )
    code, out, _ = _cli(home, pki, "edxml", "import", str(sent), "--json")
    tray_code = json.loads(out)[0]["code"]
    bad = edxml.dossier_sheet(tmp_path / "bad.csv", file_code="not-a-code")
    before = snapshot(home)

    code, out, err = _cli(
        home, pki, "tray", "assemble", tray_code, "--dossier-sheet", str(bad), "--json"
    )
    assert code == 1, (out, err)
    refused = json.loads(out)
    assert refused["status"] == "refused"
    assert "ID001" in [f["code"] for f in refused["findings"]]
    code, out, _ = _cli(home, pki, "tray", "ls", "--json")
    assert [r["code"] for r in json.loads(out)] == [tray_code]
    assert _replies(home) == ["01"]
    after = snapshot(home)
    assert {k: v for k, v in after.items() if "catalog" not in k} == {
        k: v for k, v in before.items() if "catalog" not in k
    }

    code, out, err = _cli(
        home, pki, "tray", "assemble", "VBD-000000000000", "--dossier-sheet", str(bad), lang="vi"
    )
    assert code != 0 and "Traceback" not in out + err
    assert "không có văn bản VBD-000000000000" in out + err and "no document" in out + err


def test_a_recall_of_the_filed_document_is_due_and_decided_on_the_command_line(
    tmp_path: Path, pki: TestPki, pdfs: tuple[bytes, bytes]
) -> None:
    """Issue #21's acceptance: "A recall of an archived document freezes it and is visible in
    `archive due`"; then the archivist's decision, answered 15."""
    home = tmp_path / "home"
    open_home(home, pki).close()
    sent = edxml.write(
        tmp_path / "a.xml", edxml.envelope(edxml.Doc(attachments=[("cv.pdf", pdfs[0])]))
    )
    tray_code = json.loads(_cli(home, pki, "edxml", "import", str(sent), "--json")[1])[0]["code"]
    sheet = edxml.dossier_sheet(tmp_path / "ho-so.csv")
    code, out, err = _cli(home, pki, "tray", "assemble", tray_code, "--dossier-sheet", str(sheet))
    assert code == 0 and "status 03" in out, (out, err)
    arc = json.loads(_cli(home, pki, "tray", "show", tray_code, "--json")[1])["filed_dossier"]

    recall = edxml.write(tmp_path / "r.xml", edxml.recall_of("000.00.00.G09,2026,15", how="1"))
    code, out, _ = _cli(home, pki, "edxml", "import", str(recall), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "recall pending"
    code, out, _ = _cli(home, pki, "hold", "ls", "--json")
    assert [h["arcFileCode"] for h in json.loads(out) if h["active"]] == [arc]
    code, out, _ = _cli(home, pki, "due", "--json")
    flagged = {i["kind"]: i for i in json.loads(out)["items"]}["edxml_recall"]
    assert code == 1 and flagged["level"] == "red" and tray_code in flagged["subject"]
    code, out, _ = _cli(home, pki, "tray", "show", tray_code, lang="vi")
    assert "chờ quyết định thu hồi" in out

    code, out, err = _cli(home, pki, "tray", "recall-decide", tray_code, "--reason", "x", lang="vi")
    assert code != 0 and "--accept" in out + err and "Traceback" not in out + err
    code, out, _ = _cli(
        home, pki, "tray", "recall-decide", tray_code, "--accept", "--reason", "Gửi nhầm", "--json"
    )
    assert code == 0 and json.loads(out)["reply_code"] == "15"
    assert sorted(_replies(home)) == ["01", "03", "15"]
    code, out, _ = _cli(home, pki, "tray", "show", tray_code, "--json")
    assert (json.loads(out)["state"], json.loads(out)["recall_state"]) == ("withdrawn", "accepted")
    code, out, _ = _cli(home, pki, "due", "--json")
    assert "edxml_recall" not in {i["kind"] for i in json.loads(out)["items"]}
    assert _cli(home, pki, "audit", "verify")[0] == 0
