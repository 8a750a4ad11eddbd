"""Safe XML parsing for untrusted metadata: no DTDs, no entities, no network, size limits.

Any DOCTYPE is refused (XXE and billion-laughs both need one), before and after parsing.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from archive.findings import Finding

__all__ = ["parse_untrusted", "parser"]

_DTD_MARKERS: Final = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parser() -> etree.XMLParser:
    """An lxml parser that never loads DTDs, resolves entities or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_untrusted(
    data: bytes, path: str, *, max_bytes: int
) -> tuple[etree._ElementTree | None, list[Finding]]:
    """Parse ``data`` (the file at ``path`` in a package) or say precisely why not."""
    if len(data) > max_bytes:
        return None, [Finding.make("XML004", path, detail=f"{path}: {len(data)} > {max_bytes} B")]
    if _DTD_MARKERS.search(data):
        return None, [Finding.make("XML002", path, detail=path)]
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as exc:
        line = f" (dòng/line {exc.lineno})" if exc.lineno else ""
        return None, [Finding.make("XML001", path, detail=f"{path}{line}: {exc.msg}")]
    info = tree.docinfo
    if info.internalDTD is not None or info.system_url or info.public_id:
        return None, [Finding.make("XML002", path, detail=path)]
    return tree, []
