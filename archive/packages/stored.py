"""Read a stored AIP (head version) through the OCFL root into an AipRecord."""

from __future__ import annotations

from archive.packages.aipread import AipRecord, read_aip
from archive.storage.ocfl import OcflRoot

__all__ = ["read_stored_aip"]


def read_stored_aip(ocfl: OcflRoot, object_id: str, version: str | None = None) -> AipRecord:
    """Everything the catalog needs about one stored AIP (a version, default the head), from
    storage alone."""
    inventory = ocfl.inventory(object_id)
    version = version or inventory["head"]
    head = inventory["versions"][version]["state"]
    content = {p: inventory["manifest"][d][0] for d, paths in head.items() for p in paths}

    def opener(path: str) -> bytes:
        with ocfl.store.open(ocfl.content_key(object_id, content[path])) as fh:
            return fh.read()

    sizes = {p: ocfl.store.size(ocfl.content_key(object_id, c)) for p, c in content.items()}
    return read_aip(inventory, opener, sizes, version)
