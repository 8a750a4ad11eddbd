"""The destruction procedure end to end on a real archive (SQLite and PostgreSQL): review →
export → council opinions → appraisal → the head's decision → execution, with every guard."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from archive.audit.models import Event
from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import Document, Dossier, File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput
from archive.faults import InjectedFault
from archive.holdings.consistency import verify_store
from archive.holdings.models import ObjectCopy
from archive.retention.disposal.conclusion import conclude
from archive.retention.disposal.council import add_council_member, attach, record_opinion
from archive.retention.disposal.decision import decide
from archive.retention.disposal.execution import execute
from archive.retention.disposal.lists import DOCUMENT_COLUMNS, LIST_COLUMNS, export_list, show_list
from archive.retention.disposal.review import review, yearly_review
from archive.retention.holds import place_hold, release_hold
from archive.retention.listobject import list_object_id, read_file
from archive.retention.models import DestructionRecord, DisposalList
from archive.search.api import SearchRequest
from archive.search.service import SearchService
from archive.storage.ocfl import OcflRoot
from tests.support import sips
from tests.support.drill import assert_rebuilds
from tests.support.retention import (
    add_accounts,
    council_concludes,
    ingest_dossier,
    pdf_file,
    seat_council,
)
from tests.unit.storage.test_ocfl import assert_valid_root

LAN, HOA, BINH, AN = (person_agent(n) for n in ("lan", "hoa", "binh", "an"))


def _council(archive: Archive) -> None:
    seat_council(archive)


def _counts(archive: Archive) -> tuple[int, int, int]:
    with unit_of_work(archive.sessions) as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0 for m in (Dossier, Document, File)
        )


def test_full_procedure_destroys_expired_and_duplicate_and_keeps_a_record(
    archive: Archive, tmp_path: Path
) -> None:
    expired = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
    long_doc = ingest_dossier(
        archive, tmp_path, 2, maintenance="06", end_year=2010, doc_maintenance="01"
    )
    kept = ingest_dossier(archive, tmp_path, 3, maintenance="01", end_year=2020)
    duplicate = ingest_dossier(
        archive, tmp_path, 4, maintenance="06", end_year=2024, same_content_as=3
    )
    held = ingest_dossier(archive, tmp_path, 5, maintenance="07", years=5, end_year=2012)
    hold = place_hold(archive, held, "Thanh tra", LAN)
    _council(archive)
    objects = {code: _object(archive, code) for code in (expired, duplicate, kept, long_doc)}

    result = review(archive, LAN, today=date(2026, 6, 1))

    assert result.code == "HUY-2026-01"
    assert [(i["arcFileCode"], i["reason"]) for i in result.items] == [
        (expired, "expired"),
        (duplicate, "duplicate"),
    ]
    assert result.skipped_held == [held]
    assert all(i["status"] == "Xem xét hủy" for i in result.items)
    with pytest.raises(Conflict, match="no expired or duplicate"):  # all on the open list
        review(archive, LAN, today=date(2026, 6, 1))

    # export with the law's columns, in the three formats
    for fmt in ("csv", "xlsx", "pdf"):
        export_list(archive, result.code, fmt, tmp_path / f"list.{fmt}", LAN)
    rows = list(csv.reader(io.StringIO((tmp_path / "list.csv").read_text("utf-8-sig"))))
    assert rows[0] == list(LIST_COLUMNS)
    assert rows[1][1] == expired and rows[1][3] == "10 năm" and "31/12/2020" in rows[1][6]
    assert rows[2][6] == f"Trùng với hồ sơ {kept}"
    sheet = load_workbook(tmp_path / "list.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[3]] == list(LIST_COLUMNS)
    pdf_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "list.pdf").pages)
    assert "Mã lưu trữ hồ sơ" in pdf_text and "Lý do hủy" in pdf_text
    assert expired in "".join(pdf_text.split())  # long codes wrap inside their cell

    # council opinions: members only, one each, a dissent with its reason
    with pytest.raises(Conflict, match="not a member of the council"):
        record_opinion(archive, result.code, AN, "agree")
    with pytest.raises(Conflict, match="minutes are missing"):
        decide(
            archive,
            result.code,
            AN,
            number="12/QĐ-UBND",
            decision_date="01/07/2026",
            file=pdf_file(tmp_path, "qd.pdf"),
        )
    with pytest.raises(InvalidInput, match="needs its reason"):
        record_opinion(archive, result.code, HOA, "disagree")
    record_opinion(archive, result.code, HOA, "agree", "Đồng ý hủy")
    with pytest.raises(Conflict, match="already gave"):
        record_opinion(archive, result.code, HOA, "disagree", "Đổi ý")
    with pytest.raises(Conflict, match="only 1 of 5 members have given their opinion; 5 are"):
        conclude(archive, result.code, BINH)
    with pytest.raises(Conflict, match="is not the chair of the council or the secretary"):
        conclude(archive, result.code, person_agent("cuong"))
    for name in ("binh", "cuong", "giang"):
        record_opinion(archive, result.code, person_agent(name), "agree")
    record_opinion(archive, result.code, person_agent("dung"), "disagree", "Còn giá trị tra cứu")
    minutes = conclude(archive, result.code, BINH)
    assert (minutes["result"], minutes["agree"], minutes["size"]) == ("destroy", 4, 5)
    assert minutes["dissents"] == [{"name": "dung", "reason": "Còn giá trị tra cứu"}]
    stored = json.loads(read_file(archive, list_object_id(result.code), "minutes/council.json"))
    assert stored == minutes
    with pytest.raises(Conflict, match="opinions are closed"):
        record_opinion(archive, result.code, person_agent("giang"), "agree")
    attach(archive, result.code, pdf_file(tmp_path, "tham-dinh.pdf"), LAN)

    # the decision: the head only
    with pytest.raises(Conflict, match="is not the head of the agency"):
        decide(
            archive,
            result.code,
            HOA,
            number="1",
            decision_date="01/07/2026",
            file=pdf_file(tmp_path, "qd.pdf"),
        )
    with pytest.raises(Conflict, match="not approved"):
        execute(archive, result.code, LAN, today=date(2026, 7, 2))
    decision = decide(
        archive,
        result.code,
        AN,
        number="12/QĐ-UBND",
        decision_date="01/07/2026",
        file=pdf_file(tmp_path, "qd.pdf"),
    )
    assert decision["status"] == "approved"

    # a hold placed after the decision still stops the execution, and nothing changes
    late = place_hold(archive, expired, "Khiếu nại mới", HOA)
    before = _counts(archive)
    with pytest.raises(Conflict, match=expired):
        execute(archive, result.code, LAN, today=date(2026, 7, 2))
    assert _counts(archive) == before and archive.ocfl.exists(objects[expired])
    release_hold(archive, late.id, "Đã giải quyết", HOA)

    report = execute(archive, result.code, LAN, today=date(2026, 7, 2))

    assert [r["arcFileCode"] for r in report.destroyed] == [expired, duplicate]
    for code in (expired, duplicate):
        assert not archive.ocfl.exists(objects[code])
        assert not list(archive.ocfl.store.iter_keys(_prefix(objects[code])))
    for code in (kept, long_doc, held):
        with unit_of_work(archive.sessions) as s:
            assert s.scalar(select(Dossier).where(Dossier.arc_file_code == code)) is not None
    assert archive.ocfl.exists(objects[kept]) and archive.ocfl.exists(objects[long_doc])
    with unit_of_work(archive.sessions) as s:
        codes = set(s.scalars(select(Dossier.arc_file_code)))
        records = {r.arc_file_code: r for r in s.scalars(select(DestructionRecord))}
        types = list(s.scalars(select(Event.event_type)))
    assert expired not in codes and duplicate not in codes
    assert set(records) == {expired, duplicate}
    record = json.loads(
        read_file(archive, list_object_id(result.code), records[expired].record_path)
    )
    assert record["decision"]["number"] == "12/QĐ-UBND"
    assert record["keep"] == {"years": 30, "until": "31/12/2056"}  # the destruction dossier
    assert record["dossier"]["arc_file_code"] == expired
    assert {f["role"] for f in record["files"]} >= {"original", "metadata"}
    assert all(len(f["sha256"]) == 64 for f in record["files"])
    assert any(e["type"] == "ingestion" for e in record["evidence"]["events"])
    ead = read_file(archive, list_object_id(result.code), f"destroyed/{expired}/aip/METS.xml")
    assert ead.startswith(b"<?xml")
    for kind in (
        "disposal review",
        "disposal list exported",
        "appraisal",
        "disposal decision",
        "deaccession",
        "disposal executed",
        "council member added",
        "council concluded",
    ):
        assert kind in types, kind
    assert types.count("deaccession") == 2
    assert archive.verify_audit().ok
    assert show_list(archive, result.code)[0]["status"] == "executed"
    # the document-level list still comes out after the destruction (from list.json)
    docs_csv = tmp_path / "docs.csv"
    export_list(archive, result.code, "csv", docs_csv, LAN, level="documents")
    doc_rows = list(csv.reader(io.StringIO(docs_csv.read_text("utf-8-sig"))))
    assert doc_rows[0] == list(DOCUMENT_COLUMNS) and len(doc_rows) == 1 + 4
    assert doc_rows[1][1] == f"{archive.settings.agency_code}.{expired.split('.', 4)[-1]}.0000001"
    assert doc_rows[1][2].startswith("Quyết định: ") and doc_rows[1][3] == "10 năm"
    # 3 dossiers + the list's object remain, and the storage root is still valid OCFL
    assert_valid_root(archive.settings.resolved_storage_root, 4)
    release_hold(archive, hold.id, "xong", LAN)
    rows = assert_rebuilds(archive)  # the executed procedure comes back from the events
    assert rows["destruction_records"] == 2 and rows["disposal_attachments"] >= 2

    # the permanent record is append-only in the database itself
    with archive.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text("UPDATE destruction_records SET title = 'x'"))


def test_execution_rechecks_expiry_and_majority(archive: Archive, tmp_path: Path) -> None:
    not_yet = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2024)  # 31/12/2034
    _council(archive)
    listed = review(archive, LAN, year=2034)
    assert [i["arcFileCode"] for i in listed.items] == [not_yet]
    council_concludes(archive, listed.code, agree=2)  # 2 of 5: no majority of the council
    with pytest.raises(Conflict, match="did not propose destruction: 2 of 5 members agree"):
        decide(
            archive,
            listed.code,
            AN,
            number="5/QĐ",
            decision_date="02/01/2035",
            file=pdf_file(tmp_path, "qd.pdf"),
        )
    # no majority, but the head may reject
    out = decide(
        archive,
        listed.code,
        AN,
        number="5/QĐ",
        decision_date="02/01/2035",
        file=pdf_file(tmp_path, "qd.pdf"),
        approve=False,
    )
    assert out["status"] == "rejected"
    with pytest.raises(Conflict, match="not approved"):
        execute(archive, listed.code, LAN, today=date(2035, 1, 5))

    again = review(archive, LAN, year=2034)
    council_concludes(archive, again.code)
    decide(
        archive,
        again.code,
        AN,
        number="6/QĐ",
        decision_date="03/01/2026",
        file=pdf_file(tmp_path, "qd2.pdf"),
    )
    with pytest.raises(Conflict, match="not expired"):
        execute(archive, again.code, LAN, today=date(2026, 1, 5))
    assert archive.ocfl.exists(_object(archive, not_yet))


def _object(archive: Archive, code: str) -> str:
    with unit_of_work(archive.sessions) as s:
        oid = s.scalar(select(Dossier.object_id).where(Dossier.arc_file_code == code))
    assert oid is not None
    return oid


def _prefix(object_id: str) -> str:
    from archive.storage.ocfl import object_path

    return object_path(object_id)


@pytest.mark.parametrize("point", ["disposal_recorded", "disposal_erased"])
def test_execution_interrupted_then_completed(
    archive: Archive,
    tmp_path: Path,
    point: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A crash after the records are stored, or after the bytes are erased, leaves the catalog
    as it was; running the execution again completes it, with one record per dossier."""
    code = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
    object_id = _object(archive, code)
    _council(archive)
    listed = review(archive, LAN, today=date(2026, 6, 1))
    council_concludes(archive, listed.code)
    decide(
        archive,
        listed.code,
        AN,
        number="9/QĐ",
        decision_date="01/07/2026",
        file=pdf_file(tmp_path, "qd.pdf"),
    )
    before = _counts(archive)
    monkeypatch.setenv("ARCHIVE_FAULT", f"{point}:raise")
    with pytest.raises(InjectedFault):
        execute(archive, listed.code, LAN, today=date(2026, 7, 2))
    assert _counts(archive) == before
    assert archive.ocfl.exists(object_id) == (point == "disposal_recorded")
    monkeypatch.delenv("ARCHIVE_FAULT")

    report = execute(archive, listed.code, LAN, today=date(2026, 7, 2))

    assert [r["arcFileCode"] for r in report.destroyed] == [code]
    assert _counts(archive) == (0, 0, 0) and not archive.ocfl.exists(object_id)
    with unit_of_work(archive.sessions) as s:
        assert s.scalars(select(DestructionRecord.arc_file_code)).all() == [code]
    aip_copy = read_file(archive, list_object_id(listed.code), f"destroyed/{code}/aip/METS.xml")
    assert aip_copy.startswith(b"<?xml")
    assert archive.verify_audit().ok


