"""The shape of the code (docs/architecture.md): the layers of the core and the direction of
every import (no cycle between its parts; the core never imports the CLI or a web framework),
module and function size, typed services, private names."""

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


# ------------------------------------------------------------------------------------ layers
# The layers of docs/architecture.md, lowest first. A part (a top-level module or package of
# archive/) may import the parts of the layers below its own. Inside the kernel and the jobs,
# parts may import each other as long as there is no cycle; the domains are ordered, and a
# domain imports only the domains listed before it. Imports under TYPE_CHECKING do not count
# (they are types, not dependencies at run time); imports inside functions do.

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "kernel",
        (
            "__init__",
            "errors",
            "clock",
            "dates",
            "messages",
            "identifiers",
            "findings",
            "certificates",
            "home",
            "config",
            "permissions",
            "safexml",
            "exports",
            "atomic",
            "services",
            "dependency_warnings",
            "faults",
            "resources",
        ),
    ),
    ("infrastructure", ("db", "storage")),
    (
        "domains",
        (
            "audit",
            "catalog",
            "signatures",
            "packages",
            "evidence",
            "holdings",
            "users",
            "search",
            "metadata",
            "use",
            "minutes",
            "backup",
            "retention",
            "transfer",
            "review",
            "edxml",
            "inspection",
        ),
    ),
    ("jobs", ("demo", "ingest", "preserve", "ocr", "rebuild", "statistics", "due")),
    ("root", ("bootstrap", "schema")),
    ("adapters", ("web",)),
)
ORDERED_LAYERS = frozenset({"domains"})


def _part(path: Path) -> str:
    return path.relative_to(ROOT / "archive").parts[0].removesuffix(".py")


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _part_imports() -> dict[tuple[str, str], list[str]]:
    """(importing part, imported part) → where, for every run-time import inside archive/."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted((ROOT / "archive").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                names = module.split(".")
                if names[0] != "archive":
                    continue
                target = names[1] if len(names) > 1 else "__init__"
                if target != _part(path):
                    where = f"{_rel(path)}:{node.lineno}"
                    edges.setdefault((_part(path), target), []).append(where)
    return edges


def _rank() -> dict[str, tuple[int, int, str]]:
    return {
        part: (level, position, layer)
        for level, (layer, parts) in enumerate(LAYERS)
        for position, part in enumerate(parts)
    }


def test_every_part_of_the_core_has_a_layer() -> None:
    parts = {_part(p) for p in (ROOT / "archive").iterdir() if p.suffix == ".py" or p.is_dir()}
    parts -= {"__pycache__"}
    assert parts == set(_rank())


def test_no_part_imports_a_higher_layer() -> None:
    rank = _rank()
    upward = {}
    for (source, target), where in _part_imports().items():
        (level, position, layer), (to_level, to_position, _) = rank[source], rank[target]
        same_ordered = level == to_level and layer in ORDERED_LAYERS
        if to_level > level or (same_ordered and to_position > position):
            upward[f"{source} -> {target}"] = where
    assert upward == {}


def test_no_import_cycle_between_parts() -> None:
    graph: dict[str, set[str]] = {}
    for source, target in _part_imports():
        graph.setdefault(source, set()).add(target)
    assert _find_cycles(graph) == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports() -> dict[str, set[str]]:
    """Module → the archive modules it imports at run time (as _part_imports, per module)."""
    paths = [p for p in (ROOT / "archive").rglob("*.py") if "migrations" not in p.parts]
    known = {_module_name(p) for p in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_nodes(tree)
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in known else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[_module_name(path)] = {t for t in targets if t in known} - {_module_name(path)}
    return graph


def _find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    done: set[str] = set()

    def cycle_from(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            found = cycle_from(target, [*path, node])
            if found:
                return found
        done.add(node)
        return None

    return [c for node in sorted(graph) if (c := cycle_from(node, []))]


def test_no_import_cycle_between_modules() -> None:
    """Inside a part too, modules import each other one way (a package's ``__init__`` that
    gathers its modules' public names counts as the package's own module)."""
    assert _find_cycles(_module_imports()) == []


def test_the_layers_in_the_docs_are_the_layers_enforced() -> None:
    """docs/architecture.md's layer table names the same parts, layer by layer, in order."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    documented = []
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        parts = tuple(p.strip(" `/").removesuffix(".py") for p in cells[1].split(","))
        documented.append((cells[0].strip("* "), parts))
    assert tuple(documented) == LAYERS


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
