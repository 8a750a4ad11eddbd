"""``archive metadata set`` in the core: giải mật of a Mật document step by step (03 → 02 → 01)
with its decision, each a new OCFL version with the old values kept, a change record and a
``metadata modification`` event; the catalog, the index and the access decisions follow at
once; the transfer refused before passes eark-validator after; everything survives a rebuild;
bad changes are refused and leave the archive as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import func, select

from archive.audit.agents import software_agent
from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent
from archive.catalog.models import Document, Dossier
from archive.catalog.queries import event_trail, find_document
from archive.catalog.xsd import load_schema
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.faults import InjectedFault
from archive.metadata.changes import Decision
from archive.metadata.service import set_metadata
from archive.packages.metsxml import METS, XLINK
from archive.rebuild import rebuild
from archive.safexml import parser
from archive.search import SearchRequest
from archive.transfer.export import export
from archive.transfer.registration import register
from archive.users.access import visible
from tests.support import eark
from tests.support.retention import ingest_dossier
from tests.unit.storage.test_ocfl import assert_valid_root

LAN = person_agent("lan")
DECISION = Decision("15/QĐ-UBND", "03/11/2026")


def _doc(archive: Archive, code: str) -> Document:
    with unit_of_work(archive.sessions) as s:
        doc = find_document(s, code)
        assert doc is not None
        s.expunge_all()
        return doc


def _logical(archive: Archive, object_id: str, path: str, version: str | None = None) -> bytes:
    with archive.ocfl.open_logical(object_id, path, version) as fh:
        return fh.read()


def _mode_in(ead: bytes) -> str:
    return etree.fromstring(ead, parser()).findtext("mode") or ""


def _state(archive: Archive) -> tuple[str, int]:
    """What a refused change must leave alone: the head version and the number of events."""
    with unit_of_work(archive.sessions) as s:
        dossier = s.scalars(select(Dossier)).one()
        return dossier.object_version, s.scalar(select(func.count(Event.seq))) or 0


def test_declassification_then_transfer_and_rebuild(archive: Archive, tmp_path: Path) -> None:
    code = ingest_dossier(archive, tmp_path, 5, maintenance="01", mode="01", doc_mode="03")
    secret = f"{code.removeprefix('000.00.00.H99.')}.0000001"
    doc = _doc(archive, secret)
    object_id = _object_id(archive, code)
    ead_path = _ead_path(archive, object_id, secret)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Conflict, match="giải mật"):
        register(archive, [code], LAN, out)
    assert doc.mode == "03" and not visible(archive.settings, "admin", doc.mode)

    step = set_metadata(
        archive, secret, {"mode": "02"}, reason="Hết thời hạn bảo vệ", decision=DECISION, agent=LAN
    )
    assert step["version"] == "v2" and step["changes"] == {"mode": {"old": "03", "new": "02"}}
    assert _doc(archive, secret).mode == "02"  # every access decision reads this at once
    assert visible(archive.settings, "archivist", "02", "01")
    last = set_metadata(
        archive,
        secret,
        {"mode": "01", "keyword": "giải mật"},
        reason="Giải mật toàn bộ",
        decision=Decision("20/QĐ-UBND", "10/11/2026"),
        agent=LAN,
    )
    assert last["version"] == "v3"

    # Storage: the old values kept in v1 and v2, the new in v3, METS restamped, valid OCFL.
    assert [_mode_in(_logical(archive, object_id, ead_path, v)) for v in ("v1", "v2", "v3")] == [
        "03",
        "02",
        "01",
    ]
    new_ead = _logical(archive, object_id, ead_path)
    schema = load_schema("tt05", "EAD_doc_AIP.xsd")
    assert schema.validate(etree.fromstring(new_ead, parser())), schema.error_log
    _check_mets(archive, object_id, ead_path, new_ead)
    assert_valid_root(archive.settings.resolved_storage_root, 1)
    changes = _changes(archive, object_id)
    assert [c["changes"] for c in changes] == [
        {"mode": {"old": "03", "new": "02"}},
        {"keyword": {"old": "", "new": "giải mật"}, "mode": {"old": "02", "new": "01"}},
    ]
    assert changes[0]["decision"] == {"number": "15/QĐ-UBND", "date": "03/11/2026"}

    # The catalog's trail, the index and the officer's search.
    with unit_of_work(archive.sessions) as s:
        trail = [e for e in event_trail(s, [secret]) if e.event_type == "metadata modification"]
        assert [e.event_id for e in trail] == [step["eventId"], last["eventId"]]
        assert "15/QĐ-UBND" in trail[0].detail and "03 → 02" in trail[0].detail
        assert "Hết thời hạn bảo vệ" in trail[0].outcome_detail
    found = archive.search.search(SearchRequest(text="giải mật"), "officer")
    assert [h.doc_code for h in found.hits] == [secret] and found.hits[0].mode == "01"
    assert archive.verify_audit().ok

    # The transfer refused before now passes the outside validator, with the new mode.
    data = register(archive, [code], LAN, out)
    assert data["mucLuc"][0]["Mức độ tiếp cận"] == "Công khai"
    result = export(archive, [code], out, LAN)
    (report,) = eark.validate(*(out / p["zip"] for p in result.packages))
    assert report["structure"]["status"] == "WellFormed"
    assert eark.errors(report) == {"structure": [], "schema": [], "schematron": ["SIP14"]}

    # Storage is the truth: a rebuild from it alone gives the new values and the events again.
    settings = archive.settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"}
    )
    with open_archive(settings, create=True) as fresh:
        rebuild(settings, fresh.sessions, fresh.roots(), fresh.ocfl, [software_agent()])
        rebuilt = _doc(fresh, secret)
        assert (rebuilt.mode, rebuilt.keyword) == ("01", "giải mật")
        with unit_of_work(fresh.sessions) as s:
            ids = [e.event_id for e in event_trail(s, [secret])]
            assert step["eventId"] in ids and last["eventId"] in ids
            assert s.scalars(select(Dossier)).one().object_version == "v3"
        assert fresh.verify_audit().ok


def _object_id(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        return s.scalars(select(Dossier.object_id).where(Dossier.arc_file_code == code)).one()


def _ead_path(archive: Archive, object_id: str, doc_code: str) -> str:
    inventory = archive.ocfl.inventory(object_id)
    paths = [p for ps in inventory["versions"]["v1"]["state"].values() for p in ps]
    for path in paths:
        if "/EAD_doc_" in path:
            ead = _logical(archive, object_id, path)
            if etree.fromstring(ead, parser()).findtext("docCode") == doc_code:
                return path
    raise AssertionError(doc_code)


def _check_mets(archive: Archive, object_id: str, ead_path: str, ead: bytes) -> None:
    """The rep METS names the new EAD_doc with its digest, the root METS the new rep METS."""
    rep = _logical(archive, object_id, "representations/rep1/METS.xml")
    for mets, href, data in (
        (rep, ead_path.removeprefix("representations/rep1/"), ead),
        (_logical(archive, object_id, "METS.xml"), "representations/rep1/METS.xml", rep),
    ):
        root = etree.fromstring(mets, parser())
        (el,) = [
            e
            for e in root.iter(f"{{{METS}}}mdRef", f"{{{METS}}}FLocat")
            if e.get(f"{{{XLINK}}}href") == href
        ]
        holder = el if el.tag.endswith("mdRef") else el.getparent()
        assert holder is not None
        assert holder.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
        assert holder.get("SIZE") == str(len(data))


def _changes(archive: Archive, object_id: str) -> list[dict[str, Any]]:
    inventory = archive.ocfl.inventory(object_id)
    out = []
    for version in sorted(inventory["versions"], key=lambda v: int(v[1:])):
        for paths in inventory["versions"][version]["state"].values():
            for path in paths:
                if path.startswith("metadata/preservation/changes/"):
                    data = json.loads(_logical(archive, object_id, path))
                    if data not in out:
                        out.append(data)
    return out


@pytest.mark.parametrize(
    ("values", "decision", "error", "words"),
    [
        ({"docCode": "X"}, None, InvalidInput, "never changed"),
        ({"arcFileCode": "X"}, None, InvalidInput, "never changed"),
        ({"sha256": "0" * 64}, None, InvalidInput, "never changed"),
        ({"issuedDate": "01/01/2020"}, None, InvalidInput, "cannot be changed"),
        ({"colour": "red"}, None, InvalidInput, "cannot be changed"),
        ({"mode": "04"}, DECISION, InvalidInput, "04"),
        ({"subject": ""}, None, InvalidInput, "required"),
        ({"mode": "02"}, None, InvalidInput, "needs its decision"),
        ({"mode": "01"}, DECISION, InvalidInput, "nothing changes"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(
    archive: Archive,
    tmp_path: Path,
    values: dict[str, str],
    decision: Decision | None,
    error: type[Exception],
    words: str,
) -> None:
    code = ingest_dossier(archive, tmp_path, 1, maintenance="01", docs=1)
    doc = f"{code.removeprefix('000.00.00.H99.')}.0000001"
    before = _state(archive)
    with pytest.raises(error, match=words) as caught:
        set_metadata(archive, doc, values, reason="Sửa lỗi", decision=decision, agent=LAN)
    assert " / " in str(caught.value)  # Vietnamese, then English
    assert _state(archive) == before


def test_a_networked_archive_does_not_classify_as_secret(tmp_path: Path) -> None:
    with open_archive(load_settings(home=tmp_path / "net"), create=True) as networked:
        code = ingest_dossier(networked, tmp_path, 1, maintenance="01", docs=1)
        before = _state(networked)
        with pytest.raises(Conflict, match="secret_records"):
            set_metadata(
                networked, code, {"mode": "03"}, reason="Mật", decision=DECISION, agent=LAN
            )
        assert _state(networked) == before
        changed = set_metadata(
            networked,
            code,
            {"title": "Hồ sơ đã sửa tên", "description": "Sửa tiêu đề"},
            reason="Sai chính tả",
            decision=None,
            agent=LAN,
        )
        assert changed["kind"] == "dossier" and changed["decision"] is None
        ead = _logical(networked, _object_id(networked, code), "metadata/descriptive/EAD.xml")
        schema = load_schema("tt05", "EAD_AIP.xsd")
        assert schema.validate(etree.fromstring(ead, parser())), schema.error_log
        with unit_of_work(networked.sessions) as s:
            assert s.scalars(select(Dossier.title)).one() == "Hồ sơ đã sửa tên"


def test_a_dossier_no_longer_active_is_not_changed(archive: Archive, tmp_path: Path) -> None:
    code = ingest_dossier(archive, tmp_path, 1, maintenance="01", docs=1)
    with unit_of_work(archive.sessions) as s:
        s.scalars(select(Dossier)).one().status = "transferred"  # as a receipt leaves it
    before = _state(archive)
    for target in (code, f"{code.removeprefix('000.00.00.H99.')}.0000001"):
        with pytest.raises(Conflict, match="transferred: its metadata is no longer changed"):
            set_metadata(archive, target, {"keyword": "x"}, reason="r", decision=None, agent=LAN)
    assert _state(archive) == before


def test_the_same_change_after_a_crash_is_completed_not_stored_twice(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the new version and the catalog: the same command again records the
    stored change (its event id and version) instead of writing a second version."""
    code = ingest_dossier(archive, tmp_path, 6, maintenance="01", mode="01")
    doc_code = f"{code.removeprefix('000.00.00.H99.')}.0000001"
    object_id = _object_id(archive, code)
    before = _state(archive)
    monkeypatch.setenv("ARCHIVE_FAULT", "metadata_stored:raise")
    with pytest.raises(InjectedFault):
        set_metadata(
            archive, doc_code, {"keyword": "đê điều"}, reason="Bổ sung", decision=None, agent=LAN
        )
    assert archive.ocfl.inventory(object_id)["head"] == "v2"
    assert _state(archive) == before  # the catalog does not know v2 yet
    (stored,) = _changes(archive, object_id)
    monkeypatch.delenv("ARCHIVE_FAULT")

    again = set_metadata(
        archive, doc_code, {"keyword": "đê điều"}, reason="Bổ sung", decision=None, agent=LAN
    )

    assert again["version"] == "v2" and again["eventId"] == stored["eventId"]
    assert archive.ocfl.inventory(object_id)["head"] == "v2"  # no second version
    assert _state(archive) == ("v2", before[1] + 1)
    assert _doc(archive, doc_code).keyword == "đê điều"
    assert archive.verify_audit().ok
    # A different change still gets its own version.
    other = set_metadata(
        archive, doc_code, {"keyword": "thủy lợi"}, reason="Sửa", decision=None, agent=LAN
    )
    assert other["version"] == "v3"
