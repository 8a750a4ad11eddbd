"""``archive access``: requests to use conditional records (docs/use.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "title": ("Yêu cầu sử dụng tài liệu có điều kiện", "Requests to use conditional records"),
    "id": ("Số", "No."),
    "record": ("Tài liệu", "Document"),
    "requester": ("Người yêu cầu", "Requester"),
    "purpose": ("Mục đích", "Purpose"),
    "until": ("Được dùng đến", "Open until"),
    "saved": ("Yêu cầu số {id} ({record}): {state}", "Request {id} ({record}): {state}"),
}
