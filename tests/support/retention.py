"""Dossiers with chosen retention, end year and access mode, ingested into a real archive."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.bootstrap import Archive, person_agent
from archive.db.engine import unit_of_work
from archive.packages.sipwrite import write_sip, zip_tree
from archive.retention.disposal.conclusion import conclude
from archive.retention.disposal.council import add_council_member, attach, record_opinion
from archive.retention.disposal.decision import decide
from archive.retention.disposal.review import review
from archive.users.service import add_user
from tests.support import sips


def ingest_dossier(
    archive: Archive,
    tmp: Path,
    n: int,
    *,
    maintenance: str = "06",
    years: int | None = None,
    end_year: int = 2010,
    mode: str = "01",
    doc_maintenance: str | None = None,
    doc_mode: str | None = None,
    docs: int = 2,
    same_content_as: int | None = None,
) -> str:
    """Ingest dossier ``n`` and return its arcFileCode.

    ``doc_maintenance`` gives the first document a different retention, ``doc_mode`` a
    different access mode; ``same_content_as``
    makes every original a byte-for-byte copy of dossier ``same_content_as``'s (a duplicate).
    """
    sip = sips.sip_input(n, docs=docs, mode=mode, maintenance=maintenance)
    documents = []
    for i, doc in enumerate(sip.documents, start=1):
        values = {**doc.values, "issuedDate": f"{i:02d}/03/{end_year}"}
        if doc_maintenance and i == 1:
            values["maintenance"] = doc_maintenance
        if doc_mode and i == 1:
            values["mode"] = doc_mode
        content = sips.pdf_bytes(same_content_as * 100 + i) if same_content_as else doc.content
        documents.append(replace(doc, values=values, content=content))
    ext = dict(sip.dossier_ext)
    if years is not None:
        ext["maintenanceYears"] = str(years)
    fc = f"{sips.ORGAN}.{end_year}.{n:02d}.VP"
    documents = [
        replace(d, values={**d.values, "docCode": f"{fc}.{i:07d}"}, filename=f"{fc}.{i}.pdf")
        for i, d in enumerate(documents, start=1)
    ]
    sip = replace(
        sip,
        dossier={
            **sip.dossier,
            "fileCode": fc,
            "startDate": f"01/01/{end_year}",
            "endDate": f"31/12/{end_year}",
        },
        documents=documents,
        dossier_ext=ext,
    )
    folder = write_sip(
        sip, tmp / f"tree-{n}", objid=f"uuid-00000000-0000-4000-8000-{n:012d}", created=sips.CREATED
    )
    package = zip_tree(folder, tmp / f"sip-{n}.zip")
    result = archive.ingest(package, person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()
    assert result.arc_file_code is not None
    return result.arc_file_code


def add_accounts(sessions: sessionmaker[Session], *names: str) -> None:
    """Web/API accounts for council members and the head (they act with their own account)."""
    with unit_of_work(sessions) as session:
        for name in names:
            add_user(session, name, "officer", f"mat-khau-{name}-2026", person_agent("admin"))


def pdf_file(tmp: Path, name: str) -> Path:
    """A small stand-in PDF (an appraisal, a decision) to attach to a disposal list."""
    path = tmp / name
    path.write_bytes(b"%PDF-1.7 " + name.encode())
    return path


COUNCIL = (
    ("hoa", "chair"),
    ("binh", "secretary"),
    ("cuong", "council"),
    ("dung", "council"),
    ("giang", "council"),
)
"""A council of the default size (5): a chair, a secretary and three members."""
HEAD = "an"


def seat_council(archive: Archive, *, head: str = HEAD) -> None:
    """Accounts and council rows for :data:`COUNCIL` and the head (also ``lan``'s account,
    the archivist who proposes the lists)."""
    names = [name for name, _role in COUNCIL]
    add_accounts(archive.sessions, *names, head, "lan")
    for name, role in (*COUNCIL, (head, "head")):
        add_council_member(archive, name, role, person_agent("admin"))


def council_concludes(archive: Archive, code: str, agree: int = 5) -> dict[str, object]:
    """The first ``agree`` members of :data:`COUNCIL` agree, the others dissent with a reason;
    the chair closes the review (the council's minutes)."""
    for n, (name, _role) in enumerate(COUNCIL):
        vote = "agree" if n < agree else "disagree"
        record_opinion(archive, code, person_agent(name), vote, "" if n < agree else "Còn giá trị")
    return conclude(archive, code, person_agent("hoa"))


def decided_list(archive: Archive, tmp: Path) -> str:
    """The law's path up to the head's decision for the dossiers expired on 01/06/2026: a full
    council that agrees, its conclusion, the appraisal, decision 12/QĐ of 01/07/2026. Returns
    the list's code."""
    seat_council(archive)
    lan = person_agent("lan")
    listed = review(archive, lan, today=date(2026, 6, 1))
    council_concludes(archive, listed.code)
    attach(archive, listed.code, pdf_file(tmp, "tham-dinh.pdf"), lan)
    decide(
        archive,
        listed.code,
        person_agent(HEAD),
        number="12/QĐ",
        decision_date="01/07/2026",
        file=pdf_file(tmp, "qd.pdf"),
    )
    return listed.code
