"""The conditional rules of the metadata (archive/packages/rules.py), the scan standard of
digitized documents (archive/packages/digitized.py) and riskRecoveryStatus as the archive holds
it. Each rule has a test that fails when the rule is removed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from PIL import Image
from sqlalchemy import select

from archive.bootstrap import Archive, open_archive, person_agent, software_agent
from archive.catalog.models import Document, Dossier
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.holdings.replication import replicate
from archive.ingest.pipeline import IngestResult
from archive.packages.digitized import inspect_scan
from archive.packages.sipwrite import SipInput, write_sip, zip_tree
from tests.support import sips


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(load_settings(home=tmp_path / "home"), create=True) as opened:
        yield opened


def ingest(archive: Archive, tmp: Path, sip: SipInput, n: int = 1) -> IngestResult:
    folder = write_sip(
        sip, tmp / f"tree-{n}", objid=f"uuid-00000000-0000-4000-8000-{n:012d}", created=sips.CREATED
    )
    return archive.ingest(zip_tree(folder, tmp / f"sip-{n}.zip"), person_agent("lan"))


def codes(result: IngestResult, severity: str | None = None) -> set[str]:
    return {f.code for f in result.report.findings if severity in (None, f.severity)}


def with_documents(sip: SipInput, **values: str) -> SipInput:
    return replace(
        sip, documents=[replace(d, values={**d.values, **values}) for d in sip.documents]
    )


def scan_pdf(mode: str = "RGB", pixels: int = 200, version: str = "1.7", seed: int = 0) -> bytes:
    """A one-page 1 × 1 inch PDF holding one image of ``pixels`` × ``pixels``: ``pixels`` dpi."""
    colour: Any = (200, 30 + seed, 30) if mode == "RGB" else 128
    pdf = FPDF(unit="in", format=(1, 1))
    pdf.add_page()
    pdf.image(Image.new(mode, (pixels, pixels), colour), 0, 0, 1, 1)
    pdf.pdf_version = version
    return bytes(pdf.output())


def digitized(sip: SipInput, *contents: bytes, paper: bool = True) -> SipInput:
    """The dossier as digitized (confidenceLevel 02), its documents' files replaced."""
    dossier = {**sip.dossier, "confidenceLevel": "02"}
    if paper:
        dossier["paperFileCode"] = "H49.01.K2.G15.H3.00152"
    docs = [
        replace(d, values={**d.values, "confidenceLevel": "02"}, content=c)
        for d, c in zip(sip.documents, contents, strict=True)
    ]
    return replace(sip, dossier=dossier, documents=docs)


# ---------------------------------------------------------------- riskRecovery / paperFileCode


def test_risk_recovery_without_status_is_refused(archive: Archive, tmp_path: Path) -> None:
    sip = sips.with_dossier(sips.sip_input(1), riskRecovery="1")
    result = ingest(archive, tmp_path, sip)
    assert result.status == "refused" and "VAL009" in codes(result, "error")
    doc = with_documents(sips.sip_input(2), riskRecovery="1")
    result = ingest(archive, tmp_path, doc, 2)
    assert result.status == "refused"
    paths = [f.path for f in result.report.findings if f.code == "VAL009"]
    assert len(paths) == 2 and all("/EAD_doc_" in p for p in paths)
    ok = sips.with_dossier(sips.sip_input(3), riskRecovery="1", riskRecoveryStatus="02")
    assert ingest(archive, tmp_path, ok, 3).status == "accepted"
    assert len(list(archive.ocfl.iter_object_ids())) == 1


@pytest.mark.parametrize("level", ["02", "03"])
def test_digitized_and_mixed_dossiers_need_a_paper_file_code(
    archive: Archive, tmp_path: Path, level: str
) -> None:
    sip = sips.with_dossier(sips.sip_input(1), confidenceLevel=level)
    if level == "02":
        sip = digitized(sip, scan_pdf(seed=1), scan_pdf(seed=2), paper=False)
    result = ingest(archive, tmp_path, sip)
    assert result.status == "refused" and "VAL010" in codes(result, "error")
    fixed = sips.with_dossier(sip, paperFileCode="H49.01.K2.G15.H3.00152")
    assert ingest(archive, tmp_path, fixed, 2).status == "accepted"


# ------------------------------------------------------------------------------ the 5-year rule


def test_a_dossier_kept_under_five_years_is_refused(archive: Archive, tmp_path: Path) -> None:
    sip = sips.sip_input(1, maintenance="07")
    two = replace(sip, dossier_ext={"maintenanceYears": "2"})
    result = ingest(archive, tmp_path, two)
    assert result.status == "refused"
    (finding,) = [f for f in result.report.findings if f.code == "RET001"]
    assert "5 years" in finding.message_en and "05 năm" in finding.message_vi
    assert list(archive.ocfl.iter_object_ids()) == []
    five = replace(sip, dossier_ext={"maintenanceYears": "5"})
    assert ingest(archive, tmp_path, five, 2).status == "accepted"


