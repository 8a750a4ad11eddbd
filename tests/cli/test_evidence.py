"""``archive evidence build|verify|export`` and the renewal in ``archive preserve run``.

In-process with the clock frozen (ticking); the home trusts the served test PKI's root, and its
TSA is ``ARCHIVE_TSA_URL``.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from typer.testing import Result

from cli import output
from tests.support.cli import run, snapshot
from tests.support.fixtures import fixture_dir
from tests.support.pki import SIGNING_TIME, TestPki, serve_pki, sign_nd30_pdf
from tests.support.signed import doc_code, home_env, ingest, open_home, package

AFTER_INGEST = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
LANGS = ("vi", "en")
CORPUS = fixture_dir("dss-ers")  # EU DSS vectors: a record this archive did not make


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPki]:
    with serve_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@dataclasses.dataclass(frozen=True)
class Home:
    path: Path
    env: dict[str, str]

    def lang(self, lang: str) -> Home:
        """The same home, its commands said in ``lang``."""
        return Home(self.path, {**self.env, "ARCHIVE_LANG": lang})


def cli(home: Home, at: datetime, *args: str) -> Result:
    with freeze_time(at, tick=True):
        return run(home.path, *args, env=home.env)


def cli_json(home: Home, at: datetime, *args: str) -> tuple[int, Any]:
    result = cli(home, at, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def home(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Home:
    tmp = tmp_path_factory.mktemp("cli-evidence")
    with freeze_time(SIGNING_TIME, tick=True):
        signed = sign_nd30_pdf(pki, "B-T")
    with open_home(tmp / "home", pki) as archive:
        ingest(archive, package(tmp, 1, signed, b"phu luc"))
    return Home(tmp / "home", home_env(tmp / "home", pki, tsa_url=pki.tsa_url("tsa")))


@pytest.fixture(scope="module")
def built(home: Home) -> list[dict[str, Any]]:
    code, data = cli_json(home, AFTER_INGEST, "evidence", "build")
    assert code == 0
    return list(data)


def test_build_reports_the_batch(built: list[dict[str, Any]]) -> None:
    # The first batch covers the files; the second, the revocation data fetched for the signed
    # PDF right after the first batch's timestamp (docs/evidence.md, "Bridge to signatures").
    batch, revinfo = built
    assert revinfo["leaves"] > 0 and revinfo["audit_events"] is None
    assert batch["batch"].startswith("urn:archive:evidence:")
    assert batch["leaves"] > 2 and batch["audit_events"][0] == 1
    assert batch["timestamp"].startswith("2026-11-20")


def test_verify_a_stored_document_json(home: Home, built: list[dict[str, Any]]) -> None:
    code, data = cli_json(home, AFTER_INGEST, "evidence", "verify", doc_code(1))
    assert code == 0, data
    assert data["valid"] and data["integrity_ok"] and data["timestamps_trusted"]
    assert data["reason"].startswith("hợp lệ / valid")
    [record] = data["records"]
    assert record["archive_timestamps"][0]["kind"] == "initial"


def test_verify_text_names_each_archive_timestamp(home: Home, built: list[Any]) -> None:
    result = cli(home, AFTER_INGEST, "evidence", "verify", doc_code(1))
    assert result.exit_code == 0
    assert "initial" in result.stdout and "sha256" in result.stdout


def test_export_then_verify_standalone_with_its_data(
    home: Home, built: list[Any], tmp_path: Path
) -> None:
    out = tmp_path / "doc.ers"
    code, data = cli_json(home, AFTER_INGEST, "evidence", "export", doc_code(1), "-o", str(out))
    assert code == 0 and data["written"] == [str(out)]
    # Another DER implementation reads it whole: OpenSSL's parser, strict about lengths.
    parsed = subprocess.run(
        ["openssl", "asn1parse", "-inform", "DER", "-in", str(out)], capture_output=True, text=True
    )
    assert parsed.returncode == 0 and "id-smime-ct-TSTInfo" in parsed.stdout, parsed.stderr
    original = tmp_path / "original.pdf"
    cli(home, AFTER_INGEST, "get", doc_code(1), "-o", str(original))
    code, data = cli_json(
        home, AFTER_INGEST, "evidence", "verify", str(out), "--data", str(original)
    )
    assert code == 0 and data["valid"], data
    # Wrong data: integrity broken, timestamps still trusted; exit 1.
    other = tmp_path / "other.bin"
    other.write_bytes(b"something else")
    code, data = cli_json(home, AFTER_INGEST, "evidence", "verify", str(out), "--data", str(other))
    assert code == 1
    assert not data["integrity_ok"] and data["timestamps_trusted"]
    assert "not covered by its hash tree" in data["reason"]
    # Said in the interface language (the JSON keeps the stored, English, reason).
    args = ("evidence", "verify", str(out), "--data", str(other))
    said = {
        lang: " ".join(cli(home.lang(lang), AFTER_INGEST, *args).stdout.split()) for lang in LANGS
    }
    assert "không toàn vẹn: chuỗi 1, dấu thời gian lưu trữ 1 (lần đầu," in said["vi"], said["vi"]
    assert "cây băm không bao phủ dữ liệu other.bin" in said["vi"]
    assert "integrity broken" not in said["vi"] and "hash tree" not in said["vi"]
    assert "integrity broken: chain 1, archive timestamp 1 (initial," in said["en"], said["en"]
    assert "data object(s) other.bin not covered by its hash tree" in said["en"]
    # Too late: in 2046 the 2026 TSA certificate has expired and no renewal proves it in time.
    code, data = cli_json(
        home, AFTER_INGEST, "evidence", "verify", str(out), "--data", str(original),
        "--at", "2046-01-01T00:00:00+07:00",
    )  # fmt: skip
    assert code == 1 and data["integrity_ok"] and not data["timestamps_trusted"]
    # A local copy of a stored file finds its record by digest.
    code, data = cli_json(home, AFTER_INGEST, "evidence", "verify", str(original))
    assert code == 0 and data["valid"]


def test_dss_vector_verifies_for_integrity_and_is_not_trusted(home: Home, tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_bytes(b"1")
    code, data = cli_json(
        home, AFTER_INGEST, "evidence", "verify", str(CORPUS / "er-asn1-simple.ers"),
        "--data", str(one),
    )  # fmt: skip
    assert code == 1
    assert data["integrity_ok"] and not data["timestamps_trusted"]
    assert "NO_CERTIFICATE_CHAIN_FOUND" in data["reason"]


def test_bad_input_is_refused_plainly(home: Home, built: list[Any], tmp_path: Path) -> None:
    before = snapshot(home.path)
    result = cli(home, AFTER_INGEST, "evidence", "verify", "NO.SUCH.DOC")
    assert result.exit_code == 1 and "NO.SUCH.DOC" in result.stderr.replace("\n", "")
    stranger = tmp_path / "stranger.pdf"
    stranger.write_bytes(b"%PDF-1.7 not from this archive")
    result = cli(home, AFTER_INGEST, "evidence", "verify", str(stranger))
    assert result.exit_code == 1
    assert "holds no file with this content" in " ".join(result.stderr.split())
    result = cli(home, AFTER_INGEST, "evidence", "verify", str(tmp_path / "missing.ers"))
    assert result.exit_code == 1 and "missing.ers" in result.stderr.replace("\n", "")
    xml = tmp_path / "xml-evidence-record.ers"  # RFC 6283 XML, not RFC 4998 DER
    xml.write_bytes((CORPUS / "er-simple.xml").read_bytes())
    result = cli(home, AFTER_INGEST, "evidence", "verify", str(xml), "--json")
    assert result.exit_code == 1
    assert "not a well-formed RFC 4998" in json.loads(result.stdout)["reason"]
    result = cli(home, AFTER_INGEST, "evidence", "export", doc_code(1), "-o", str(tmp_path))
    assert result.exit_code == 1 and "cannot write" in " ".join(result.stderr.split())
    assert snapshot(home.path) == before


def test_bundle_holds_what_a_third_party_needs(
    home: Home, built: list[Any], tmp_path: Path
) -> None:
    import hashlib
    import zipfile

    out = tmp_path / "bundle.zip"
    code, data = cli_json(home, AFTER_INGEST, "evidence", "bundle", doc_code(1), "-o", str(out))
    assert code == 0, data
    assert data["evidence_valid"]
    root = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(root)
    folder = root / doc_code(1)
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"README.txt", "SHA256SUMS", "trust/roots.pem", "premis/events.jsonl"} <= names
    assert any(n.startswith("original/") for n in names)
    assert any(n.startswith("validation/") for n in names)
    assert any(n.endswith(".ers") for n in names)
    # Checked with standard tools, as the README says.
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    tokens = sorted(folder.glob("evidence/timestamps/*.tst"))
    assert tokens
    for token in tokens:
        imprint = token.with_suffix(".imprint").read_text().strip()
        ok = subprocess.run(
            ["openssl", "ts", "-verify", "-token_in", "-in", str(token), "-digest", imprint,
             "-CAfile", str(folder / "trust/roots.pem"), "-attime", "1795000000"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    # Each event's entry_hash is recomputable from the line itself.
    for line in (folder / "premis/events.jsonl").read_bytes().splitlines():
        event = json.loads(line)
        claimed = event.pop("entry_hash")
        body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(body.encode()).hexdigest() == claimed
    # The original in the bundle verifies against the bundled record.
    [ers] = [folder / n for n in names if n.endswith(".ers") and "_data_" in n]
    [original] = list((folder / "original").iterdir())
    code, report = cli_json(
        home, AFTER_INGEST, "evidence", "verify", str(ers), "--data", str(original)
    )
    assert code == 0 and report["valid"]


def test_preserve_run_renews_due_batches(
    home: Home, built: list[Any], pki: TestPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.console, "width", 1000)  # a table's row on one line
    env = {**home.env, "ARCHIVE_TSA_URL": pki.tsa_url("tsa2")}
    later = Home(home.path, env)
    in_2044 = datetime(2044, 3, 1, tzinfo=UTC)
    code, data = cli_json(later, in_2044, "preserve", "run", "--dry-run")
    assert code == 0
    # The default crypto-suite table ends sha256 in 2035: hash-tree renewals are due.
    assert [(d["kind"], d["done"]) for d in data["evidence"]] == [("hash-tree", False)] * 2
    assert data["evidence"][0]["reason"] == "sha256 sunset 2035-12-31"  # as stored
    why = {
        "vi": "thuật toán băm sha256 hết hạn dùng ngày 31/12/2035",
        "en": "sha256 sunset 31/12/2035",
    }
    for lang in LANGS:
        shown = cli(later.lang(lang), in_2044, "preserve", "run", "--dry-run")
        assert why[lang] in " ".join(shown.stdout.split()), shown.stdout
    # tsa2 signs with ECDSA P-256, whose default sunset (2035) is no later: refused, loudly.
    result = cli(later, in_2044, "preserve", "run")
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "would not move the protection horizon" in said and "ecdsa-secp256r1" in said
    suite = {"sha256": "2035-12-31", "sha512": "2060-12-31", "ecdsa-secp256r1": "2060-12-31"}
    later = Home(home.path, {**env, "ARCHIVE_CRYPTO_SUITE": json.dumps(suite)})
    code, data = cli_json(later, in_2044, "preserve", "run")
    # (It exits 1 for the B-T's augmentation: its 2026 signature timestamp cannot be augmented
    # in 2044. Not the evidence records' concern.)
    for done in data["evidence"]:
        assert done["done"] and done["version"] == "v2", done["message"]
        assert done["new_horizon"] == "2060-12-31"
    code, data = cli_json(later, in_2044, "evidence", "verify", doc_code(1))
    assert code == 0, data["reason"]
    kinds = [a["kind"] for a in data["records"][0]["archive_timestamps"]]
    assert kinds == ["initial", "hash-tree-renewal"]
