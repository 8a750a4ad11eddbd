"""Generate the TT 05/2025 XSDs and the metadata mapping page from the field tables.

``python -m archive.catalog.xsdgen`` writes, below the repository root:

* ``schemas/tt05/EAD_SIP.xsd``, ``EAD_AIP.xsd``, ``EAD_doc_SIP.xsd``, ``EAD_doc_AIP.xsd``: one
  ``<simpledc>`` schema per table of :mod:`archive.catalog.fields` (no target namespace);
* ``schemas/tt05/archive-ext.xsd``: the extension elements (namespace ``fields.EXT_NS``),
  imported by the four schemas above so that their lax wildcard checks them;
* ``docs/metadata-mapping.md``: element → label → type → model attribute → XSD.

``--check`` writes nothing and exits 1, listing the files that differ from what would be
generated. The output is deterministic (table order, ``\\n`` line ends, UTF-8, two-space
indent), so the check is meaningful in CI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.catalog.mappingdoc import mapping_markdown
from archive.catalog.xsdbuild import (
    EXT_SCHEMA,
    MAPPING_DOC,
    TT05_DIR,
    TT05_SCHEMAS,
    ext_schema,
    serialize,
    tt05_schema,
)

__all__ = ["check", "generate", "main", "repo_root", "write"]


def repo_root() -> Path:
    """The repository root (parent of the ``archive`` package); a source checkout is assumed."""
    return Path(__file__).resolve().parents[2]


def generate() -> dict[str, str]:
    """Every generated file: POSIX path relative to the repository root → text."""
    out = {
        f"{TT05_DIR}/{target.filename}": serialize(tt05_schema(target)) for target in TT05_SCHEMAS
    }
    out[f"{TT05_DIR}/{EXT_SCHEMA}"] = serialize(ext_schema())
    out[MAPPING_DOC] = mapping_markdown()
    return out


def _is_current(path: Path, text: str) -> bool:
    return path.is_file() and path.read_bytes() == text.encode("utf-8")


def check(root: Path | None = None) -> list[str]:
    """Relative paths of generated files that are missing or differ below ``root``."""
    base = root or repo_root()
    return [rel for rel, text in generate().items() if not _is_current(base / rel, text)]


def write(root: Path | None = None) -> list[str]:
    """Write the generated files that differ below ``root``; return their relative paths."""
    base = root or repo_root()
    written = []
    for rel, text in generate().items():
        path = base / rel
        if _is_current(path, text):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(rel)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the files, or with ``--check`` list stale ones and return 1."""
    parser = argparse.ArgumentParser(
        prog="python -m archive.catalog.xsdgen",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=None, help="repository root")
    args = parser.parse_args(argv)
    if args.check:
        stale = check(args.root)
        for rel in stale:
            print(f"differs: {rel}", file=sys.stderr)
        return 1 if stale else 0
    for rel in write(args.root):
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