def test_duplicates_are_listed_only_while_a_copy_kept_as_long_stays(
    archive: Archive, tmp_path: Path
) -> None:
    """A dossier whose originals another dossier also holds is a duplicate only if that other
    dossier stays (not destroyed on the same list) and is kept at least as long."""
    going = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)  # expired
    ingest_dossier(archive, tmp_path, 2, maintenance="06", end_year=2024, same_content_as=1)
    short = ingest_dossier(archive, tmp_path, 3, maintenance="06", end_year=2024)
    ingest_dossier(archive, tmp_path, 4, maintenance="01", end_year=2024, same_content_as=3)
    indexed_before = _indexed(archive)
    assert {c.rsplit(".", 1)[0] for c in indexed_before} >= {going.split(".", 4)[-1]}

    listed = review(archive, LAN, today=date(2026, 6, 1))

    # dossier 2's copy (1) leaves on this very list; dossier 4 is kept longer than its copy (3)
    assert [(i["arcFileCode"], i["reason"]) for i in listed.items] == [(going, "expired")]
    assert short not in str(listed.items)

    _council(archive)
    council_concludes(archive, listed.code)
    decide(
        archive,
        listed.code,
        AN,
        number="3/QĐ",
        decision_date="01/07/2026",
        file=pdf_file(tmp_path, "qd.pdf"),
    )
    execute(archive, listed.code, LAN, today=date(2026, 7, 2))
    gone = {c for c in indexed_before if c.startswith(going.split(".", 4)[-1] + ".")}
    assert len(gone) == 2 and not gone & _indexed(archive)  # its index entries went too
    assert len(_indexed(archive)) == len(indexed_before) - 2


