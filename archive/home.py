"""Where an archive home is: the default folder name, the nearest initialised one, and the
error for a command run where none was set up."""

from __future__ import annotations

from pathlib import Path

from archive.errors import ConfigurationError

__all__ = ["DEFAULT_HOME", "find_home", "no_archive_at"]

DEFAULT_HOME = Path("archive-data")
"""The home's folder name, relative to where ``archive`` runs, when none is named."""


def find_home(start: Path) -> Path | None:
    """The nearest initialised ``archive-data`` folder in ``start`` or one of its parents.

    So that ``archive`` run from a sub-folder of where ``archive init`` (or ``archive demo``)
    ran opens that archive, not a new empty one. A folder counts when it holds a catalog or an
    ``archive.toml``.
    """
    for folder in (start, *start.parents):
        candidate = folder / DEFAULT_HOME
        if (candidate / "catalog.sqlite3").is_file() or (candidate / "archive.toml").is_file():
            return candidate
    return None


def no_archive_at(home: Path) -> ConfigurationError:
    """The error for a command that needs an archive where none was set up."""
    where = home.resolve()
    return ConfigurationError(
        f"chưa có kho lưu trữ tại {where} (không thấy archive-data ở thư mục này hay thư mục "
        "cha): chạy 'archive init', hoặc chỉ kho bằng --home / ARCHIVE_HOME / "
        f"no archive at {where} (no archive-data here or in a parent folder): run "
        "'archive init', or name the archive with --home or ARCHIVE_HOME"
    )
