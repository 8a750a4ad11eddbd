"""The web page and the JSON API (FastAPI, server-rendered Jinja2): ``create_app(archive)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.web.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["app_from_environment", "create_app"]


def app_from_environment() -> FastAPI:
    """The app over the archive the environment describes (``ARCHIVE_*``, archive.toml): the
    factory each uvicorn worker process calls (``archive serve --workers N``)."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings

    return create_app(open_archive(load_settings()))