def _indexed(archive: Archive) -> set[str]:
    """docCodes the search index returns to an administrator."""
    service = SearchService(archive.settings, archive.sessions, archive.ocfl)
    try:
        result = service.search(SearchRequest(limit=100), "admin")  # the most a page holds
    finally:
        service.close()
    assert result.total <= 100, "a few dossiers' documents fit on one page"
    return {hit.doc_code for hit in result.hits}


class FolderHolder:
    """A holder of copies beyond the live stores (as the dated backup sets will be): a folder
    with a copy of each object's files, erased through ``Services.other_holders``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"backup:{folder.name}"

    def keep(self, archive: Archive, object_id: str) -> None:
        store = archive.ocfl.store
        for key in store.iter_keys(_prefix(object_id)):
            target = self.folder / _prefix(object_id) / key.rsplit("/", 1)[-1]
            target.parent.mkdir(parents=True, exist_ok=True)
            with store.open(key) as fh:
                target.write_bytes(fh.read())

    def erase(self, object_id: str) -> int:
        files = [p for p in (self.folder / _prefix(object_id)).rglob("*") if p.is_file()]
        for path in files:
            path.unlink()
        return len(files)


def _originals(archive: Archive, code: str) -> list[bytes]:
    with unit_of_work(archive.sessions) as s:
        dossier = s.scalar(select(Dossier).where(Dossier.arc_file_code == code))
        assert dossier is not None
        paths = [(dossier.object_id, f.path) for f in dossier.files if f.role == "original"]
    out = []
    for object_id, path in paths:
        with archive.ocfl.open_logical(object_id, path) as fh:
            out.append(fh.read())
    return out


def _holds(root: OcflRoot, originals: list[bytes]) -> bool:
    """Whether any key of the store holds one of ``originals``, byte for byte."""
    for key in root.store.iter_keys(""):
        with root.store.open(key) as fh:
            if fh.read() in originals:
                return True
    return False


def test_destruction_erases_the_replica_and_storage_verify_stays_clean(
    tmp_path: Path, catalog_url: str
) -> None:
    """With a replica store (replication sync), the destroyed dossier goes from both stores and
    from object_copies; the disposal list's own object is not an orphan for 'storage verify'."""
    settings = load_settings(
        home=tmp_path / "home",
        database_url=catalog_url,
        replica_backend="local",
        replica_root=tmp_path / "replica",
        replication="sync",
    )
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        code = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
        kept = ingest_dossier(archive, tmp_path, 2, maintenance="01", end_year=2010)
        object_id = _object(archive, code)
        assert archive.replica.exists(object_id)
        originals = _originals(archive, code)
        assert all(_holds(root, originals) for root in archive.roots().values())
        backup = FolderHolder(tmp_path / "backup-2026-06-30")
        backup.keep(archive, object_id)
        archive.other_holders = lambda: [backup]  # type: ignore[method-assign]
        _council(archive)
        listed = review(archive, LAN, today=date(2026, 6, 1))
        council_concludes(archive, listed.code)
        decide(
            archive,
            listed.code,
            AN,
            number="4/QĐ",
            decision_date="01/07/2026",
            file=pdf_file(tmp_path, "qd.pdf"),
        )

        report = execute(archive, listed.code, LAN, today=date(2026, 7, 2))

        assert not archive.ocfl.exists(object_id) and not archive.replica.exists(object_id)
        # no store holds the destroyed bytes under any key, nor does the backup set
        assert not any(_holds(root, originals) for root in archive.roots().values())
        assert not any(backup.folder.rglob("*.pdf"))
        # what was erased where: the report, the catalog's record and the list's object
        where = report.destroyed[0]["erased"]
        assert set(where) == {"local", archive.replica.store.name, backup.name}
        assert all(keys > 0 for keys in where.values()), where
        with unit_of_work(archive.sessions) as s:
            row = s.scalar(select(DestructionRecord.erased_json))
        assert row is not None and json.loads(row) == where
        kept_where = read_file(
            archive, list_object_id(listed.code), f"destroyed/{code}/erased.json"
        )
        assert json.loads(kept_where)["erased"] == where
        with unit_of_work(archive.sessions) as s:
            copies = set(s.scalars(select(ObjectCopy.object_id)))
        assert object_id not in copies and _object(archive, kept) in copies
        for root in archive.roots().values():
            check = verify_store(archive.sessions, root)
            assert check.orphans == [] and check.missing == []
        # the permanent records have a second copy too
        list_object = list_object_id(listed.code)
        assert archive.replica.inventory(list_object) == archive.ocfl.inventory(list_object)


