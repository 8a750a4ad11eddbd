"""Settings: defaults, sources, documentation, production refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from archive.config import Settings, load_settings
from archive.demo.pki import create_demo_pki
from archive.errors import ConfigurationError
from tests.support.production import copies

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


def test_production_refuses_the_demo_agency_code(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ARCHIVE_AGENCY_CODE"):
        load_settings(environment="production")
    agency = {"environment": "production", "agency_code": "000.00.00.H49"}
    assert load_settings(**agency, **copies(tmp_path)).agency_code


def test_production_needs_the_second_copy_and_a_backup_target(tmp_path: Path) -> None:
    agency = {"environment": "production", "agency_code": "000.00.00.H49"}
    with pytest.raises(ConfigurationError) as caught:
        load_settings(**agency)
    said = str(caught.value)
    assert said.index("bản sao thứ hai") < said.index("second copy")  # Vietnamese first
    assert "ARCHIVE_REPLICA_BACKEND" in said and "ARCHIVE_BACKUP_BACKEND" in said
    settings = copies(tmp_path)
    with pytest.raises(ConfigurationError, match="ARCHIVE_BACKUP_BACKEND") as caught:
        load_settings(**agency, **{**settings, "backup_backend": "none"})
    assert "ARCHIVE_REPLICA_BACKEND" not in str(caught.value)
    with pytest.raises(ConfigurationError, match="ARCHIVE_REPLICA_BACKEND"):
        load_settings(**agency, **{**settings, "replica_backend": "none"})
    assert load_settings(**{**settings, "replica_backend": "none", "backup_backend": "none"})


def test_production_refuses_the_demo_trust_root(tmp_path: Path) -> None:

    pki = create_demo_pki(tmp_path / "demo-pki")
    own = tmp_path / "own"
    own.mkdir()
    # Any other root (an agency's own) is accepted.
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Root CA của cơ quan")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (own / "agency.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    base = {"environment": "production", "agency_code": "000.00.00.H49", **copies(tmp_path)}
    assert load_settings(**base, trust_roots=[own]).trust_roots == [own]
    for roots in ([pki.root_cert_path], [own, pki.directory], [pki.intermediate_cert_path]):
        with pytest.raises(ConfigurationError, match="demo PKI") as caught:
            load_settings(**base, trust_roots=roots)
        assert "PKI demo" in str(caught.value)  # the Vietnamese half, first
    # Outside production the demo root stays usable (archive demo writes it into archive.toml).
    assert load_settings(trust_roots=[pki.root_cert_path]).trust_roots
