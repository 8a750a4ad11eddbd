"""Start-up stays light: ``import cli.main`` (every ``archive`` command, ``--help`` included)
loads no heavy library and none of the core beyond what ``cli.output`` needs, and ``archive ls``
loads only the catalog and the storage it reads.

Only which modules are loaded is checked here, never how long it takes: the figures come from
``bench/start.py`` (docs/performance.md, "Start-up").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "aiohttp",
    "alembic",
    "argon2",
    "asn1crypto",
    "boto3",
    "botocore",
    "cryptography",
    "fastapi",
    "fpdf",
    "jinja2",
    "lxml",
    "openpyxl",
    "pyhanko",
    "pyhanko_certvalidator",
    "pypdf",
    "starlette",
    "tantivy",
    "uvicorn",
    "whoosh",
)
"""Third-party packages no command may load just to start."""

CORE_AT_IMPORT = {
    "archive",
    "archive.dependency_warnings",
    "archive.errors",
    "archive.ingest",
    "archive.findings",
    "archive.messages",
    "archive.messages.catalogue",
}
"""The whole of the core ``import cli.main`` may load (what ``cli.output`` needs): no area of
the message catalogue, which is read the first time one of its messages is said."""

NOT_FOR_LS = (
    "archive.demo",
    "archive.evidence",
    "archive.holdings",
    "archive.ingest.pipeline",
    "archive.retention",
    "archive.search",
    "archive.signatures",
    "archive.transfer",
    "archive.users",
    "archive.web",
)
"""Parts of the core ``archive ls`` has no use for."""


def _loaded(code: str, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(result.stdout.split())


def _top(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in names)


def _under(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in modules if m in prefixes or m.startswith(tuple(f"{p}." for p in prefixes))
    )


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _loaded("import cli.main")
    assert _top(loaded, HEAVY) == []
    assert _top(loaded, ("sqlalchemy", "pydantic", "pydantic_settings")) == []
    assert {m for m in loaded if m.split(".")[0] == "archive"} <= CORE_AT_IMPORT


def test_ls_loads_only_the_catalog(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["ARCHIVE_HOME"] = str(home)
    run = "from cli.main import app\nimport contextlib\nwith contextlib.suppress(SystemExit):\n"
    _loaded(f"{run}    app(['init'])", env)
    loaded = _loaded(f"{run}    app(['ls', '--json'])", env)
    assert "archive.catalog.queries" in loaded  # it did list
    assert _top(loaded, HEAVY) == []
    assert _under(loaded, NOT_FOR_LS) == []


@pytest.mark.parametrize(
    ("cli_values", "core"),
    [
        ("cli.search:Role", "archive.users.access:ROLES"),
        ("cli.search:Sort", "archive.search:SORTS"),
        ("cli.disposal:FORMATS", "archive.retention.tables:FORMATS"),
    ],
)
def test_cli_copies_of_core_constants_agree(cli_values: str, core: str) -> None:
    """The CLI repeats a few core tuples (its option choices and help) so as not to import
    the core at start; they must stay the same, in the same order."""
    import importlib

    def resolve(ref: str) -> object:
        module, name = ref.split(":")
        return getattr(importlib.import_module(module), name)

    ours = resolve(cli_values)
    values = tuple(getattr(v, "value", v) for v in ours)  # type: ignore[attr-defined]
    assert values == resolve(core)
