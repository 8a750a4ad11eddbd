"""Round trip of a signed dossier: exported by one archive home (trusting the served test PKI),
ingested by another, with identical metadata, files and signature validation outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier
from archive.db.engine import unit_of_work
from archive.signatures.models import FileValidation, Signature
from archive.transfer.export import export
from archive.transfer.registration import register
from tests.support import eark, signed
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf
from tests.unit.transfer.test_transfer import _snapshot


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def _signatures(archive: Archive, code: str) -> list[tuple[Any, ...]]:
    with unit_of_work(archive.sessions) as s:
        d = s.scalars(select(Dossier).where(Dossier.arc_file_code == code)).one()
        ids = {f.id: f.path for f in d.files}
        rows = s.scalars(select(Signature).where(Signature.file_id.in_(ids))).all()
        levels = s.scalars(select(FileValidation).where(FileValidation.file_id.in_(ids))).all()
        return sorted(
            [
                (
                    ids[r.file_id],
                    r.field,
                    r.kind,
                    r.signer_serial,
                    r.indication,
                    r.subindication,
                    r.trusted,
                    r.pades_level,
                )
                for r in rows
            ]
            + [(ids[v.file_id], v.bottom_line, v.pades_level) for v in levels]
        )


def test_signed_dossier_round_trip(pki: TestPki, tmp_path: Path) -> None:
    with freeze_time(SIGNING_TIME, tick=True):  # the signer certificates expire in 2027
        data = sign_nd30_pdf(pki, "B-LTA")
    with (
        signed.open_home(tmp_path / "a", pki) as first,
        signed.open_home(tmp_path / "b", pki) as second,
    ):
        code = signed.ingest(first, signed.package(tmp_path, 1, data)).arc_file_code
        assert code is not None
        out = tmp_path / "out"
        out.mkdir()
        register(first, [code], person_agent("lan"), out)
        (package,) = export(first, [code], out, person_agent("lan")).packages
        zip_path = out / package["zip"]
        (report,) = eark.validate(zip_path)
        assert eark.errors(report) == {"structure": [], "schema": [], "schematron": ["SIP14"]}

        signed.ingest(second, zip_path)

        assert _snapshot(second, [code]) == _snapshot(first, [code])
        outcomes = _signatures(first, code)
        assert outcomes == _signatures(second, code)
        assert ("PASSED" in str(outcomes)) and len(outcomes) >= 3
