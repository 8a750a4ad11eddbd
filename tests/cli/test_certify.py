"""``archive copy certify``: a certified copy from the command line, signed with a PKCS#12 key
whose passphrase comes from an environment variable (never printed); refusals are bilingual,
exit 1 without a traceback and leave nothing in --out."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    load_der_private_key,
    pkcs12,
)
from cryptography.x509 import load_der_x509_certificate
from freezegun import freeze_time
from typer.testing import Result

from archive.bootstrap import person_agent
from archive.db.engine import unit_of_work
from archive.users.service import add_user
from tests.support import certify as support
from tests.support.cli import run
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf
from tests.support.signed import (
    LATER_THAT_DAY,
    cli_process,
    doc_code,
    home_env,
    ingest,
    open_home,
    package,
)

PASSPHRASE = "mật-khẩu-khóa-lưu-trữ"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


def _pkcs12(pki: TestPki, path: Path) -> Path:
    """``signer-org`` as a PKCS#12 file protected by PASSPHRASE."""
    files = support.signing_files(pki, path.parent / "pem")
    from asn1crypto import pem

    _, _, der = pem.unarmor(files["archive_signing_key"].read_bytes())
    key = load_der_private_key(der, None)
    cert = load_der_x509_certificate(pki.cert(support.LABEL).dump())
    chain = [load_der_x509_certificate(c.dump()) for c in pki.chain(support.LABEL)]
    data = pkcs12.serialize_key_and_certificates(
        b"archive",
        key,  # type: ignore[arg-type]
        cert,
        chain,
        BestAvailableEncryption(PASSPHRASE.encode()),
    )
    path.write_bytes(data)
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def home(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("cli-certify")
    with freeze_time(SIGNING_TIME, tick=True):
        data = sign_nd30_pdf(pki, "B-LT")
    with open_home(tmp / "home", pki) as archive:
        ingest(archive, package(tmp, 1, data))
        with unit_of_work(archive.sessions) as s:
            add_user(s, "lan", "archivist", "mat-khau-lan-12", person_agent("lan"))
            add_user(s, "minh", "officer", "mat-khau-minh-12", person_agent("lan"))
    p12 = _pkcs12(pki, tmp / "keys" / "archive.p12")
    return tmp / "home", str(p12)


def _certify(pki: TestPki, home: tuple[Path, str], *args: str, key: bool = True) -> Result:
    settings = {"tsa_url": pki.tsa_url()}
    if key:
        settings |= {
            "archive_signing_key": home[1],
            "archive_signing_passphrase_env": "ARCHIVE_TEST_KEY_PASS",
        }
    env = home_env(home[0], pki, **settings) | {"ARCHIVE_TEST_KEY_PASS": PASSPHRASE}
    with freeze_time(LATER_THAT_DAY, tick=True):
        return run(home[0], "copy", "certify", *args, env=env)


def test_certify_writes_a_dip_that_sha256sum_confirms(
    pki: TestPki, home: tuple[Path, str], tmp_path: Path
) -> None:
    code = f"{home_code(home[0])}"
    out = tmp_path / "out"
    out.mkdir()
    result = _certify(
        pki, home, code, "--purpose", "Công vụ", "--out", str(out), "--user", "lan", "--json"
    )
    assert result.exit_code == 0, result.output
    assert PASSPHRASE not in result.output
    answer = json.loads(result.stdout)
    zip_path = Path(answer["path"])
    assert zip_path.parent == out and support.sha256sum(zip_path) == answer["sha256"]
    pkg = support.extract(zip_path, tmp_path / "dip")
    (original,) = (pkg / "representations/rep1/data").iterdir()
    assert support.sha256sum(original) == answer["original_sha256"]
    with zipfile.ZipFile(zip_path) as zf:
        assert any(n.endswith(f"documentation/XacThuc_{code}.pdf") for n in zf.namelist())
    # Without --json: the code, the path and the digest (home_env asks English).
    again = _certify(pki, home, code, "--purpose", "Công vụ", "--out", str(out))
    assert again.exit_code == 0 and f"Certified copy of {code} issued" in again.stdout
    assert len(list(out.iterdir())) == 2


def _copies(home: Path) -> int:
    """The events ``certified copy issued`` of the home."""
    from sqlalchemy import func, select

    from archive.audit.models import Event
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    with open_archive(load_settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
        query = select(func.count()).where(Event.event_type == "certified copy issued")
        return int(s.scalar(query) or 0)


def home_code(home: Path) -> str:
    """The full docCode (the organ prefix included) of dossier 1's first document."""
    from archive.bootstrap import open_archive
    from archive.catalog.models import Document
    from archive.config import load_settings

    with open_archive(load_settings(home=home)) as archive, unit_of_work(archive.sessions) as s:
        docs = s.query(Document.doc_code).all()
    (code,) = [c for (c,) in docs if c.endswith(doc_code(1))]
    return str(code)


@pytest.mark.parametrize(
    ("args", "key", "words"),
    [
        (("NO.SUCH.CODE", "--purpose", "x"), True, "no document with docCode NO.SUCH.CODE"),
        (("{code}", "--purpose", "x", "--user", "minh"), True, "certify_roles"),
        (("{code}", "--purpose", " "), True, "give the purpose"),
        (("{code}", "--purpose", "x"), False, "archive_signing_key"),
    ],
)
def test_refusals_are_bilingual_and_leave_nothing(
    pki: TestPki,
    home: tuple[Path, str],
    tmp_path: Path,
    args: tuple[str, ...],
    key: bool,
    words: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code = home_code(home[0])
    argv = [a.replace("{code}", code) for a in args]
    result = _certify(pki, home, *argv, "--out", str(out), key=key)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    assert words in message and " / " in message
    assert list(out.iterdir()) == []


def test_kill_9_while_certifying_leaves_nothing(
    pki: TestPki, home: tuple[Path, str], tmp_path: Path
) -> None:
    """A real ``kill -9`` once the zip is made in staging, before its rename into --out:
    nothing in --out, no event, and the next open of the archive clears the staging folder."""
    out = tmp_path / "out"
    out.mkdir()
    settings = {
        "tsa_url": pki.tsa_url(),
        "archive_signing_key": home[1],
        "archive_signing_passphrase_env": "ARCHIVE_TEST_KEY_PASS",
    }
    env = home_env(home[0], pki, **settings) | {
        "ARCHIVE_TEST_KEY_PASS": PASSPHRASE,
        "ARCHIVE_FAULT": "certify.zipped:hang",
    }
    staging = home[0] / "staging"
    code = home_code(home[0])
    before = _copies(home[0])
    with freeze_time(LATER_THAT_DAY, tick=True):
        process = cli_process(
            LATER_THAT_DAY, env, "copy", "certify", code, "--purpose", "x", "--out", str(out)
        )
        try:
            deadline = time.monotonic() + 240
            while not list(staging.glob("certify-*/*.zip")) and time.monotonic() < deadline:
                assert process.poll() is None, process.communicate()
                time.sleep(0.2)
            assert list(staging.glob("certify-*/*.zip"))
        finally:
            process.kill()  # SIGKILL
            process.communicate()
    assert list(out.iterdir()) == []
    assert run(home[0], "info", env={"ARCHIVE_LANG": "en"}).exit_code == 0
    assert list(staging.glob("certify-*")) == []
    assert _copies(home[0]) == before