def test_each_refusal_names_what_the_council_and_the_decision_lack(tmp_path: Path) -> None:
    """A council too small, without a secretary and without a quorum cannot conclude, and the
    refusal names all three; an agency in the deposit source list needs the state archives
    authority's appraisal before the head decides; nothing is decided while anything lacks."""
    settings = load_settings(home=tmp_path / "home", disposal_deposit_sources=[sips.ORGAN])
    with open_archive(settings, create=True) as archive:
        ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
        add_accounts(archive.sessions, "hoa", "cuong", "dung", "binh", "giang", "an", "lan")
        for name, role in (("hoa", "chair"), ("cuong", "council"), ("dung", "council")):
            add_council_member(archive, name, role, person_agent("admin"))
        with pytest.raises(Conflict, match="already has a chair of the council: hoa"):
            add_council_member(archive, "binh", "chair", person_agent("admin"))
        listed = review(archive, LAN, today=date(2026, 6, 1))
        record_opinion(archive, listed.code, HOA, "agree")
        with pytest.raises(Conflict) as refused:
            conclude(archive, listed.code, HOA)
        message = str(refused.value)
        assert message.startswith("hội đồng xét hủy có 3 thành viên, cần ít nhất 5")
        for lack in (
            "the council has 3 member(s); at least 5 are required",
            "the council has no secretary",
            "only 1 of 3 members have given their opinion; 5 are needed",
        ):
            assert lack in message, lack
        add_council_member(archive, "binh", "secretary", person_agent("admin"))
        add_council_member(archive, "giang", "council", person_agent("admin"))
        add_council_member(archive, "an", "head", person_agent("admin"))
        for name in ("binh", "cuong", "dung", "giang"):
            record_opinion(archive, listed.code, person_agent(name), "agree")
        conclude(archive, listed.code, HOA)
        decision = {"number": "7/QĐ", "decision_date": "01/07/2026"}
        with pytest.raises(Conflict) as refused:
            decide(archive, listed.code, AN, file=pdf_file(tmp_path, "qd.pdf"), **decision)
        assert str(refused.value).startswith(f"chưa thể ra quyết định hủy {listed.code}: thiếu")
        assert f"appraisal of the state archives authority is missing ({sips.ORGAN}" in str(
            refused.value
        )
        with unit_of_work(archive.sessions) as s:
            assert s.scalar(select(DisposalList.status)) == "review"
        attach(archive, listed.code, pdf_file(tmp_path, "tham-dinh.pdf"), LAN)
        out = decide(archive, listed.code, AN, file=pdf_file(tmp_path, "qd.pdf"), **decision)
        assert out["status"] == "approved"


