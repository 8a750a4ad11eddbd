"""``archive transfer``: permanent dossiers handed to the historical archive."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "register_by": ("Hạn đăng ký", "Register by"),
    "transfer_by": ("Hạn nộp lưu", "Transfer by"),
    "due_title": ("Hồ sơ đến hạn nộp lưu (đến {year})", "Transfer due (by {year})"),
    "registered": (
        "Đã đăng ký {request}: {count} hồ sơ.",
        "Registered {request}: {count} dossier(s).",
    ),
    "muc_luc": ("Mục lục hồ sơ nộp lưu: {files}", "List of transferred dossiers: {files}"),
    "transfers": ("Nộp lưu", "Transfers"),
    "request": ("Lần nộp", "Request"),
    "package": ("Gói", "Package"),
    "deleted": ("Đã xóa bản tại chỗ {code}.", "Local copy of {code} deleted."),
}
"""Key → (Vietnamese, English)."""
