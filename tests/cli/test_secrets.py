"""State secrets (docs/secrets.md): a networked archive (``secret_records = "refuse"``, the
default) refuses any package holding a Mật (03) record, whether the dossier or one document is
secret, and stores nothing; the isolated profile accepts it, and its web page listens on this
machine only, as ``archive serve`` says."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from archive.config import Settings
from archive.errors import ConfigurationError
from archive.web.isolation import check_listen_address, is_loopback
from tests.cli.test_quiet import ARCHIVE, environment, free_port
from tests.support.cli import run
from tests.support.sips import write_mixed_sip, write_zip

ISOLATED = {"ARCHIVE_SECRET_RECORDS": "isolated"}


def test_a_networked_archive_refuses_secret_records(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    secret_dossier = write_zip(tmp_path / "a", 7, mode="03")
    hiding = write_mixed_sip(tmp_path)  # a Công khai dossier holding one Mật document
    for package, path in (
        (secret_dossier, "metadata/descriptive/EAD.xml"),
        (hiding, "representations/rep1/metadata/descriptive/EAD_doc_"),
    ):
        result = run(home, "ingest", str(package), "--json")
        assert result.exit_code == 1 and "Traceback" not in result.output
        (report,) = json.loads(result.stdout)
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        assert {f["code"] for f in errors} == {"SEC001"}
        assert errors[0]["path"].startswith(path)  # the dossier, or the secret document only
        assert len(errors) == (3 if package == secret_dossier else 1)
        assert "bí mật nhà nước" in errors[0]["message_vi"]
        assert "state secrets" in errors[0]["message_en"]
        said = run(home, "ingest", str(package))
        assert said.exit_code == 1 and "SEC001" in said.output
    ls = run(home, "ls", "--json")
    assert ls.exit_code == 0 and json.loads(ls.stdout) == []  # nothing stored
    accepted = run(home, "ingest", str(hiding), "--json", env=ISOLATED)
    assert accepted.exit_code == 0 and json.loads(accepted.stdout)[0]["status"] == "accepted"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("archive.example", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool, tmp_path: Path) -> None:
    assert is_loopback(host) is loopback
    isolated = Settings(home=tmp_path, secret_records="isolated")
    if loopback:
        check_listen_address(isolated, host)
    else:
        with pytest.raises(ConfigurationError, match="loopback"):
            check_listen_address(isolated, host)
    check_listen_address(Settings(home=tmp_path), host)  # a networked archive listens anywhere


def test_an_isolated_archive_is_served_to_this_machine_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    wide = run(home, "serve", "--host", "0.0.0.0", env=ISOLATED)
    assert wide.exit_code == 1 and "Traceback" not in wide.output
    message = " ".join(wide.output.split())
    assert (
        "chỉ mở trang web trên địa chỉ loopback" in message and "loopback address only" in message
    )
    proxied = run(home, "serve", env={**ISOLATED, "ARCHIVE_WEB_TRUSTED_PROXIES": '["10.0.0.1"]'})
    assert proxied.exit_code == 1 and "web_trusted_proxies" in proxied.output

    port = free_port()
    server = subprocess.Popen(
        [str(ARCHIVE), "serve", "--port", str(port)],
        env={**environment(home), **ISOLATED, "ARCHIVE_LANG": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "archive serve did not answer"
                time.sleep(0.2)
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    said = " ".join(out.split())
    assert "Isolated archive" in said and "127.0.0.1 (loopback) only" in said


def test_info_names_the_profile_and_warns_of_secrets_on_a_networked_archive(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    assert run(home, "ingest", str(write_mixed_sip(tmp_path)), env=ISOLATED).exit_code == 0
    isolated = run(home, "info", "--json", env=ISOLATED)
    assert json.loads(isolated.stdout)["secrets"] == {"profile": "isolated", "held": 1}
    assert run(home, "info", env=ISOLATED).stderr == ""
    # The same home opened as a networked archive (the setting changed afterwards): it warns.
    networked = run(home, "info", "--json")
    assert json.loads(networked.stdout)["secrets"] == {"profile": "refuse", "held": 1}
    warned = " ".join(run(home, "info").stderr.split())
    assert "đang giữ 1 tài liệu Mật" in warned and "docs/secrets.md" in warned
