"""Settings: defaults, sources, documentation, production refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.config import Settings, load_settings
from archive.errors import ConfigurationError

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in text, name
        assert f"`ARCHIVE_{name.upper()}`" in text, name


def test_defaults_are_the_embedded_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARCHIVE_HOME", raising=False)
    settings = load_settings()
    expected = f"sqlite:///{tmp_path / 'archive-data'}/catalog.sqlite3"
    assert settings.resolved_database_url == expected
    assert settings.resolved_storage_root == tmp_path / "archive-data" / "store"


def test_environment_beats_toml_and_unknown_keys_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "archive.toml").write_text('agency_name = "Từ tệp"\nmax_entries = 5\n')
    monkeypatch.setenv("ARCHIVE_HOME", str(home))
    monkeypatch.setenv("ARCHIVE_MAX_ENTRIES", "7")
    settings = load_settings()
    assert (settings.agency_name, settings.max_entries) == ("Từ tệp", 7)
    (home / "archive.toml").write_text('agency_nmae = "typo"\n')
    with pytest.raises(ConfigurationError, match="agency_nmae"):
        load_settings()


def test_bad_agency_code_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="agency_code"):
        load_settings(agency_code="UBND-HB")


def test_production_refuses_the_demo_agency_code() -> None:
    with pytest.raises(ConfigurationError, match="ARCHIVE_AGENCY_CODE"):
        load_settings(environment="production")
    assert load_settings(environment="production", agency_code="000.00.00.H49").agency_code
