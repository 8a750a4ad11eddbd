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
}
"""Key → (Vietnamese, English)."""
