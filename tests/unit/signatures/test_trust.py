"""Trust as production needs it (issue #16 part 5, docs/signatures.md "Trust store").

* In production, ingest refuses to start with no trust root, and says which setting and which
  national roots to install; commands that validate nothing still start.
* ``trust_intermediates``: a signer that does not embed its CA chain is validated offline only
  with the intermediate configured, and the archive keeps the chain it built with the AIP, so
  that a stored document can be verified again without the network.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import pem
from freezegun import freeze_time
from pyhanko.pdf_utils.reader import PdfFileReader

from archive.bootstrap import open_archive, person_agent
from archive.config import Settings, load_settings
from archive.demo.pdf import render_pdf
from archive.errors import ConfigurationError
from archive.signatures.step import PyHankoSignatureStep, validation_settings
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationData, ValidationSettings, validate_pdf
from tests.support.cli import run
from tests.support.pki import ND30_DOCUMENT, SIGNING_TIME, TestPki, sign_test_pdf
from tests.support.production import copies, copies_env
from tests.support.signed import doc_code, package

LATER_THAT_DAY = SIGNING_TIME + timedelta(hours=1)
AGENCY = "000.00.00.H49"


def production(tmp_path: Path, **settings: object) -> Settings:
    return load_settings(
        home=tmp_path / "home",
        environment="production",
        agency_code=AGENCY,
        **copies(tmp_path),
        **settings,
    )


# --------------------------------------------------------------------------- production


def test_production_ingest_refuses_to_start_without_trust_roots(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as raised:
        PyHankoSignatureStep(production(tmp_path))
    message = str(raised.value)
    for words in ("trust_roots", "ARCHIVE_TRUST_ROOTS", "NEAC", "Ban Cơ yếu", "production"):
        assert words in message, words
    assert message.index("Chưa có chứng thư gốc") < message.index("No trust root")  # vi first


def test_production_ingest_refuses_a_trust_folder_without_certificates(tmp_path: Path) -> None:
    empty = tmp_path / "trust"
    empty.mkdir()
    with pytest.raises(ConfigurationError, match=str(empty)):
        PyHankoSignatureStep(production(tmp_path, trust_roots=[empty]))


def test_production_with_a_root_and_development_without_one_start(
    pki: TestPki, tmp_path: Path
) -> None:
    step = PyHankoSignatureStep(production(tmp_path, trust_roots=[pki.root_pem_path]))
    assert len(step.validation.trust.roots) == 1
    PyHankoSignatureStep(load_settings(home=tmp_path / "dev"))  # development: allowed, as before


def test_archive_ingest_in_production_says_what_to_install(tmp_path: Path) -> None:
    """On the command line: exit 1, the reason, no traceback; `archive info` still starts."""
    home = tmp_path / "home"
    env = {
        "ARCHIVE_ENVIRONMENT": "production",
        "ARCHIVE_AGENCY_CODE": AGENCY,
        "ARCHIVE_VIRUS_SCANNER": "off",  # the gate's own production check comes first
        **copies_env(tmp_path),
    }
    assert run(home, "init", env=env).exit_code == 0
    pkg = package(tmp_path, 1, render_pdf(ND30_DOCUMENT))
    result = run(home, "ingest", str(pkg), env=env)
    assert result.exit_code == 1
    flat = " ".join(result.stderr.split())
    assert "trust_roots" in flat and "NEAC" in flat and "Ban Cơ yếu" in flat
    assert "Traceback" not in result.output
    info = run(home, "info", "--json", env=env)
    assert info.exit_code == 0
    assert json.loads(info.stdout)["signatures"]["validation"] == "PyHankoSignatureStep"


# --------------------------------------------------------------------------- intermediates


@pytest.fixture(scope="module")
def chainless(pki: TestPki) -> bytes:
    """A B-T whose CMS carries the signer's certificate only (no Ban Cơ yếu intermediate)."""
    with freeze_time(SIGNING_TIME, tick=True):
        return sign_test_pdf(
            pki, render_pdf(ND30_DOCUMENT), "B-T", "signer-person", embed_chain=False
        )


@pytest.fixture(scope="module")
def interm_pem(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("intermediates") / "bcy-interm.pem"
    path.write_bytes(pem.armor("CERTIFICATE", pki.interm.dump()))
    return path


def _validate(data: bytes, cfg: ValidationSettings, tmp: Path) -> tuple[str, ValidationData]:
    path = tmp / "chainless.pdf"
    path.write_bytes(data)
    with freeze_time(LATER_THAT_DAY, tick=True):
        report, kept = validate_pdf(path, cfg)
    return report.signatures[0].status, kept


def test_the_signature_does_not_embed_its_chain(chainless: bytes, pki: TestPki) -> None:
    (sig,) = PdfFileReader(BytesIO(chainless)).embedded_signatures
    embedded = [c.chosen.dump() for c in sig.signed_data["certificates"]]
    assert embedded == [pki.cert("signer-person").dump()]


def test_offline_a_chainless_signer_needs_trust_intermediates(
    chainless: bytes, pki: TestPki, interm_pem: Path, tmp_path: Path
) -> None:
    roots = [pki.root_pem_path]
    online = ValidationSettings(TrustStore.from_paths(roots, [interm_pem]), fetch=True)
    status, kept = _validate(chainless, online, tmp_path)
    assert status == "TOTAL_PASSED"
    revinfo = {"known_ocsps": list(kept.ocsps.values()), "known_crls": list(kept.crls.values())}
    assert revinfo["known_ocsps"] or revinfo["known_crls"]
    without = ValidationSettings(TrustStore.from_paths(roots), fetch=False, **revinfo)  # type: ignore[arg-type]
    with_them = dataclasses.replace(without, trust=TrustStore.from_paths(roots, [interm_pem]))
    status_without, _ = _validate(chainless, without, tmp_path)
    assert status_without.startswith("INDETERMINATE/")  # no path to the root can be built
    assert _validate(chainless, with_them, tmp_path)[0] == "TOTAL_PASSED"


def test_the_setting_reaches_the_validation(pki: TestPki, interm_pem: Path, tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path, trust_roots=[pki.root_pem_path], trust_intermediates=[interm_pem.parent]
    )
    trust = validation_settings(settings).trust
    assert [c.dump() for c in trust.intermediates] == [pki.interm.dump()]


def test_the_aip_keeps_the_chain_it_built_so_verify_works_offline(
    chainless: bytes, pki: TestPki, interm_pem: Path, tmp_path: Path
) -> None:
    """Ingested with the intermediate configured; verified later offline, with neither the
    network nor trust_intermediates: the certificates kept in the AIP suffice."""
    home = tmp_path / "home"
    settings = load_settings(
        home=home, trust_roots=[pki.root_pem_path], trust_intermediates=[interm_pem]
    )
    with freeze_time(LATER_THAT_DAY, tick=True), open_archive(settings, create=True) as archive:
        result = archive.ingest(package(tmp_path, 1, chainless), person_agent("lan"))
    assert result.status == "accepted", result.report.as_dict()
    env = {
        "ARCHIVE_TRUST_ROOTS": json.dumps([str(pki.root_pem_path)]),
        "ARCHIVE_SIGNATURE_FETCH": "false",
    }
    with freeze_time(LATER_THAT_DAY + timedelta(minutes=5), tick=True):
        verified = run(home, "verify", doc_code(1), "--json", env=env)
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.stdout)["signatures"][0]["status"] == "TOTAL_PASSED"
