"""How stored values read in the terminal: times and dates as Vietnamese users write them,
codes by their label, yes/no, certificate names, one metadata field.

``--json`` keeps every value as stored (ISO 8601 UTC times, codes, booleans); only what
people read goes through here. Imports of ``archive`` sit inside the functions: ``import
cli.main`` must stay light (tests/cli/test_start.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from archive.messages.catalogue import has
from cli.output import lang, say

if TYPE_CHECKING:
    from datetime import date

    from archive.catalog.fields import FieldSpec

__all__ = [
    "code",
    "day",
    "details",
    "field_text",
    "kept",
    "label_of",
    "size",
    "subject",
    "typed_day",
    "when",
    "yes_no",
]


def typed_day(text: str | None, option: str) -> date | None:
    """A day given on the command line as Vietnamese users write it (``dd/mm/yyyy``); None for
    none; anything else refused, naming the option."""
    from archive.dates import parse_day

    return parse_day(text, option) if text else None


def when(value: object) -> str:
    """A stored time as ``dd/mm/yyyy HH:MM:SS`` in Vietnam's time (archive/dates.py); ``""``
    for none; anything that is not a time, as it is."""
    from datetime import datetime

    from archive.dates import vn_datetime

    if value is None or value == "":
        return ""
    if isinstance(value, str | datetime):
        return vn_datetime(value)
    return str(value)


def day(value: object) -> str:
    """A stored date (or the date of a time) as ``dd/mm/yyyy``; ``""`` for none."""
    from datetime import date

    from archive.dates import vn_date

    if value is None or value == "":
        return ""
    if isinstance(value, str | date):
        return vn_date(value)
    return str(value)


def yes_no(value: object) -> str:
    """Có / Không (Yes / No)."""
    from archive.messages.values import yes_no as shown

    return shown(value, lang())


def code(list_name: str, value: str | None) -> str:
    """The label of a code of a TT05 list (or ``priority``) in the interface language."""
    from archive.catalog.codes import label

    return label(list_name, value, lang())


def kept(maintenance: str | None, years: int | None) -> str:
    """A retention: the label of its code, the years themselves for 07 (``5 năm``)."""
    from archive.catalog.codes import maintenance_label

    return maintenance_label(maintenance, years, lang())


def subject(name: str | None) -> str:
    """A certificate's subject or issuer with its attribute names in the interface
    language."""
    from archive.messages.values import subject_text

    return subject_text(name, lang())


def field_text(spec: FieldSpec, value: object) -> str:
    """One TT05 metadata field's value as people read it: a code by its label (several for a
    ``codes`` field), Có/Không for a boolean, a date as ``dd/mm/yyyy``; ``""`` for none."""
    import re

    from archive.catalog.codes import FIELD_CODE_LISTS

    if value is None or value == "":
        return ""
    if spec.kind == "boolean" or isinstance(value, bool):
        return yes_no(value)
    list_name = spec.code_list or FIELD_CODE_LISTS.get(spec.name)
    if list_name and spec.kind == "codes":
        return ", ".join(code(list_name, c) for c in re.split(r"[\s,;]+", str(value)) if c)
    if list_name:
        return code(list_name, str(value))
    if spec.kind == "date":
        return day(value)
    return str(value)


def label_of(spec: FieldSpec) -> str:
    """A field's label in the interface language (the law's Vietnamese name by default)."""
    return spec.label_en if lang() == "en" else spec.label_vi


def size(value: int) -> str:
    """A file size in bytes, thousands grouped as the language writes them."""
    shown = f"{value:,}"
    if lang() != "en":
        shown = shown.replace(",", ".")
    return say("common.bytes", size=shown)


def details(data: Mapping[str, object], area: str, path: str = "", depth: int = 0) -> list[str]:
    """Nested settings and counts (``archive info``, ``search status``) as indented lines
    ``Label: value``: each key labelled by the catalogue's ``<area>.<path>`` (``search.
    documents``) or ``<area>.<key>``, else shown as it is; booleans Có/Không, none ``—``."""
    lines: list[str] = []
    for key, value in data.items():
        full = f"{path}.{key}" if path else key
        name = next(
            (say(k) for k in (f"{area}.{full}", f"{area}.{key}") if has(k)), key.replace("_", " ")
        )
        if isinstance(value, Mapping):
            lines.append(f"{'  ' * depth}[bold]{name}[/]")
            lines += details(value, area, full, depth + 1)
            continue
        if isinstance(value, bool):
            shown = yes_no(value)
        elif value is None or value == "":
            shown = "—"
        else:
            shown = str(value)
        lines.append(f"{'  ' * depth}[bold]{name}[/]: {shown}")
    return lines
