"""Look up a message of the catalogue by key, in the interface language.

A key is ``area.name`` (``holdings.store_ok``, ``terms.event.ingestion``): the area names
the module of this package that holds the entry (``archive/messages/holdings.py``), and each
module keeps its entries in one ``MESSAGES`` table, key → (Vietnamese, English). Both are
:meth:`str.format` templates with the same named parameters (``{store}``, ``{count}``), so a
caller passes the values once and gets the sentence in the language asked for; a literal
brace is written twice. Vietnamese comes first: it is the archive's language (the law's
names, docs/domain.md), English is the switch.

An area's module is imported the first time one of its keys is asked for, so starting the
``archive`` command loads none of them (tests/cli/test_start.py).

Terms are the values the archive stores in English or as identifiers and shows translated:
severities, roles, PREMIS event types and agent roles, signature kinds, verdicts
(``terms.<kind>.<value>``). :func:`term` shows the value itself when the catalogue does not
know it, so a page never fails over a value, and the value stays visible.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import cache
from importlib import import_module
from typing import Final, cast

__all__ = [
    "AREAS",
    "LANGS",
    "Entry",
    "entries",
    "has",
    "interface_lang",
    "placeholders",
    "term",
    "text",
    "translator",
]

LANGS: Final = ("vi", "en")
"""The interface languages; the first is the default."""

AREAS: Final = (
    "common",
    "terms",
    "usage",
    "web",
    "home",
    "catalog",
    "audit",
    "ingest",
    "holdings",
    "signatures",
    "evidence",
    "retention",
    "transfer",
    "users",
    "search",
    "ocr",
    "demo",
    "help",
    "options",
    "use",
    "due",
    "stats",
    "edxml",
    "minutes",
    "backup",
    "inspection",
)
"""The modules of this package that hold entries, one per area."""

Entry = tuple[str, str]
"""(Vietnamese, English)."""


def interface_lang(value: str | None) -> str:
    """``en`` for a value that starts with ``en`` (``en``, ``EN``, ``en_GB.UTF-8``), else
    ``vi``: the interface language a setting or a request asks for."""
    return "en" if (value or "").strip().lower().startswith("en") else "vi"


@cache
def entries(area: str) -> Mapping[str, Entry]:
    """The entries of one area (its module's ``MESSAGES``)."""
    if area not in AREAS:
        raise KeyError(f"no message area {area!r}")
    module = import_module(f"{__package__}.{area}")
    return cast("Mapping[str, Entry]", module.MESSAGES)


def _entry(key: str) -> Entry | None:
    area, _, name = key.partition(".")
    if area not in AREAS:
        return None
    return entries(area).get(name)


def has(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return _entry(key) is not None


def text(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (``vi`` unless ``en``), its parameters filled in."""
    entry = _entry(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in the catalogue (archive/messages/)")
    return entry[1 if lang == "en" else 0].format_map(params)


def term(kind: str, value: object, lang: str) -> str:
    """A stored value of ``kind`` (``event``, ``role``, ``severity``…) as people read it in
    ``lang``; the value itself when the catalogue has no entry for it, ``""`` for None."""
    if value is None:
        return ""
    key = f"terms.{kind}.{value}"
    return text(key, lang) if has(key) else str(value)


def placeholders(template: str) -> frozenset[str]:
    """The named parameters of a template (``{store}`` → ``store``)."""
    return frozenset(
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    )


def translator(lang: str, area: str = "web") -> Callable[..., str]:
    """``t(key, **params)`` for templates: a key without a dot is one of ``area``'s; a key the
    catalogue does not hold is shown as it is (a page never fails over a message)."""

    def t(key: str, /, **params: object) -> str:
        full = key if "." in key else f"{area}.{key}"
        return text(full, lang, **params) if has(full) else key

    return t
