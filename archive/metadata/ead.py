"""New bytes for the descriptive metadata of an AIP: an EAD.xml or EAD_doc ``<simpledc>`` with
some values replaced, and the METS files that name it with their SHA-256 and size updated, so
the new version of the AIP is as consistent as the one ingest built."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from lxml import etree

from archive.catalog.fields import EXT_NS, FieldSpec
from archive.packages.metsxml import METS, XLINK, to_bytes
from archive.safexml import parser

__all__ = ["restamp", "set_values"]


def _tt05_children(root: etree._Element) -> dict[str, etree._Element]:
    return {
        etree.QName(c).localname: c
        for c in root
        if isinstance(c.tag, str) and etree.QName(c).namespace != EXT_NS
    }


def _insert(root: etree._Element, name: str, value: str, order: tuple[str, ...]) -> None:
    """A new element, placed in table order (before the next present element, or before the
    extension elements)."""
    present = _tt05_children(root)
    element = etree.Element(name)
    element.text = value
    for later in order[order.index(name) + 1 :]:
        if later in present:
            present[later].addprevious(element)
            return
    ext = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).namespace), None)
    if ext is not None:
        ext.addprevious(element)
    else:
        root.append(element)


def set_values(ead: bytes, values: Mapping[str, str], specs: tuple[FieldSpec, ...]) -> bytes:
    """``ead`` with each named element set to its value (an empty value removes it)."""
    root = etree.fromstring(ead, parser())
    order = tuple(s.name for s in specs)
    for name, value in values.items():
        element = _tt05_children(root).get(name)
        if not value:
            if element is not None:
                root.remove(element)
        elif element is not None:
            element.text = value
        else:
            _insert(root, name, value, order)
    return to_bytes(root)


def restamp(mets: bytes, files: Mapping[str, bytes]) -> bytes:
    """``mets`` with the SIZE and CHECKSUM of every ``mdRef`` or ``file`` that names one of
    ``files`` (href → new bytes) made those of the new bytes."""
    root = etree.fromstring(mets, parser())
    href = f"{{{XLINK}}}href"
    for el in root.iter(f"{{{METS}}}mdRef", f"{{{METS}}}file"):
        target = el.get(href)
        if target is None:
            flocat = el.find(f"{{{METS}}}FLocat")
            target = flocat.get(href) if flocat is not None else None
        if target is not None and target in files:
            data = files[target]
            el.set("SIZE", str(len(data)))
            el.set("CHECKSUM", hashlib.sha256(data).hexdigest())
    return to_bytes(root)
