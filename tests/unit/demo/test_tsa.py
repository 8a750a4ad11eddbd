"""The demo TSA as a configured ``tsa_url`` (``demo-tsa:<folder>``): real RFC 3161 tokens made
in-process, dated by the (frozen) clock, issued under the demo root; never in production."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import cms, tsp
from cryptography import x509
from freezegun import freeze_time

from archive.config import load_settings
from archive.demo.pki import DemoPki, create_demo_pki
from archive.demo.tsa import (
    DEMO_TSA_SCHEME,
    DemoTimeStamper,
    demo_tsa_url,
    is_demo_tsa_url,
    timestamper_from_url,
)
from archive.errors import ConfigurationError
from tests.support.production import copies

FROZEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return create_demo_pki(tmp_path_factory.mktemp("pki") / "demo-pki", not_before=start)


def test_the_url_names_the_pki_folder(pki: DemoPki) -> None:
    url = demo_tsa_url(pki.directory)
    assert url == f"demo-tsa:{pki.directory.resolve()}"
    assert DEMO_TSA_SCHEME == "demo-tsa:"  # the literal Settings.check_production refuses
    assert is_demo_tsa_url(url)
    assert not is_demo_tsa_url("https://tsa.example.vn/tsr")
    assert not is_demo_tsa_url(None)


def test_the_configured_demo_tsa_grants_a_token_over_the_digest(pki: DemoPki) -> None:
    timestamper = timestamper_from_url(demo_tsa_url(pki.directory))
    assert isinstance(timestamper, DemoTimeStamper)
    digest = hashlib.sha256(b"ho so luu tru").digest()

    with freeze_time(FROZEN):
        token = asyncio.run(timestamper.async_timestamp(digest, "sha256"))

    signed = token["content"]
    info = tsp.TSTInfo.load(signed["encap_content_info"]["content"].parsed.dump())
    assert info["message_imprint"]["hashed_message"].native == digest
    assert info["message_imprint"]["hash_algorithm"]["algorithm"].native == "sha256"
    assert info["gen_time"].native == FROZEN
    (cert,) = (c.chosen for c in signed["certificates"] if isinstance(c.chosen, cms.Certificate))
    tsa = x509.load_der_x509_certificate(cert.dump())
    root = x509.load_pem_x509_certificate(pki.root_cert_path.read_bytes())
    tsa.verify_directly_issued_by(root)  # raises when not issued by the demo root
    usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert [oid.dotted_string for oid in usage] == ["1.3.6.1.5.5.7.3.8"]  # timeStamping


def test_a_folder_without_a_demo_pki_is_a_clear_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        timestamper_from_url(demo_tsa_url(tmp_path / "nowhere"))
    message = str(caught.value)
    assert "không có PKI demo" in message and "no demo PKI is there" in message
    assert "archive demo" in message
    assert not (tmp_path / "nowhere").exists()  # nothing was created


def test_production_refuses_the_demo_tsa(pki: DemoPki, tmp_path: Path) -> None:
    production = {"environment": "production", "agency_code": "000.00.00.H49", **copies(tmp_path)}
    with pytest.raises(ConfigurationError) as caught:
        load_settings(**production, tsa_url=demo_tsa_url(pki.directory))
    assert "tsa_url" in str(caught.value) and "RFC 3161" in str(caught.value)
    real = load_settings(**production, tsa_url="https://tsa.example.vn/tsr")
    assert real.tsa_url == "https://tsa.example.vn/tsr"


def test_the_archive_picks_its_tsa_from_the_url(pki: DemoPki, tmp_path: Path) -> None:
    """The composition root turns a demo-tsa: URL into the in-process demo TSA and any other
    URL into an RFC 3161 client over HTTP; with none it refuses plainly."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.errors import NotSupported

    urls = {"demo": demo_tsa_url(pki.directory), "http": "http://127.0.0.1:9/tsr", "none": None}
    kinds: dict[str, type] = {"demo": DemoTimeStamper, "http": HTTPTimeStamper}
    for label, url in urls.items():
        settings = load_settings(home=tmp_path / label, tsa_url=url)
        with open_archive(settings, create=True) as archive:
            if url is None:
                with pytest.raises(NotSupported, match="ARCHIVE_TSA_URL"):
                    archive.timestamper()
            else:
                assert type(archive.timestamper()) is kinds[label]
