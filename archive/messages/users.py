"""``archive users``: the accounts of the web page and the JSON API."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "repeat_password": ("Nhập lại mật khẩu", "Repeat the password"),
    "created": ("Đã tạo người dùng {name} ({role})", "User {name} ({role}) created"),
    "tokens": ("Mã truy cập của {name}", "Tokens of {name}"),
    "token_id": ("Số", "ID"),
    "created_at": ("Cấp lúc", "Created"),
    "expires_at": ("Hết hạn", "Expires"),
    "last_used_at": ("Dùng lần cuối", "Last used"),
    "revoked": ("Đã thu hồi", "Revoked"),
    "revoked_token": ("Đã thu hồi mã số {id} của {name}", "Token {id} of {name} revoked"),
    "enabled": ("Đã mở khóa người dùng {name}", "User {name} enabled"),
    "disabled": (
        "Đã khóa người dùng {name}; mọi phiên đăng nhập đã kết thúc",
        "User {name} disabled; all their web sessions ended",
    ),
    "users": ("Người dùng", "Users"),
    "active": ("Hoạt động", "Active"),
}
"""Key → (Vietnamese, English)."""
