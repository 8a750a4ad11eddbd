"""``archive audit``: the hash-chained audit log."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "chain_intact": (
        "[green]Chuỗi nhật ký toàn vẹn[/]: {count} sự kiện.",
        "[green]Audit chain intact[/]: {count} events.",
    ),
    "chain_broken": (
        "[red]Chuỗi nhật ký bị phá vỡ[/] tại sự kiện {seq} ({event}): {reason}",
        "[red]Audit chain broken[/] at event {seq} ({event}): {reason}",
    ),
    "sealed": (
        "[green]Đã niêm phong[/] sự kiện {first}–{last} vào kho ({segment}, phiên bản {version}).",
        "[green]Sealed[/] events {first}–{last} into storage ({segment}, version {version}).",
    ),
    "nothing_to_seal": (
        "Kho đã giữ toàn bộ nhật ký (đến sự kiện {seq}); không có gì để niêm phong.",
        "Storage already holds the whole log (up to event {seq}); nothing to seal.",
    ),
    "stored_intact": (
        "[green]Nhật ký trong kho {store} toàn vẹn[/]: {count} sự kiện trong {segments} đoạn, "
        "đầu chuỗi {seq} ({hash}).",
        "[green]Audit log in store {store} intact[/]: {count} events in {segments} segments, "
        "head {seq} ({hash}).",
    ),
    "stored_agrees": (
        "Danh mục có cùng sự kiện {seq}; {later} sự kiện sau đó chưa niêm phong.",
        "The catalog holds the same event {seq}; {later} later events are not sealed yet.",
    ),
    "stored_broken": (
        "[red]Nhật ký trong kho {store} bị phá vỡ[/] tại sự kiện {seq}: {reason}",
        "[red]Audit log in store {store} broken[/] at event {seq}: {reason}",
    ),
    "stored_none": (
        "Kho {store} chưa có nhật ký niêm phong ('archive audit seal').",
        "Store {store} holds no sealed log yet ('archive audit seal').",
    ),
}
"""Key → (Vietnamese, English)."""
