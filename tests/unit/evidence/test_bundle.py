"""The auditor's bundle holds an original, so a restricted record needs --allow-restricted:
the stricter of the document's and its dossier's modes decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.bootstrap import Archive, person_agent
from archive.catalog.models import Dossier
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput
from archive.evidence.bundle import bundle
from tests.support.homes import archive  # noqa: F401 (fixture)
from tests.support.retention import ingest_dossier

LAN = person_agent("lan")


@pytest.mark.parametrize(("dossier_mode", "doc_mode"), [("02", "01"), ("01", "03")])
def test_a_restricted_record_is_not_bundled_without_permission(
    archive: Archive,  # noqa: F811
    tmp_path: Path,
    dossier_mode: str,
    doc_mode: str,
) -> None:
    code = ingest_dossier(archive, tmp_path, 1, mode=dossier_mode, doc_mode=doc_mode, docs=1)
    with unit_of_work(archive.sessions) as session:
        dossier = session.query(Dossier).filter_by(arc_file_code=code).one()
        (document,) = dossier.documents
        doc_code, modes = document.doc_code, (document.mode, dossier.mode)
    assert modes == (doc_mode, dossier_mode)
    out = tmp_path / "bundle.zip"
    with pytest.raises(InvalidInput, match="allow-restricted") as caught:
        bundle(archive, doc_code, out, agent=LAN)
    assert max(modes) in str(caught.value)  # the stricter mode is the one named
    assert not out.exists()
