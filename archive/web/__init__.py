"""The web page and the JSON API (FastAPI, server-rendered Jinja2): ``create_app(archive)``."""

from archive.web.app import create_app

__all__ = ["create_app"]
