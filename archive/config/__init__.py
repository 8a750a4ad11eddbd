"""The one typed Settings object.

Values come, highest first, from: keyword arguments, ``ARCHIVE_*`` environment variables,
``archive.toml`` (in ``ARCHIVE_HOME``, or the file named by ``ARCHIVE_CONFIG``), and the
defaults below, which give the embedded setup (SQLite, local store) under ``./archive-data``.
Every field is documented in docs/configuration.md; a test checks that.
"""

from archive.config.settings import Settings, load_settings
from archive.config.values import DEFAULT_CRYPTO_SUITE, SearchRole

__all__ = [
    "DEFAULT_CRYPTO_SUITE",
    "SearchRole",
    "Settings",
    "load_settings",
]
