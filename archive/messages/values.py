"""Stored values as people read them, in the interface language: yes/no, and the names in
certificates.

Both adapters use these (the ``archive`` command and the web page), so a value reads the same
everywhere; JSON output and the API keep the stored value.
"""

from __future__ import annotations

import re
from typing import Final

from archive.messages.catalogue import has, text

__all__ = ["is_true", "subject_text", "yes_no"]

_TRUE: Final = frozenset({"true", "1", "yes", "có"})

# "Common Name: Trần Thị Bình, Title: Phó Chủ tịch, Organization: …" (pyHanko's
# human-readable X.500 names): an attribute name starts the text or follows ", ".
_NAME_PART: Final = re.compile(r"(^|, )([A-Z][A-Za-z/ ]*?): ")


def is_true(value: object) -> bool:
    """A stored boolean: ``True``, ``1``, or the texts ``true``, ``1``, ``yes``, ``có``."""
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def yes_no(value: object, lang: str) -> str:
    """Có / Không (Yes / No)."""
    return text("common.yes" if is_true(value) else "common.no", lang)


def subject_text(subject: str | None, lang: str) -> str:
    """A certificate's subject or issuer with its attribute names in ``lang`` (``Tên: Trần
    Thị Bình, Chức danh: Phó Chủ tịch, Tổ chức: …``); the values as they are, and any
    attribute the catalogue does not name, too."""
    if not subject:
        return ""

    def named(match: re.Match[str]) -> str:
        key = f"terms.name_part.{match.group(2)}"
        shown = text(key, lang) if has(key) else match.group(2)
        return f"{match.group(1)}{shown}: "

    return _NAME_PART.sub(named, subject)
