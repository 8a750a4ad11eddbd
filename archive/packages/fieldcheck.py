"""Check metadata values against the TT05 field tables: required, length, type, code list.

Used for EAD.xml / EAD_doc of packages and for the cells of a metadata sheet, so both give the
same findings with the same codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from archive.catalog.codes import CODE_LISTS
from archive.catalog.fields import FieldSpec
from archive.findings import Finding

__all__ = ["check_fields", "check_value", "parse_date", "split_codes"]

_CODES_SPLIT = re.compile(r"\s*,\s*")
_HUMAN_FORMATS = {"%d/%m/%Y": "DD/MM/YYYY", "%m/%Y": "MM/YYYY", "%Y": "YYYY"}


def split_codes(value: str) -> list[str]:
    """Split a multi-code value such as ``01, 02``."""
    return [part for part in _CODES_SPLIT.split(value.strip()) if part]


def parse_date(value: str, formats: Iterable[str]) -> datetime | None:
    """Parse a law-format date with zero-padded parts, or None."""
    for fmt in formats:
        pattern = fmt.replace("%d", r"\d{2}").replace("%m", r"\d{2}").replace("%Y", r"\d{4}")
        if re.fullmatch(pattern, value):
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                return None
    return None


def check_value(spec: FieldSpec, value: str, path: str) -> list[Finding]:
    """Findings for one present, non-empty value."""
    name = spec.name
    if spec.max_len is not None and spec.kind == "string" and len(value) > spec.max_len:
        return [Finding.make("VAL002", path, field=name, length=len(value), max_len=spec.max_len)]
    if spec.kind == "number":
        if not value.isdigit() or (spec.max_len is not None and len(value) > spec.max_len):
            return [Finding.make("VAL004", path, field=name, value=value)]
    elif spec.kind == "boolean":
        if value not in ("0", "1"):
            return [Finding.make("VAL005", path, field=name, value=value)]
    elif spec.kind == "date":
        if parse_date(value, spec.date_formats) is None:
            formats = " | ".join(_HUMAN_FORMATS.get(f, f) for f in spec.date_formats)
            return [Finding.make("VAL003", path, field=name, value=value, formats=formats)]
    elif spec.kind in ("code", "codes"):
        assert spec.code_list is not None
        allowed = CODE_LISTS[spec.code_list]
        codes = split_codes(value) if spec.kind == "codes" else [value]
        for code in codes or [value]:
            if code not in allowed:
                listing = ", ".join(f"{k} {v}" for k, v in allowed.items())
                return [Finding.make("COD001", path, field=name, value=code, allowed=listing)]
    return []


def check_fields(
    values: Mapping[str, str | None], specs: Iterable[FieldSpec], path: str
) -> list[Finding]:
    """Findings for a record: every required field present, every value well-formed."""
    findings: list[Finding] = []
    for spec in specs:
        value = values.get(spec.name)
        if value is None or value.strip() == "":
            if spec.required:
                findings.append(Finding.make("VAL001", path, field=spec.name))
            continue
        findings.extend(check_value(spec, value.strip(), path))
    return findings
