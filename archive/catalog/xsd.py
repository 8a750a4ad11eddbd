"""Load the XSDs shipped in ``schemas/`` without ever touching the network.

Third-party schemas import each other by remote URL (METS 1.12 imports XLink from
``http://www.loc.gov/standards/xlink/xlink.xsd``). :class:`LocalSchemaResolver` answers every
remote ``schemaLocation`` whose file name we ship with the local copy and refuses the others,
and the parser has ``no_network=True`` and ``resolve_entities=False``, so loading a schema is
offline and deterministic.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from archive.resources import schema_path, schemas_dir

__all__ = [
    "LocalSchemaResolver",
    "SchemaLoadError",
    "build_schema",
    "load_schema",
    "local_schema_index",
    "schema_parser",
]

_REMOTE_SCHEMES = frozenset({"http", "https", "ftp"})


class SchemaLoadError(Exception):
    """An XSD in ``schemas/`` could not be loaded (bad file or an import we do not ship)."""


def local_schema_index(root: Path) -> dict[str, Path]:
    """File name → path of every ``*.xsd`` below ``root``; the shallowest path wins."""
    index: dict[str, Path] = {}
    for path in sorted(root.rglob("*.xsd"), key=lambda p: (len(p.parts), p.as_posix())):
        index.setdefault(path.name, path)
    return index


class LocalSchemaResolver(etree.Resolver):
    """Resolve remote schema URLs to the copies under ``schemas/``; refuse unknown ones.

    ``redirected`` maps each remote URL answered locally to the file used; ``refused`` lists
    remote URLs with no local copy (loading then fails instead of going to the network).
    """

    def __init__(self, index: dict[str, Path]) -> None:
        super().__init__()
        self.index = index
        self.redirected: dict[str, Path] = {}
        self.refused: list[str] = []

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        """Return the local copy for a remote URL; ``None`` lets lxml read local files."""
        del public_id  # schemas are found by URL only
        if not system_url:
            return None
        parts = urlsplit(system_url)
        if parts.scheme.lower() not in _REMOTE_SCHEMES:
            return None
        local = self.index.get(Path(parts.path).name)
        if local is None:
            self.refused.append(system_url)
            raise SchemaLoadError(f"no local copy of {system_url}")
        self.redirected[system_url] = local
        # lxml-stubs lacks Resolver.resolve_filename.
        return self.resolve_filename(str(local), context)  # type: ignore[attr-defined]


def schema_parser(resolver: LocalSchemaResolver | None = None) -> etree.XMLParser:
    """A parser for schema documents: no network, no entity expansion, local imports."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    if resolver is None:
        resolver = LocalSchemaResolver(local_schema_index(schemas_dir()))
    parser.resolvers.add(resolver)
    return parser


def build_schema(path: Path, resolver: LocalSchemaResolver | None = None) -> etree.XMLSchema:
    """Compile the XSD at ``path`` (not cached), resolving remote imports under ``schemas/``.

    Raises :class:`SchemaLoadError` if the file is missing or invalid, or if it imports a
    remote schema we do not ship.
    """
    if resolver is None:
        resolver = LocalSchemaResolver(local_schema_index(schemas_dir()))
    try:
        document = etree.parse(str(path), schema_parser(resolver))
        return etree.XMLSchema(document)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        hint = f" (imports with no local copy: {', '.join(resolver.refused)})"
        raise SchemaLoadError(
            f"cannot load schema {path}: {exc}{hint if resolver.refused else ''}"
        ) from exc


@cache
def load_schema(*parts: str) -> etree.XMLSchema:
    """The XSD at ``schemas/<parts…>`` (e.g. ``load_schema("mets", "mets.xsd")``), cached.

    Raises :class:`SchemaLoadError` as :func:`build_schema` does.
    """
    return build_schema(schema_path(*parts))
