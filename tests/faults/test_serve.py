"""SIGTERM to ``archive serve`` under load (what systemd or a container runtime sends on stop):
the downloads in flight finish whole and are logged, new connections are refused, the server
exits cleanly within its grace period and seals the audit log on the way out."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
from sqlalchemy import select

from archive.audit.models import Event
from archive.bootstrap import open_archive, person_agent
from archive.catalog.models import File
from archive.config import load_settings
from archive.db.engine import unit_of_work
from archive.users.service import add_user, issue_token
from tests.faults.conftest import ROOT
from tests.support import sips
from tests.support.process import free_port
from tests.support.sips import write_sip, zip_tree

LAN = person_agent("lan")
SIZE = 24 * 1024 * 1024  # more than the socket buffers hold: the server must wait for readers
READERS = 4


def big_package(tmp: Path) -> Path:
    extra = random.Random(41).randbytes(SIZE)
    sip = sips.sip_input(41)
    doc = sip.documents[0]
    sip = replace(
        sip, documents=[replace(doc, content=sips.pdf_bytes(41, extra)), *sip.documents[1:]]
    )
    return zip_tree(
        write_sip(sip, tmp / "big", objid="uuid-big", created=sips.CREATED), tmp / "b.zip"
    )


def wait_listening(port: int, proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("archive serve did not start")


def test_sigterm_lets_downloads_in_flight_finish_and_refuses_new_ones(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    with open_archive(settings, create=True) as archive:
        assert archive.ingest(big_package(tmp_path), LAN).status == "accepted"
        with unit_of_work(archive.sessions) as s:
            add_user(s, "lan", "archivist", "mat-khau-thu-nghiem-2026", LAN)
            token = issue_token(s, "lan", LAN)
            big = max(s.scalars(select(File).where(File.role == "original")), key=lambda f: f.size)
            code, digest = big.document.doc_code, big.sha256
        with unit_of_work(archive.sessions) as s:
            before = max(s.scalars(select(Event.seq)), default=0)
    port = free_port()
    env = {**os.environ, "ARCHIVE_HOME": str(settings.home), "ARCHIVE_LANG": "vi"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api/documents/{code}/original"
    auth = {"authorization": f"Bearer {token}"}
    started = threading.Barrier(READERS + 1)
    results: list[tuple[int, str]] = []

    def slow_reader() -> None:
        with httpx.stream("GET", url, headers=auth, timeout=60) as response:
            chunks = response.iter_bytes(256 * 1024)
            body = bytearray(next(chunks))
            started.wait()
            for chunk in chunks:
                body += chunk
                time.sleep(0.01)
            results.append((response.status_code, hashlib.sha256(body).hexdigest()))

    try:
        wait_listening(port, proc)
        readers = [threading.Thread(target=slow_reader) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        started.wait(timeout=60)  # every download has begun
        proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        refused = False
        try:
            httpx.get(url, headers=auth, timeout=5)
        except httpx.ConnectError:
            refused = True
        assert refused, "a new connection was accepted after SIGTERM"
        for reader in readers:
            reader.join(timeout=120)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert results == [(200, digest)] * READERS  # every download in flight finished, whole
    # uvicorn re-raises the signal once it has shut down: the status a supervisor expects
    assert proc.returncode == -signal.SIGTERM, err
    assert "Traceback" not in err, err
    with open_archive(settings) as archive:
        with unit_of_work(archive.sessions) as s:
            after = list(s.scalars(select(Event.event_type).where(Event.seq > before)))
        assert after.count("dissemination") == READERS  # each logged once its last byte left
        assert after[-1] == "audit seal"  # the log sealed into storage on the way out
        assert archive.verify_audit().ok
