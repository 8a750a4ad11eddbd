"""Web search under load: ``archive serve`` answering ``/search`` (HTML) and ``/api/search``
(JSON) to ``wrk`` with 20 connections, over an index of N synthetic documents.

    .venv/bin/python -m bench.web --docs 10000 --duration 20

Builds a throwaway archive home with one officer, fills its search index with the
``bench.search`` documents (the same generator, so the same corpus), starts the real server
(``archive serve``, one uvicorn process) on 127.0.0.1, logs in with the form (session cookie),
then runs ``wrk -t2 -c20`` with a Lua script that cycles through term, phrase, prefix and
filtered queries and prints p50/p95/p99 and requests/s. Needs the ``wrk`` Debian package.
Results: docs/performance.md (Search).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from archive.bootstrap import open_archive, person_agent
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.search.service import SearchService
from archive.users.service import add_user
from bench.search import build

PASSWORD = "bench-password-2026"
QUERIES: list[list[tuple[str, str]]] = [
    [("q", "quyet dinh")],
    [("q", '"ngân sách nhà nước"')],
    [("q", "ngan*")],
    [("q", "giao dat"), ("type", "02")],
    [("q", "bao cao"), ("from", "2015"), ("to", "2020")],
    [("q", "123/QĐ-UBND")],
    [("q", "dat dai"), ("organ", "Ủy ban nhân dân tỉnh Hòa Bình")],
]
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])

end
done = function(summary, latency, requests)
  io.write(string.format("RESULT {\\"requests\\": %%d, \\"errors\\": %%d, \\"seconds\\": %%.2f, "
    .. "\\"p50_ms\\": %%.1f, \\"p95_ms\\": %%.1f, \\"p99_ms\\": %%.1f, \\"max_ms\\": %%.1f}\\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(home: Path, docs: int, words: int, from_index: Path | None = None) -> None:
    """An archive home with one officer and a search index of ``docs`` synthetic documents
    (or, with ``from_index``, hard links to an index ``bench.search --keep`` built)."""
    settings = Settings(home=home)
    with open_archive(settings, create=True) as archive:
        with unit_of_work(archive.sessions) as session:
            add_user(session, "bench", "officer", PASSWORD, person_agent("bench"))
        service = SearchService(settings, archive.sessions, archive.ocfl)
        with service._write_lock():
            directory = service._new_generation()
            if from_index is None:
                build(settings.search_backend, directory, docs, words)
            else:
                for item in from_index.iterdir():
                    os.link(item, directory / item.name)
            service._switch(directory)
        service.close()


def login(base: str) -> str:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        done = client.post(
            "/login", data={"name": "bench", "password": PASSWORD, "csrf": token.group(1)}
        )
        assert done.status_code == 303, done.text
        return f"archive_session={client.cookies['archive_session']}"


def run_wrk(
    base: str, cookie: str, prefix: str, duration: int, connections: int
) -> dict[str, object]:
    paths = ", ".join(f'"{prefix}?{urlencode(q)}"' for q in QUERIES)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % paths)
        script = fh.name
    try:
        proc = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-H",
                f"Cookie: {cookie}",
                "-s",
                script,
                base,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        out = proc.stdout
    finally:
        os.unlink(script)
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk gave no result:\n{out}\n{proc.stderr}")
    result: dict[str, object] = json.loads(line.removeprefix("RESULT "))
    result["requests_per_s"] = round(float(result["requests"]) / float(result["seconds"]), 1)  # type: ignore[arg-type]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="archive serve --workers")
    parser.add_argument("--from-index", type=Path, help="a tantivy index from bench.search --keep")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        started = time.perf_counter()
        prepare(home, args.docs, args.words, args.from_index)
        prepared = time.perf_counter() - started
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "ARCHIVE_HOME": str(home)}
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from cli.main import app; app()",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"{base}/login", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("the server did not start")
                    time.sleep(0.2)
            cookie = login(base)
            for prefix in ("/search", "/api/search"):
                result = run_wrk(base, cookie, prefix, args.duration, args.connections)
                print(
                    json.dumps(
                        {
                            "docs": args.docs,
                            "endpoint": prefix,
                            "connections": args.connections,
                            "workers": args.workers,
                            "prepare_s": round(prepared, 1),
                            **result,
                        }
                    ),
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
