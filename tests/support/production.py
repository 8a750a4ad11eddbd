"""What production needs besides an agency code: the second copy and a backup target (TT
05/2025 Chương V; ``Settings.check_production``), as settings or as environment variables."""

from __future__ import annotations

from pathlib import Path

__all__ = ["copies", "copies_env"]


def copies(tmp: Path) -> dict[str, object]:
    """Settings of a local replica and a local backup target below ``tmp`` (created)."""
    (tmp / "replica").mkdir(parents=True, exist_ok=True)
    return {
        "replica_backend": "local",
        "replica_root": tmp / "replica",
        "backup_backend": "local",
        "backup_root": tmp / "backups",
    }


def copies_env(tmp: Path) -> dict[str, str]:
    """The same as ``ARCHIVE_*`` environment variables."""
    return {f"ARCHIVE_{k.upper()}": str(v) for k, v in copies(tmp).items()}
