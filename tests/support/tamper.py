"""Change one file of a SIP folder and keep every METS checksum right, so a test breaks exactly
one thing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from lxml import etree

from archive.packages.metsxml import METS, XLINK

_NS = {"mets": METS, "xlink": XLINK}
REP_METS = "representations/rep1/METS.xml"


def _refresh(mets_path: Path, href: str, data: bytes) -> None:
    tree = etree.parse(str(mets_path))
    for el in tree.iter(f"{{{METS}}}mdRef", f"{{{METS}}}FLocat"):
        if el.get(f"{{{XLINK}}}href") == href:
            owner = el if el.tag.endswith("mdRef") else el.getparent()
            assert owner is not None
            owner.set("CHECKSUM", hashlib.sha256(data).hexdigest())
            owner.set("SIZE", str(len(data)))
    mets_path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def replace_file(pkg: Path, rel: str, data: bytes) -> None:
    """Write ``data`` at ``rel`` and update the METS entries (rep and root) that list it."""
    (pkg / rel).write_bytes(data)
    if rel.startswith("representations/rep1/") and rel != REP_METS:
        _refresh(pkg / REP_METS, rel.removeprefix("representations/rep1/"), data)
        rel, data = REP_METS, (pkg / REP_METS).read_bytes()
    if rel != "METS.xml":
        _refresh(pkg / "METS.xml", rel, data)


def zip_with_entries(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A zip with hand-made entries (for hostile names, modes and sizes)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path