def test_the_five_year_rule_can_be_a_warning(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home", ingest_short_retention="warn")
    with open_archive(settings, create=True) as archive:
        sip = sips.sip_input(1, maintenance="07")
        result = ingest(archive, tmp_path, replace(sip, dossier_ext={"maintenanceYears": "2"}))
    assert result.status == "accepted" and "RET001" in codes(result, "warning")


# -------------------------------------------------------------------- fit with the dossier


def test_a_document_that_does_not_fit_its_dossier_is_a_warning(
    archive: Archive, tmp_path: Path
) -> None:
    sip = sips.sip_input(1, maintenance="06")
    docs = list(sip.documents)
    docs[0] = replace(docs[0], values={**docs[0].values, "maintenance": "01"})
    docs[1] = replace(docs[1], values={**docs[1].values, "confidenceLevel": "03"})
    result = ingest(archive, tmp_path, replace(sip, documents=docs))
    assert result.status == "accepted"
    found = [f for f in result.report.findings if f.code == "VAL007"]
    assert sorted(f.message_en.split(" =")[0] for f in found) == ["confidenceLevel", "maintenance"]


# ------------------------------------------------------------------------------ digitized


def test_the_scan_is_measured(tmp_path: Path) -> None:
    for name, data, images, grey, dpi in (
        ("colour", scan_pdf(), 1, 0, 200),
        ("grey", scan_pdf("L", 300), 1, 1, 300),
        ("coarse", scan_pdf(pixels=150), 1, 0, 150),
        ("text", sips.pdf_bytes(1), 0, 0, None),
    ):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        found = inspect_scan(path)
        assert (found.images, found.not_colour) == (images, grey), name
        assert (None if found.min_dpi is None else round(found.min_dpi)) == dpi, name


def test_digitized_documents_are_checked(archive: Archive, tmp_path: Path) -> None:
    good = digitized(sips.sip_input(1), scan_pdf(seed=1), scan_pdf(seed=2))
    result = ingest(archive, tmp_path, good)
    assert result.status == "accepted"
    assert not {c for c in codes(result) if c.startswith("DIG")}
    bad = digitized(sips.sip_input(2), scan_pdf("L", 300), scan_pdf(pixels=150, version="1.3"))
    result = ingest(archive, tmp_path, bad, 2)
    assert result.status == "accepted"
    assert {"DIG002", "DIG004", "DIG005"} <= codes(result, "warning")
    text = digitized(sips.sip_input(3), sips.pdf_bytes(7), b"not a scan at all")
    result = ingest(archive, tmp_path, text, 3)
    assert result.status == "refused"
    assert "DIG003" in codes(result, "warning") and "DIG001" in codes(result, "error")


def test_the_scan_standard_can_refuse(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home", digitized_policy="refuse")
    with open_archive(settings, create=True) as archive:
        sip = digitized(sips.sip_input(1), scan_pdf(pixels=150), scan_pdf(seed=3))
        result = ingest(archive, tmp_path, sip)
    assert result.status == "refused" and "DIG005" in codes(result, "error")


# ------------------------------------------------------------ riskRecoveryStatus as held


def _statuses(archive: Archive) -> tuple[str | None, set[str | None]]:
    with unit_of_work(archive.sessions) as s:
        dossier = s.scalars(select(Dossier)).one()
        return dossier.risk_recovery_status, set(s.scalars(select(Document.risk_recovery_status)))


def test_a_false_backup_claim_is_a_warning_and_never_shown(
    archive: Archive, tmp_path: Path
) -> None:
    sip = sips.with_dossier(sips.sip_input(1), riskRecovery="1", riskRecoveryStatus="01")
    result = ingest(archive, tmp_path, sip)
    assert result.status == "accepted" and "REP002" in codes(result, "warning")
    assert _statuses(archive) == ("02", {"02"})


def test_the_backup_status_follows_the_copies(tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path / "home",
        replica_backend="local",
        replica_root=tmp_path / "replica",
        replication="deferred",
    )
    with open_archive(settings, create=True) as archive:
        assert archive.replica is not None
        sip = sips.with_dossier(sips.sip_input(1), riskRecovery="1", riskRecoveryStatus="01")
        result = ingest(archive, tmp_path, sip)
        assert "REP002" in codes(result)
        assert _statuses(archive) == ("02", {"02"})
        agents = [person_agent("lan"), software_agent()]
        replicate(archive.sessions, archive.ocfl, archive.replica, settings.staging_dir, agents)
        assert _statuses(archive) == ("01", {"01"})
    sync = load_settings(
        home=tmp_path / "home2", replica_backend="local", replica_root=tmp_path / "replica2"
    )
    with open_archive(sync, create=True) as archive:
        result = ingest(archive, tmp_path / "b", sip)
        assert result.status == "accepted" and "REP002" not in codes(result)
        assert _statuses(archive) == ("01", {"01"})
