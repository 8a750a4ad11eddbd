"""The search service with a real archive: incremental indexing at ingest, reindex, access."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from archive.bootstrap import Archive, open_archive, person_agent
from archive.config import Settings, load_settings
from archive.errors import ConfigurationError, InvalidInput
from archive.packages.sipwrite import write_sip, zip_tree
from archive.search import Filters, SearchRequest, SearchService, update_index_after_ingest
from archive.users.access import allowed_modes
from tests.support import sips
from tests.unit.search.test_extract import _scan_pdf


def _settings(tmp_path: Path, **values: object) -> Settings:
    return load_settings(home=tmp_path / "home", **values)


@pytest.fixture(
    params=[
        pytest.param(("tantivy", "sqlite"), id="tantivy-sqlite"),
        pytest.param(("whoosh", "sqlite"), id="whoosh-sqlite"),
        pytest.param(
            ("tantivy", "postgresql"), id="tantivy-postgresql", marks=pytest.mark.postgres
        ),
    ]
)
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Archive]:
    """The isolated profile: some tests ingest mode 03 (Mật) records (docs/secrets.md). The
    default engine (tantivy) runs on both catalogs: the index is filled from catalog rows."""
    backend, engine = request.param
    catalog = {"database_url": request.getfixturevalue("pg_url")} if engine == "postgresql" else {}
    settings = _settings(tmp_path, search_backend=backend, secret_records="isolated", **catalog)
    with open_archive(settings, create=True) as opened:
        yield opened


def ingest(archive: Archive, tmp_path: Path, n: int, **kw: object) -> list[str]:
    result = archive.ingest(sips.write_zip(tmp_path, n, **kw), person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()
    return [f.code for f in result.report.findings]


def service(archive: Archive, **values: object) -> SearchService:
    settings = archive.settings.model_copy(update=values)
    return SearchService(settings, archive.sessions, archive.ocfl)


def codes(svc: SearchService, text: str = "", role: str = "officer", **kw: object) -> set[str]:
    result = svc.search(SearchRequest(text=text, **kw), role)  # type: ignore[arg-type]
    return {h.file_code for h in result.hits}


def test_ingest_indexes_each_dossier(archive: Archive, tmp_path: Path) -> None:
    ingest(archive, tmp_path, 1)
    ingest(archive, tmp_path, 2, docs=3, maintenance="05")
    svc = service(archive)
    found = svc.search(SearchRequest("quyet dinh giao dat"), "officer")
    assert found.total == 5
    assert {h.symbol for h in found.hits} >= {"101/QĐ-UBND", "103/QĐ-UBND"}
    assert codes(svc, "giao dat", filters=Filters(maintenance=("05",))) == {sips.file_code(2)}
    # The text of the stored PDF is in the index too.
    text_hit = svc.search(SearchRequest("ubnd"), "officer").hits[0]
    assert text_hit.text_status == "ok"
    assert svc.status()["documents"] == 5


def test_mode_02_is_invisible_to_officers_in_hits_and_counts(
    archive: Archive, tmp_path: Path
) -> None:
    ingest(archive, tmp_path, 1)
    ingest(archive, tmp_path, 2, mode="02")
    svc = service(archive)
    officer = svc.search(SearchRequest("giao dat"), "officer")
    assert {h.mode for h in officer.hits} == {"01"} and officer.total == 2
    assert officer.facet("mode") == {"01": 2}
    assert officer.facet("year") == {"2024": 2}
    archivist = svc.search(SearchRequest("giao dat"), "archivist")
    assert archivist.total == 4 and archivist.facet("mode") == {"01": 2, "02": 2}
    assert svc.search(SearchRequest(filters=Filters(modes=("02",))), "officer").total == 0
    allowed = service(archive, search_roles_mode_02=["officer", "archivist"])
    assert allowed.search(SearchRequest("giao dat"), "officer").total == 4


def test_mode_03_is_not_indexed_unless_configured(archive: Archive, tmp_path: Path) -> None:
    ingest(archive, tmp_path, 1)
    ingest(archive, tmp_path, 2, mode="03")
    svc = service(archive)
    assert svc.status()["documents"] == 2
    assert codes(svc, "giao dat", role="admin") == {sips.file_code(1)}
    restricted = service(archive, search_index_restricted=True)
    restricted.reindex()
    assert restricted.status()["documents"] == 4
    assert codes(restricted, "giao dat", role="admin") == {sips.file_code(1), sips.file_code(2)}
    assert codes(restricted, "giao dat", role="officer") == {sips.file_code(1)}
    assert restricted.search(SearchRequest(), "officer").facet("mode") == {"01": 2}
    # Turning the setting off hides them at once, and the next reindex drops them.
    assert codes(svc, "giao dat", role="admin") == {sips.file_code(1)}
    svc.reindex()
    assert svc.status()["documents"] == 2


def test_allowed_modes() -> None:
    settings = load_settings()
    assert allowed_modes(settings, "officer") == {"01"}
    assert allowed_modes(settings, "archivist") == {"01", "02"}
    on = settings.model_copy(update={"search_index_restricted": True})
    assert allowed_modes(on, "admin") == {"01", "02", "03"}
    assert allowed_modes(on, "auditor") == {"01"}
    with pytest.raises(InvalidInput):
        allowed_modes(settings, "root")


def test_reindex_rebuilds_the_same_answers(archive: Archive, tmp_path: Path) -> None:
    for n in (1, 2, 3):
        ingest(archive, tmp_path, n, docs=2)
    svc = service(archive)
    queries = [SearchRequest("quyet dinh"), SearchRequest("ubnd", sort="newest", limit=3)]

    def answers() -> list[object]:
        out: list[object] = []
        for q in queries:
            result = svc.search(q, "archivist")
            hits = [h.doc_code for h in result.hits]
            # Equal scores may come in another order from a rebuilt index; dates may not.
            out.append((result.total, hits if q.sort != "relevance" else set(hits), result.facets))
        return out

    before = answers()
    first = svc.status()["generation"]
    summary = svc.reindex()
    assert (summary.dossiers, summary.documents) == (3, 6)
    assert summary.text_status == {"ok": 6}
    assert answers() == before
    root = archive.settings.resolved_search_index_dir / archive.settings.search_backend
    assert sorted(p.name for p in root.glob("g-*")) == [svc.status()["generation"]] != [first]


def test_index_failure_never_fails_the_ingest(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("archive.search.service.index_docs", broken)
    assert "IDX001" in ingest(archive, tmp_path, 1)
    monkeypatch.undo()
    svc = service(archive)
    with pytest.raises(ConfigurationError, match="reindex"):
        svc.search(SearchRequest("giao"), "officer")
    svc.reindex()
    assert codes(svc, "giao") == {sips.file_code(1)}


def test_a_missing_index_is_not_silently_started(archive: Archive, tmp_path: Path) -> None:
    ingest(archive, tmp_path, 1)
    svc = service(archive)
    assert svc.exists()
    root = archive.settings.resolved_search_index_dir
    for path in sorted(root.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    assert "IDX001" in ingest(archive, tmp_path, 2)  # would miss dossier 1
    assert not svc.exists()
    svc.reindex()
    assert codes(svc, "giao") == {sips.file_code(1), sips.file_code(2)}


def test_scans_are_flagged_needs_ocr(archive: Archive, tmp_path: Path) -> None:
    sip = sips.sip_input(1, docs=1)
    scanned = replace(sip.documents[0], content=_scan_pdf())
    folder = write_sip(
        replace(sip, documents=[scanned]),
        tmp_path / "tree",
        objid="uuid-00000000-0000-4000-8000-000000000009",
        created=sips.CREATED,
    )
    result = archive.ingest(zip_tree(folder, tmp_path / "scan.zip"), person_agent("lan"))
    assert result.status == "accepted"
    assert "TXT001" in [f.code for f in result.report.findings]
    hit = service(archive).search(SearchRequest("giao dat"), "officer").hits[0]
    assert hit.text_status == "needs_ocr"


def test_an_index_of_an_older_format_asks_for_a_reindex(archive: Archive, tmp_path: Path) -> None:
    """Format 3 folds the i/y spellings (issue #18): a format 2 index must be rebuilt."""
    ingest(archive, tmp_path, 1)
    svc = service(archive)
    root = archive.settings.resolved_search_index_dir / archive.settings.search_backend
    meta = root / str(svc.status()["generation"]) / "index.json"
    current = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**current, "format": 2}), encoding="utf-8")
    svc.close()
    svc = service(archive)
    with pytest.raises(ConfigurationError, match="archive search reindex"):
        svc.search(SearchRequest("giao"), "officer")
    assert "IDX001" in ingest(archive, tmp_path, 2)  # stored all the same
    summary = svc.reindex()
    assert summary.dossiers == 2
    assert codes(svc, "giao") == {sips.file_code(1), sips.file_code(2)}
    rebuilt = root / str(svc.status()["generation"]) / "index.json"
    assert json.loads(rebuilt.read_text(encoding="utf-8"))["format"] == current["format"] > 2


def test_abbreviations_come_from_the_settings(archive: Archive, tmp_path: Path) -> None:
    """The subjects say "Công ty TNHH Minh Phát"; TNHH is in the built-in table."""
    ingest(archive, tmp_path, 1)
    typed = SearchRequest("cong ty trach nhiem huu han minh phat")
    found = service(archive).search(typed, "officer")
    assert found.total == 2 and not found.fallback  # the two documents of dossier 1
    removed = service(archive, search_abbreviations={"tnhh": []}).search(typed, "officer")
    assert removed.fallback  # no document has "trách nhiệm hữu hạn": the closest matches
    added = service(archive, search_abbreviations={"MP": ["Minh Phát"]})
    assert added.search(SearchRequest("cong ty mp"), "officer").total == 2
    bad = service(archive, search_abbreviations={"QĐ-UBND": ["quyết định"]})
    with pytest.raises(ConfigurationError, match="one word"):
        bad.search(typed, "officer")
    # A bad table never stops an ingest: the index does not use it.
    settings = archive.settings.model_copy(update={"search_abbreviations": {"A B": ["x"]}})
    dossier = found.hits[0].dossier_code
    assert update_index_after_ingest(settings, archive.sessions, archive.ocfl, dossier) == []