def test_the_yearly_list_is_made_once_a_year(archive: Archive, tmp_path: Path) -> None:
    """'archive preserve run' makes the year's list "Xem xét hủy" of expired dossiers once:
    proposed by the archive's software agent (never by the head who decides), not again the
    same year, and the next year only if something new is due."""
    expired = ingest_dossier(archive, tmp_path, 1, maintenance="06", end_year=2010)
    later = ingest_dossier(archive, tmp_path, 2, maintenance="06", end_year=2016)  # 31/12/2026
    system = software_agent()
    made = yearly_review(archive, system, today=date(2026, 3, 1))
    assert made is not None and [i["arcFileCode"] for i in made.items] == [expired]
    assert show_list(archive, made.code)[0]["proposedBy"] == system.name
    assert all(i["status"] == "Xem xét hủy" for i in made.items)
    assert yearly_review(archive, system, today=date(2026, 12, 31)) is None  # once a year
    again = yearly_review(archive, system, today=date(2027, 1, 2))
    assert again is not None and [i["arcFileCode"] for i in again.items] == [later]
    assert yearly_review(archive, system, today=date(2028, 1, 2)) is None  # nothing new


def test_a_duplicate_is_listed_as_it_is_ingested(tmp_path: Path) -> None:
    """The ingest gate's DUP002 on every original of a dossier kept no longer than the earlier
    copy: the dossier is on a list "Xem xét hủy" when its ingest ends; a dossier that repeats
    only some originals, or that is kept longer than its copy, is not."""
    with open_archive(load_settings(home=tmp_path / "home"), create=True) as archive:
        kept = ingest_dossier(archive, tmp_path, 3, maintenance="01", end_year=2020)
        assert show_list(archive) == []
        duplicate = ingest_dossier(
            archive, tmp_path, 4, maintenance="06", end_year=2024, same_content_as=3
        )
        (listed,) = show_list(archive)
        assert [(i["arcFileCode"], i["reason"]) for i in listed["items"]] == [
            (duplicate, "duplicate")
        ]
        assert listed["items"][0]["reasonText"] == f"Trùng với hồ sơ {kept}"
        assert listed["proposedBy"] == software_agent().name and listed["status"] == "review"
        partial = ingest_dossier(
            archive, tmp_path, 5, maintenance="06", end_year=2024, same_content_as=3, docs=3
        )
        assert partial not in {i["arcFileCode"] for d in show_list(archive) for i in d["items"]}
