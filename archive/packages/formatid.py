"""Format identification of every file of a package against PRONOM, with siegfried.

The engine is pygfried, siegfried built into a Python extension with its PRONOM signature file
and container signatures (ADR 0013): no download, no outside service, the same answer on every
machine with the same lock file. Each file gets its PUID (``fmt/276``), format name and version,
MIME type, the basis of the match and siegfried's warning; ``tool`` names the engine and the
PRONOM release it used. A file siegfried cannot identify gets ``UNKNOWN`` (puid None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["FormatId", "engine", "identify_files"]


@dataclass(frozen=True)
class FormatId:
    """What siegfried says a file is."""

    puid: str | None
    name: str
    version: str
    mime: str
    basis: str
    warning: str
    tool: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


def _tool(result: Mapping[str, Any]) -> str:
    registry = "; ".join(str(i.get("details", "")) for i in result.get("identifiers", []))
    return f"siegfried {result.get('siegfried', '?')} ({registry})"


@lru_cache(maxsize=1)
def engine() -> str:
    """The engine and its PRONOM release, e.g. ``siegfried 1.11.9 (DROID_SignatureFile_V125.xml;
    container-signature-20260119.xml)``."""
    import pygfried

    result = pygfried.identify_many([], workers=1)
    return _tool(result)


def _format(match: Mapping[str, Any] | None, tool: str) -> FormatId:
    if match is None or match.get("id") in (None, "", "UNKNOWN"):
        warning = str(match.get("warning", "")) if match else ""
        return FormatId(None, "Unknown", "", "", "", warning[:300], tool)
    return FormatId(
        str(match["id"]),
        str(match.get("format", ""))[:200],
        str(match.get("version", ""))[:50],
        str(match.get("mime", ""))[:100],
        str(match.get("basis", ""))[:300],
        str(match.get("warning", ""))[:300],
        tool,
    )


def identify_files(files: Mapping[str, Path]) -> dict[str, FormatId]:
    """Identify each staged file (package path → file); the name's extension counts too, as it
    does for PRONOM. Empty files are ``UNKNOWN``."""
    import pygfried

    if not files:
        return {}
    by_path = {str(path): rel for rel, path in files.items()}
    result = pygfried.identify_many(list(by_path), workers=1)
    tool = _tool(result)
    out = {rel: _format(None, tool) for rel in files}
    for entry in result["files"]:
        rel = by_path.get(entry["filename"])
        if rel is not None:
            matches = [m for m in entry["matches"] if m.get("ns") == "pronom"]
            out[rel] = _format(matches[0] if matches else None, tool)
    return out
