"""``archive serve``: the web page and the JSON API.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import typer

from cli.output import console, errors_to_exit, say


class BelowWarning(logging.Filter):
    """Passes records below WARNING: the server's everyday news, for standard output."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


class PathOnly(logging.Filter):
    """Cuts the query string out of uvicorn's access-log lines (``GET /search?q=… HTTP/1.1``
    becomes ``GET /search HTTP/1.1``): an officer's search text, filters and the ``next`` of a
    login name what they looked for, which the access log, kept and read more widely than the
    audit chain, must not record. The audit chain does not log searches either (docs/web.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record: args = (client, method, path with query, version, status).
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging with its news on stdout and only warnings and errors on stderr, and
    access-log lines without query strings.

    An operator (and a supervisor such as systemd) reads stderr as "something is wrong": a
    healthy start must leave it empty.
    """
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {
        "below_warning": {"()": f"{__name__}.BelowWarning"},
        "path_only": {"()": f"{__name__}.PathOnly"},
    }
    config["handlers"]["access"]["filters"] = ["path_only"]
    config["handlers"]["news"] = {
        **config["handlers"]["default"],
        "stream": "ext://sys.stdout",
        "filters": ["below_warning"],
    }
    config["handlers"]["default"]["level"] = "WARNING"
    config["loggers"]["uvicorn"]["handlers"] = ["news", "default"]
    return config


def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=64),
) -> None:
    """Chạy trang web và API / serve the web page and the JSON API.

    An isolated instance (secret_records = "isolated", docs/secrets.md) listens on a loopback
    address only, and says so."""
    import uvicorn

    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.web import app_from_environment, create_app
    from archive.web.isolation import check_listen_address

    with errors_to_exit() as stack:
        settings = load_settings()
        check_listen_address(settings, host)
        # Open once here, so a bad configuration fails before any worker starts.
        archive = stack.enter_context(open_archive(settings))
        # The signature step (trust roots) is made on first use; make it now, so that a broken
        # trust root stops the server here rather than on the first verification page.
        archive.signatures  # noqa: B018
        app = create_app(archive)
        if archive.settings.isolated:
            console.print(say("web.isolated", host=host))
        console.print(say("web.serving", url=f"http://{host}:{port}/"))
        options = {
            "host": host,
            "port": port,
            "log_level": "info",
            "log_config": log_config(),
            "server_header": False,
            # SIGTERM: the listener closes at once, requests in flight get this long to finish.
            "timeout_graceful_shutdown": settings.web_shutdown_grace_s,
        }
        if workers == 1:
            uvicorn.run(app, proxy_headers=True, **options)  # type: ignore[arg-type]
        else:
            del app
            uvicorn.run(
                f"{app_from_environment.__module__}:{app_from_environment.__name__}",
                factory=True,
                workers=workers,
                proxy_headers=True,
                **options,  # type: ignore[arg-type]
            )
