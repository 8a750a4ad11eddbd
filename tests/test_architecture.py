"""The shape of the code (docs/architecture.md, "Style"): dependency direction (the core never
imports the CLI or a web framework), module and function size, typed services, private names."""

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


# --------------------------------------------------------------------------- size and shape
# The limits of docs/architecture.md ("Style"): small modules, small functions, checked types,
# no private names across modules. Demo data and migrations are data, not logic.

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
EXEMPT_MODULES = frozenset({"archive/demo/samples.py"})


def _sources() -> list[Path]:
    paths = [*(ROOT / "archive").rglob("*.py"), *(ROOT / "cli").rglob("*.py")]
    return sorted(p for p in paths if "migrations" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_over_600_lines() -> None:
    long = {
        _rel(p): n
        for p in _sources()
        if _rel(p) not in EXEMPT_MODULES
        and (n := p.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_80_lines() -> None:
    long = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{_rel(path)}:{node.name}"] = length
    assert long == {}


def test_no_parameter_typed_archive_any() -> None:
    """Services are typed (archive.services.Services or the narrower objects they need)."""
    loose = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.arg)
                and node.arg == "archive"
                and node.annotation is not None
                and ast.unparse(node.annotation) == "Any"
            ):
                loose.append(f"{_rel(path)}:{node.lineno}")
    assert loose == []


def test_no_private_name_imported_from_another_module() -> None:
    """``from archive.x import _name`` (or ``cli``) shares what its module keeps to itself.

    (Code only: a test may reach into the module it tests. Dunders such as ``__version__`` are
    public.)"""
    private = []
    for path in [*_sources(), *(ROOT / "bench").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.split(".")[0] in ("archive", "cli")
            ):
                names = [
                    a.name
                    for a in node.names
                    if a.name.startswith("_") and not a.name.endswith("__")
                ]
                private += [f"{_rel(path)}: {node.module}.{n}" for n in names]
    assert private == []
