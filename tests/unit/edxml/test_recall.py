"""Recall of a document still in the tray: withdrawn (a new version of its object, row state,
event, reply 15), given back so by a rebuild; a recall of what the tray does not hold waiting
is answered 16 and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.audit.agents import software_agent
from archive.bootstrap import open_archive
from archive.edxml.tray import TrayFilter, list_tray, show_tray
from archive.rebuild import rebuild
from tests.support import edxml
from tests.support.pki import TestPki
from tests.support.signed import open_home, read, stored_paths


@pytest.mark.parametrize("how", ["status 13", "BussinessDocType 1"])
def test_a_recall_withdraws_the_waiting_document(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes], how: str
) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        first = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        if how == "status 13":
            notice = edxml.status("13", description="Gửi nhầm")
        else:
            doc = edxml.Doc(number="16", business_type="1", business_ref="000.00.00.G09,2026,15")
            notice = edxml.envelope(doc)
        result = edxml.import_file(archive, tmp_path, notice, "recall.xml")
        assert (result.status, result.code) == ("withdrawn", first.code)
        reply = edxml.read_reply(Path(result.reply), tmp_path)
        assert reply["StatusCode"] == "15"
        assert show_tray(archive, first.code)["state"] == "withdrawn"
        assert list_tray(archive, TrayFilter()) == []
        assert read(archive, first.object_id, "withdrawal/envelope.xml") == notice
        assert read(archive, first.object_id, "envelope.xml", "v1") == read(
            archive, first.object_id, "envelope.xml"
        )
        assert "withdrawal/withdrawal.json" in stored_paths(archive, first.object_id)
        assert archive.verify_audit().ok

        again = edxml.import_file(archive, tmp_path, notice, "recall-again.xml")
        assert (again.status, again.code) == ("recall refused", "")
        assert edxml.read_reply(Path(again.reply), tmp_path)["StatusCode"] == "16"
        settings = archive.settings.model_copy(
            update={"database_url": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
        )
    finally:
        archive.close()
    with open_archive(settings, create=True) as fresh:
        rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        assert show_tray(fresh, first.code)["state"] == "withdrawn"


def test_a_recall_of_an_unknown_document_is_answered_16(tmp_path: Path, pki: TestPki) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        result = edxml.import_file(
            archive, tmp_path, edxml.status("13", document_id="000.00.00.G09,2026,77"), "r.xml"
        )
        assert result.status == "recall refused"
        reply = edxml.read_reply(Path(result.reply), tmp_path)
        assert reply["StatusCode"] == "16" and "000.00.00.G09,2026,77" in str(reply["Description"])
        assert sorted(archive.ocfl.iter_object_ids()) == []
    finally:
        archive.close()
