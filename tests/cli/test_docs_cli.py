"""docs/cli.md is generated from the Typer app and kept up to date (``python -m cli.docgen``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup

from cli import docgen
from cli.main import app


def _command_paths() -> list[str]:
    """Every command and sub-command of the app, walked independently of docgen."""
    out: list[str] = []

    def walk(command: object, prefix: tuple[str, ...]) -> None:
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                out.append(" ".join((*prefix, name)))
                walk(sub, (*prefix, name))

    walk(typer.main.get_command(app), ("archive",))
    return out


def test_docs_cli_is_up_to_date() -> None:
    diff = docgen.stale_diff()
    assert diff == "", f"docs/cli.md is out of date; run `python -m cli.docgen`:\n{diff}"
    assert docgen.check()


def test_docs_mention_every_command() -> None:
    text = docgen.DOC_PATH.read_text(encoding="utf-8")
    paths = _command_paths()
    assert {
        "archive init",
        "archive info",
        "archive ingest",
        "archive ls",
        "archive show",
        "archive get",
        "archive demo",
        "archive audit verify",
        "archive sip build",
        "archive db upgrade",
        "archive db check",
    } <= set(paths)
    for path in paths:
        assert f"### `{path}`" in text, path
    documented = re.findall(r"^### `(archive[^`]*)`$", text, flags=re.MULTILINE)
    assert sorted(documented) == sorted(paths)


def test_docs_cover_options_defaults_exit_codes_and_environment() -> None:
    text = docgen.DOC_PATH.read_text(encoding="utf-8")
    for needle in (
        "`-o, --output <path>` | *bắt buộc / required*",
        "`--home <path>`",
        "env `ARCHIVE_HOME`",
        "archive [GLOBAL OPTIONS] get [OPTIONS] DOC_CODE",
        "archive [GLOBAL OPTIONS] ingest [OPTIONS] PATHS...",
        "| `ARCHIVE_HOME` |",
        "| `ARCHIVE_LANG` |",
        "| `ARCHIVE_USER` |",
        "- `0` —",
        "- `1` —",
        "- `2` —",
    ):
        assert needle in text, needle
    # Vietnamese first, English alongside.
    assert text.index("**Tiếng Việt.**") < text.index("**English.**")
    # Plain Markdown: no Rich box drawing or markup, no trailing spaces.
    assert not re.search(r"[╭╰│┃━]|\[/?bold\]", text)
    assert all(line == line.rstrip() for line in text.splitlines())


def test_render_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = docgen.render()
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "dumb")
    assert docgen.render() == wide


def test_check_mode_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.md"
    assert docgen.main(["--check", "--output", str(target)]) == 1  # missing
    assert docgen.main(["--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == docgen.render()
    assert docgen.main(["--check", "--output", str(target)]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    capsys.readouterr()
    assert docgen.main(["--check", "--output", str(target)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert docgen.write(tmp_path / "other.md") is True  # first write creates the file
    assert docgen.write(tmp_path / "other.md") is False  # second write changes nothing


def test_module_entry_point_checks_the_repository_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli.docgen", "--check"],
        cwd=docgen.DOC_PATH.parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout
