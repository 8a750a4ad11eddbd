"""Storage is the truth: a rebuild from storage alone gives the filing tray back, row for row."""

from __future__ import annotations

from pathlib import Path

from freezegun import freeze_time
from sqlalchemy import select

from archive.audit.agents import software_agent
from archive.bootstrap import open_archive, person_agent
from archive.db.engine import unit_of_work
from archive.demo.pdf import render_pdf
from archive.edxml.intake import import_envelope
from archive.edxml.models import TrayDocument
from archive.edxml.tray import show_tray
from archive.rebuild import rebuild
from tests.support import edxml
from tests.support.pki import ND30_DOCUMENT, TestPki
from tests.support.signed import LATER_THAT_DAY, open_home


def _rows(sessions: object) -> list[dict[str, object]]:
    with unit_of_work(sessions) as s:  # type: ignore[arg-type]
        rows = s.scalars(select(TrayDocument).order_by(TrayDocument.code)).all()
        return [
            {k: v for k, v in vars(r).items() if not k.startswith("_") and k != "id"} for r in rows
        ]


def test_rebuild_gives_the_tray_back(
    tmp_path: Path, pki: TestPki, signed_pdfs: tuple[bytes, bytes]
) -> None:
    archive = open_home(tmp_path / "home", pki, ingest_workers=1)
    try:
        docs = [
            (edxml.Doc(attachments=[("cv.pdf", signed_pdfs[0])]), pki),
            (edxml.Doc(attachments=[("qd.pdf", render_pdf(ND30_DOCUMENT))], number="9"), None),
        ]
        for i, (doc, signer) in enumerate(docs):
            path = tmp_path / f"{i}.xml"
            path.write_bytes(edxml.envelope(doc, signer))
            step = archive.signatures  # pyHanko loaded before the clock is frozen
            with freeze_time(LATER_THAT_DAY, tick=True):
                result = import_envelope(archive, step, path, person_agent("lan"))
            assert result.status == "accepted"
        before = _rows(archive.sessions)
        shown = show_tray(archive, before[0]["code"])  # type: ignore[arg-type]
        settings = archive.settings.model_copy(
            update={"database_url": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
        )
    finally:
        archive.close()
    with open_archive(settings, create=True) as fresh:
        report = rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        assert report.tray_documents == 2 and report.dossiers == 0
        assert _rows(fresh.sessions) == before
        assert show_tray(fresh, shown["code"]) == shown
        assert fresh.verify_audit().ok
