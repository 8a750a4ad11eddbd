"""Dependency direction (docs/architecture.md, "Style"): the core never imports the CLI or a
web framework."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("cli", "typer", "click", "rich", "fastapi", "starlette")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_adapters() -> None:
    leaks = {}
    for path in (ROOT / "archive").rglob("*.py"):
        if "web" in path.relative_to(ROOT / "archive").parts:
            continue
        bad = _imports(path) & set(FORBIDDEN)
        if bad:
            leaks[str(path.relative_to(ROOT))] = sorted(bad)
    assert leaks == {}


def test_retention_and_ingest_never_import_transfer() -> None:
    """Transfer builds on retention (schedule, dates, holds) and ingest (SIP/METS writers);
    neither may import it back."""
    leaks = {}
    for layer in ("retention", "ingest"):
        for path in (ROOT / "archive" / layer).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module
                    and node.module.startswith("archive.transfer")
                ):
                    leaks[str(path.relative_to(ROOT))] = node.module
    assert leaks == {}
