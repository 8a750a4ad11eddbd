"""Filing, then what a sender may still do (docs/edxml.md): a recall of a filed document
freezes its dossier, is flagged, and waits for the archivist (15 keeps the hold and marks the
document withdrawn, 16 lifts it); updates and replacements are linked both ways; a rebuild
gives all of it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from freezegun import freeze_time
from lxml import etree

from archive.audit.agents import software_agent
from archive.bootstrap import Archive, open_archive, person_agent
from archive.edxml.recall import decide_recall
from archive.edxml.tray import show_tray
from archive.errors import Conflict, InvalidInput
from archive.faults import InjectedFault
from archive.ingest.filing import Filing, assemble
from archive.rebuild import rebuild
from archive.retention.holds import list_holds
from tests.support import edxml
from tests.support.pki import TestPki
from tests.support.signed import LATER_THAT_DAY, open_home, read

LAN = person_agent("lan")
DOCUMENT_ID = "000.00.00.G09,2026,15"


def _file(archive: Archive, tmp_path: Path, codes: list[str], file_code: str) -> Filing:
    sheet = edxml.dossier_sheet(tmp_path / f"{file_code}.csv", file_code=file_code)
    with freeze_time(LATER_THAT_DAY, tick=True):
        return assemble(archive, archive.ingestor, codes, sheet, LAN)


def _codes(outbox: Path) -> list[str]:
    """Status codes of the replies (sorted), each read back as a status envelope."""
    out = []
    for path in sorted(outbox.glob("*.xml")):
        root = etree.fromstring(path.read_bytes())
        out.append(root.findtext(f".//{{{edxml.NS}}}StatusCode") or "")
    return sorted(out)


def _events(archive: Archive, kind: str) -> int:
    from sqlalchemy import func, select

    from archive.audit.models import Event

    with archive.sessions() as s:
        return int(s.scalar(select(func.count()).where(Event.event_type == kind)) or 0)


@pytest.mark.parametrize("decision", ["accept", "refuse"])
def test_a_recall_of_a_filed_document_freezes_it_until_the_archivist_decides(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes], decision: str
) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    outbox = archive.settings.resolved_exchange_outbox
    try:
        first = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        filed = _file(archive, tmp_path, [first.code], edxml.FILE_CODE)
        assert filed.status == "filed", [f.message_en for f in filed.report.findings]
        arc = str(filed.arc_file_code)
        notice = edxml.recall_of(DOCUMENT_ID)

        recalled = edxml.import_file(archive, tmp_path, notice, "recall.xml")
        assert (recalled.status, recalled.code, recalled.reply) == (
            "recall pending",
            first.code,
            "",
        )
        shown = show_tray(archive, first.code)
        assert (shown["state"], shown["recall_state"]) == ("filed", "pending")
        holds = [h for h in list_holds(archive) if h.arc_file_code == arc]
        assert len(holds) == 1 and holds[0].active and shown["recall_hold_id"] == holds[0].id
        assert read(archive, first.object_id, "recall/envelope.xml") == notice
        assert _codes(outbox) == ["01", "03"]  # no reply before the decision
        with pytest.raises(InvalidInput):  # a decision needs its reason
            decide_recall(archive, first.code, True, "  ", LAN)

        with freeze_time(LATER_THAT_DAY, tick=True):
            done = decide_recall(archive, first.code, decision == "accept", "Theo công văn", LAN)
        shown = show_tray(archive, first.code)
        active = [h for h in list_holds(archive) if h.arc_file_code == arc and h.active]
        if decision == "accept":
            assert done["reply_code"] == "15" and _codes(outbox) == ["01", "03", "15"]
            assert (shown["state"], shown["recall_state"]) == ("withdrawn", "accepted")
            assert len(active) == 1  # the record stays frozen (ADR 0025)
        else:
            assert done["reply_code"] == "16" and _codes(outbox) == ["01", "03", "16"]
            assert (shown["state"], shown["recall_state"]) == ("filed", "refused")
            assert active == []
        assert _events(archive, "edxml status sent") == 3  # 01, 03, and the decision's reply
        assert _events(archive, "edxml recall received") == 1
        assert _events(archive, "edxml recall decided") == 1
        with pytest.raises(Conflict):
            decide_recall(archive, first.code, True, "again", LAN)
        again = edxml.import_file(
            archive, tmp_path, notice, "recall-again.xml"
        )  # decided: answered 16
        assert (again.status, again.code) == ("recall refused", "")
        assert _codes(outbox).count("16") == (2 if decision == "refuse" else 1)
        assert len([h for h in list_holds(archive, all_=True) if h.arc_file_code == arc]) == 1
        # Every reply written, whatever its code, is one edxml status sent event.
        assert _events(archive, "edxml status sent") == len(list(outbox.glob("*.xml"))) == 4
        assert archive.verify_audit().ok
        settings = archive.settings.model_copy(
            update={"database_url": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
        )
    finally:
        archive.close()
    with open_archive(settings, create=True) as fresh:
        rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        again = show_tray(fresh, first.code)
        assert (again["state"], again["recall_state"]) == (shown["state"], shown["recall_state"])
        assert again["filed_dossier"] == arc
        assert again["filed_documents"] == shown["filed_documents"]


def test_updates_and_replacements_are_linked_both_ways(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        first = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        update = edxml.import_file(
            archive, tmp_path, edxml.update_of(DOCUMENT_ID, signed_pdfs[1]), "u.xml"
        )
        replacement = edxml.import_file(
            archive,
            tmp_path,
            edxml.update_of(DOCUMENT_ID, signed_pdfs[1], replacement=True, number="22"),
            "r.xml",
        )
        assert {update.status, replacement.status} == {"accepted"}
        filed = _file(archive, tmp_path, [first.code, update.code], edxml.FILE_CODE)
        assert filed.status == "filed", [f.message_en for f in filed.report.findings]
        older = show_tray(archive, first.code)
        assert older["related"] is None
        assert [(r["code"], r["business_type"]) for r in older["related_by"]] == [
            (update.code, "update"),
            (replacement.code, "replacement"),
        ]
        assert older["related_by"][0]["doc_codes"] == [f"{edxml.FILE_CODE}.0000002"]
        newer = show_tray(archive, replacement.code)
        assert newer["related"]["code"] == first.code
        assert newer["related"]["doc_codes"] == [f"{edxml.FILE_CODE}.0000001"]
        assert newer["related_by"] == []
    finally:
        archive.close()


def test_a_filed_dossier_holds_the_envelopes_and_each_document_names_its_own(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        one = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        two = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(
                edxml.Doc(
                    number="16",
                    attachments=[("Công văn số 16 (bản chính).pdf", signed_pdfs[1])],
                    prefixed=False,
                )
            ),
            "b.xml",
        )
        filed = _file(archive, tmp_path, [two.code, one.code], edxml.FILE_CODE)
        assert filed.status == "filed"
        assert [d["doc_code"][-1] for c in (two.code, one.code) for d in filed.documents[c]] == [
            "1",
            "2",
        ]
        note = json.loads(read(archive, one.object_id, "filing/filing.json"))
        assert note["dossier"] == filed.arc_file_code
        with pytest.raises(Conflict, match=f"{one.code} \\(filed\\)"):
            _file(archive, tmp_path, [one.code], "000.00.12.H23.2026.02.VP")
    finally:
        archive.close()


@pytest.mark.parametrize("point", ["stored", "catalog_flushed"])
def test_a_crash_while_filing_is_completed_by_the_same_command(
    tmp_path: Path,
    pki: TestPki,
    signed_pdfs: tuple[bytes, bytes],
    point: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The package is the same when built again (OBJID and time fixed by what is filed), so
    a run after a crash adopts the AIP stored before it and files the documents, once."""
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        one = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        monkeypatch.setenv("ARCHIVE_FAULT", f"{point}:raise")
        with pytest.raises(InjectedFault):
            _file(archive, tmp_path, [one.code], edxml.FILE_CODE)
        monkeypatch.delenv("ARCHIVE_FAULT")
        assert show_tray(archive, one.code)["state"] == "received"
        done = _file(archive, tmp_path, [one.code], edxml.FILE_CODE)
        assert done.status == "filed", [f.message_en for f in done.report.findings]
        assert show_tray(archive, one.code)["filed_dossier"] == done.arc_file_code
        inventory = archive.ocfl.inventory(one.object_id)
        notes = [
            v
            for v in inventory["versions"].values()
            if "filed into a dossier" in v.get("message", "")
        ]
        assert len(notes) == 1
        assert _events(archive, "edxml filed") == 1
        assert archive.verify_audit().ok
    finally:
        archive.close()


def test_a_filing_held_for_review_is_filed_when_accepted(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    """The review policy is part of the gate: with ``ingest_review`` the dossier waits in the
    review queue, the documents in the tray; ``archive review accept`` files both at once."""
    from archive.ingest.review import accept_package

    archive = open_home(tmp_path / "home", pki, ingest_workers=1, ingest_review=True)
    try:
        one = edxml.import_file(
            archive,
            tmp_path,
            edxml.envelope(edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])])),
            "a.xml",
        )
        held = _file(archive, tmp_path, [one.code], edxml.FILE_CODE)
        assert held.status == "pending" and held.pending_code
        assert show_tray(archive, one.code)["state"] == "received"
        with freeze_time(LATER_THAT_DAY, tick=True):
            accepted = accept_package(archive, archive.ingestor, held.pending_code, LAN)
        assert accepted.status == "accepted", accepted.report.as_dict()
        shown = show_tray(archive, one.code)
        assert shown["state"] == "filed" and shown["filed_dossier"] == accepted.arc_file_code
        assert [d["doc_code"] for d in shown["filed_documents"]] == [f"{edxml.FILE_CODE}.0000001"]
        assert _codes(archive.settings.resolved_exchange_outbox) == ["01", "03"]
        assert _events(archive, "edxml filed") == 1
        assert archive.verify_audit().ok
    finally:
        archive.close()
