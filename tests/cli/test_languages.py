"""Every command speaks the interface language (issue #15): on a fresh demo home, a
representative run of the ``archive`` commands in Vietnamese (the default) and in English
(``ARCHIVE_LANG=en``) says nothing in the other language, outside the records' own values,
codes and identifiers (tests/support/languages.py says what is left out and why).

The demo home is built once for the module (``archive demo``, as the README says); the
commands then run in order, each in both languages, and each must end with its exit code:
the mutating ones act on different records in each language, so both runs do the same
thing. The usage errors keep exit code 2 in both languages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperArgument
from typer.testing import Result

from archive.messages.catalogue import entries, has
from cli import output
from cli.main import app
from tests.support import sips
from tests.support.cli import run
from tests.support.languages import (
    command_words,
    data_values,
    english_words,
    iso_times,
    strip,
    vietnamese_words,
)
from tests.support.readme import Step, run_step

FILE_CODE = "000.00.00.H49.2023.12.TNMT"
OTHER_CODE = "000.00.00.H49.2023.07.TH"  # code 07 (Khác), kept 5 years
DOC = f"{FILE_CODE}.0000002"


@dataclass(frozen=True)
class Command:
    """One command of the run: its arguments in Vietnamese and in English (the same unless
    the command changes something), the exit code it must end with."""

    vi: tuple[str, ...]
    en: tuple[str, ...] | None = None
    exit_code: int = 0

    def args(self, lang: str, paths: dict[str, object]) -> tuple[str, ...]:
        args = self.en if lang == "en" and self.en is not None else self.vi
        return tuple(a.format_map(paths) for a in args)


def same(*args: str, exit_code: int = 0) -> Command:
    return Command(args, exit_code=exit_code)


COMMANDS = (
    same("ls"),
    same("show", FILE_CODE),
    same("show", OTHER_CODE),
    same("show", DOC),
    same("info"),
    same("audit", "verify"),
    same("verify", DOC),
    same("search", "quyet dinh giao dat"),
    same("search", "status"),
    same("retention", "due", "--year", "2028"),
    Command(("retention", "schedule", "seed"), ("retention", "schedule", "ls")),
    same("retention", "schedule", "ls"),
    same("ingest", "{plain}", exit_code=1),  # a plain folder: refused with a coded finding
    same("ingest", "{sip}"),  # a sample package: held already
    same("storage", "verify"),
    same("fixity", "run"),
    same("fixity", "report"),
    same("replicate"),
    same("users", "list"),
    same("users", "tokens", "lan"),
    Command(
        ("hold", "place", OTHER_CODE, "--reason", "Thanh tra năm 2026"),
        ("hold", "place", FILE_CODE, "--reason", "Thanh tra năm 2026"),
    ),
    same("hold", "ls"),
    Command(
        ("disposal", "council", "add", "lan", "--role", "council"),
        ("disposal", "council", "add", "tuan", "--role", "head"),
    ),
    same("disposal", "council", "ls"),
    same("disposal", "ls"),
    same("transfer", "due", "--year", "2040"),
    same("evidence", "verify", DOC, exit_code=1),  # no evidence record yet
    same("evidence", "build"),
    same("evidence", "verify", DOC),
    same("preserve", "run", "--dry-run"),
    same("ocr", "run", "--dry-run"),
    same("duplicates"),
    same("formats"),
    same("db", "check"),
    same("transfer", "ls"),
    same("review", "ls"),
    same("review", "show", "{accept_vi}"),
    Command(("review", "accept", "{accept_vi}"), ("review", "accept", "{accept_en}")),
    Command(
        ("review", "return", "{return_vi}", "--reason", "Thiếu tài liệu"),
        ("review", "return", "{return_en}", "--reason", "Thiếu tài liệu"),
    ),
    same("review", "ls", "--all"),
    same("review", "show", "{accept_en}"),
    same("review", "show", "{return_vi}"),
    same("storage", "extend-locks"),
    same("db", "upgrade"),
    Command(
        ("sip", "template", "--out", "{folder}/mau-vi.xlsx"),
        ("sip", "template", "--out", "{folder}/mau-en.xlsx"),
    ),
    Command(
        ("copy", "plain", DOC, "--user", "lan", "--out", "{folder}/ban-sao-vi.pdf"),
        ("copy", "plain", DOC, "--user", "lan", "--out", "{folder}/ban-sao-en.pdf"),
    ),
    same("copy", "ls"),
    same("copy", "purge"),
    same("show", "000.00.00.H49.2023.99.XX", exit_code=1),
    same("ls", "--jsn", exit_code=2),
    same("lss", exit_code=2),
    same("get", DOC, exit_code=2),  # no -o
    same("search", "query", "--page", "abc", "x", exit_code=2),
    same("fixity", "report", "--days", "0", exit_code=2),
)


@dataclass(frozen=True)
class Demo:
    """The demo home, and what ``archive demo`` said making it."""

    home: Path
    said: str
    paths: dict[str, object]
    """What the commands name: a plain folder, a sample package, packages held for review."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("languages")
    made = run_step(Step("archive demo", "archive demo"), folder)
    assert made.returncode == 0, made.stdout + made.stderr
    plain = folder / "ho-so-giay"  # scanned files, no package: refused with a finding
    plain.mkdir()
    (plain / "to-trinh.pdf").write_bytes(sips.pdf_bytes(1))
    home = folder / "archive-data"
    sip = sorted((home / "demo-pki" / "sips").glob("*.zip"))[0]
    paths: dict[str, object] = {"folder": folder, "plain": plain, "sip": sip}
    held = ("accept_vi", "accept_en", "return_vi", "return_en")
    for n, name in enumerate(held, start=90):  # packages held for review (ingest_review)
        package = sips.write_zip(folder / name, n)
        result = run(home, "ingest", str(package), env={"ARCHIVE_INGEST_REVIEW": "true"})
        assert result.exit_code == 0, result.output
    pending = json.loads(run(home, "review", "ls", "--json").stdout)
    paths |= dict(zip(held, (p["code"] for p in pending), strict=True))
    return Demo(home, made.stdout + made.stderr, paths)


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables on one line per row, whatever width the consoles took from the environment
    when cli.output was imported (a test worker may have COLUMNS=80): a record's value is
    then found whole."""
    for console in (output.console, output.err_console):
        monkeypatch.setattr(console, "width", 1000)


def problems(said: str, lang: str, home: Path | None = None) -> list[str]:
    """What in ``said`` is not in ``lang``: words of the other language, ISO times; the
    values of the records of ``home``, if given, left out."""
    data = data_values(home / "catalog.sqlite3") if home is not None else set()
    left = strip(said, lang=lang, data=data, commands=command_words())
    wrong = english_words(left) if lang == "vi" else vietnamese_words(left)
    return sorted(set(wrong)) + iso_times(said, data)


@pytest.mark.usefixtures("wide")
def test_every_command_speaks_the_interface_language(demo: Demo) -> None:
    failures: list[str] = []
    if wrong := problems(demo.said, "vi", demo.home):
        failures.append(f"$ archive demo: {wrong}\n{demo.said}")
    for command in COMMANDS:
        for lang in ("vi", "en"):
            args = command.args(lang, demo.paths)
            result = run(demo.home, *args, env={"ARCHIVE_LANG": lang, "COLUMNS": "1000"})
            said = f"{result.stdout}\n{result.stderr}"
            where = f"$ archive {' '.join(args)}  (ARCHIVE_LANG={lang}, exit {result.exit_code})"
            if result.exit_code != command.exit_code:
                failures.append(f"{where}: expected exit {command.exit_code}\n{said}")
            elif "Traceback" in said:
                failures.append(f"{where}: traceback\n{said}")
            elif wrong := problems(said, lang, demo.home):
                failures.append(f"{where}: {wrong}\n{said}")
    assert not failures, "\n\n".join(failures)


def cli(demo: Demo, *args: str, lang: str = "vi") -> Result:
    result = run(demo.home, *args, env={"ARCHIVE_LANG": lang, "COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    return result


def row(result: Result, code: str) -> str:
    """The table row of ``code``, its cells stripped."""
    (line,) = [line for line in result.stdout.splitlines() if f" {code} " in line]
    return " | ".join(cell.strip() for cell in line.split("│")[1:-1])


@pytest.mark.usefixtures("wide")
def test_values_read_as_people_write_them(demo: Demo) -> None:
    """The retention of code 07 shows its years everywhere; booleans are Có/Không, an empty
    field is left out, times are dd/mm/yyyy HH:MM:SS; --json keeps the stored values."""
    for lang, kept in (("vi", "5 năm"), ("en", "5 years")):
        assert f"| {kept} |" in row(cli(demo, "ls", lang=lang), OTHER_CODE)
        due = cli(demo, "retention", "due", "--year", "2028", lang=lang)
        assert f"| {kept} |" in row(due, f"000.00.00.H99.{OTHER_CODE}")
        shown = cli(demo, "show", OTHER_CODE, lang=lang).stdout
        assert re.search(rf"│ (Thời hạn lưu trữ|Retention) +│ {kept} +│", shown)
    document = cli(demo, "show", DOC).stdout
    assert re.search(r"│ Chế độ dự phòng +│ Có +│", document)
    assert re.search(r"│ Quy trình xử lý +│ Không +│", document)
    assert re.search(r"│ Tên loại tài liệu +│ Quyết định +│", document)
    assert "Ký hiệu thông tin" not in document  # no value: no row
    for raw in ("True", "False", "None", "typeName", "{'path'"):
        assert raw not in document, raw
    pdf = r"[^│]*Portable Document Format[^│]* \(fmt/\d+\)"  # as siegfried names it
    assert re.search(rf"│ 76\.\d{{3}} byte +│ {pdf}", document)
    assert re.search(r"│ \d\d/\d\d/\d{4} \d\d:\d\d:\d\d │ tiếp nhận vào kho +│", document)
    data = json.loads(cli(demo, "show", DOC, "--json").stdout)
    assert data["riskRecovery"] is True and data["typeName"] == "02"
    assert data["inforSign"] is None and re.fullmatch(r"\d{4}-.*T.*", data["events"][0]["at"])
    (other,) = [
        d for d in json.loads(cli(demo, "ls", "--json").stdout) if d["fileCode"] == OTHER_CODE
    ]
    assert (other["maintenance"], other["maintenanceYears"]) == ("07", 5)


def test_the_check_sees_the_other_language() -> None:
    """The checker itself: it finds what it must find, and leaves out what it must."""
    vi = "Kho local: 4 objects\nLỗi: không có kho 'x' / no store named 'x'"
    assert english_words(strip(vi, lang="vi")) == ["objects"]
    en = "Store local: 4 đối tượng\nError: không có kho 'x' / no store named 'x'"
    assert vietnamese_words(strip(en, lang="en")) == ["đối", "tượng"]
    command = "archive storage verify --store local  # kiểm tra"
    assert english_words(strip(command, lang="vi", commands={"storage", "verify"})) == []
    data = {"Stored in the OCFL store"}
    assert english_words(strip("Chi tiết: Stored in the OCFL store", lang="vi", data=data)) == []
    assert vietnamese_words(strip("NĐ 30/2020 both signatures", lang="en")) == []


def commands() -> dict[tuple[str, ...], bool]:
    """Every command and group of ``archive``, by its path as typed (``("retention",
    "schedule", "seed")``, the root ``()``): whether it is a group."""
    found: dict[tuple[str, ...], bool] = {}
    todo: list[tuple[tuple[str, ...], Any]] = [((), typer.main.get_command(app))]
    while todo:
        path, command = todo.pop()
        subs = getattr(command, "commands", {})
        found[path] = bool(subs)
        todo += [((*path, name), sub) for name, sub in subs.items()]
    return dict(sorted(found.items()))


_COMMAND_ROW = re.compile(r"(?m)^│ ([a-z-]+)(?= )")
"""A row of a group's list of commands, the command's name first (a name, not a word)."""

_TYPED = re.compile(
    r"<[a-z_|-]+\|[a-z_|-]+>"  # the values of a choice
    r"|(?<=\[mặc định: )[^\]]*|(?<=\[default: )[^\]]*"  # a default value
)
"""What a help screen shows as it is typed, in either language."""


def test_every_help_screen_speaks_the_interface_language(tmp_path: Path) -> None:
    """``--help`` of every command and group, and a group's screen when it is given no
    command, in Vietnamese and in English: Typer's own words (the usage line, the panels,
    "[default: …]", the kinds of values) and the help texts, nothing of the other language."""
    runs = [(*path, "--help") for path in commands()]
    runs += [path for path, group in commands().items() if group]
    names = command_words()
    failures: list[str] = []
    for args in runs:
        for lang in ("vi", "en"):
            result = run(tmp_path, *args, env={"ARCHIVE_LANG": lang, "COLUMNS": "1000"})
            said = f"{result.stdout}\n{result.stderr}"
            where = f"$ archive {' '.join(args)}  (ARCHIVE_LANG={lang}, exit {result.exit_code})"
            said = _COMMAND_ROW.sub(lambda row: "│ " if row[1] in names else row[0], said)
            said = _TYPED.sub(" ", said)
            if result.exit_code not in (0, 2) or "Traceback" in said or not said.strip():
                failures.append(f"{where}\n{said}")
            elif wrong := problems(said, lang):
                failures.append(f"{where}: {wrong}\n{said}")
    assert len(runs) > 90  # every command: a new one is in without being listed here
    assert not failures, "\n\n".join(failures)


def test_every_command_and_option_has_its_help_in_the_catalogue() -> None:
    """Every command and parameter has its help in the catalogue (archive/messages/help.py,
    options.py), every argument its name as shown (``usage.argument.*``), and every entry
    there belongs to a command or parameter that exists: a renamed one leaves no help
    behind."""
    root = typer.main.get_command(app)
    missing: list[str] = []
    used: set[str] = set()
    for path in commands():
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        where = ".".join(path) or "archive"
        used.add(f"help.{where}")
        for param in command.params:
            own, shared = f"options.{where}:{param.name}", f"options.*:{param.name}"
            key = own if has(own) else shared
            if not has(key):
                missing.append(f"{where}: {param.name}")
            used.add(key)
            if isinstance(param, TyperArgument):  # its name as the help shows it
                used.add(shown := f"usage.argument.{param.name}")
                missing += [] if has(shown) else [shown]
    assert missing == []
    held = {f"{area}.{key}" for area in ("help", "options") for key in entries(area)}
    held |= {f"usage.{key}" for key in entries("usage") if key.startswith("argument.")}
    assert sorted(held - used) == []
