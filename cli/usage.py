"""Usage errors (a misspelt option or command, a missing or bad value) in the interface
language, still with exit code 2.

Typer's parser (its own copy of click) writes its refusals in English; :class:`ArchiveGroup`,
the root command's class, catches them and says them through the message catalogue
(``archive/messages/usage.py``), with the usage line and the hint Typer gives. What a refusal
is comes from the exception's class and attributes (``NoSuchOption.option_name``, the
parameter of a ``BadParameter``, the Pydantic error under it) and, for the plain
``UsageError`` messages, from their fixed English wording; a refusal not recognised is shown
in English after the Vietnamese lead, never dropped.

Imports of ``archive`` and Rich's panel sit inside the functions: ``import cli.main`` must stay
light (tests/cli/test_start.py).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any, Final

from typer import Abort, BadParameter, TyperException
from typer.core import TyperGroup

from cli.helptext import localized_help
from cli.output import err_console, say

__all__ = ["ArchiveGroup", "usage_message"]

_USAGE_WORDS: Final = (
    ("Usage:", "usage.usage"),
    ("[OPTIONS]", "usage.options"),
    ("COMMAND", "usage.command"),
    ("[ARGS]...", "usage.args"),
)
"""The fixed words of a usage line, and their entries."""

_PATTERNS: Final = (
    (re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<matches>.+)\?)?"), "cmd"),
    (re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)"), "extra"),
    (re.compile(r"Missing command\.?"), "missing_command"),
    (re.compile(r"Option '(?P<name>.+)' requires (?P<count>an|\d+) arguments?\.?"), "needs"),
    (re.compile(r"Option '(?P<name>.+)' does not take a value\.?"), "no_value"),
)
"""Plain ``UsageError`` messages (no attributes to read), by their fixed English wording."""

_PATH: Final = re.compile(
    r"(?P<label>[Ff]ile|[Dd]irectory|[Pp]ath) (?P<path>'.*') "
    r"(?P<problem>does not exist|is a file|is a directory|is not readable|is not writable)\."
)
_ONE_OF: Final = re.compile(r"(?P<value>'.*') is not one of (?P<choices>.+?)\.?$")
_PYDANTIC: Final = {
    "int_parsing": "usage.not_integer",
    "int_from_float": "usage.not_integer",
    "float_parsing": "usage.not_number",
    "bool_parsing": "usage.not_boolean",
    "greater_than_equal": "usage.at_least",
    "greater_than": "usage.more_than",
    "less_than_equal": "usage.at_most",
    "less_than": "usage.less_than",
    "enum": "usage.one_of",
}
"""Pydantic error types (Typer checks typed values with Pydantic) and their entries."""


class ArchiveGroup(TyperGroup):
    """The root ``archive`` command: Typer's usage errors in the interface language."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        _choose_language(argv)  # for a help screen drawn before the root's callback runs
        try:
            # Not standalone: the errors come here instead of being printed in English; an
            # Exit (typer.Exit, --help) comes back as its exit code.
            with localized_help():
                code = super().main(
                    argv, prog_name, complete_var, False, windows_expand_args, **extra
                )
        except TyperException as exc:  # the parser's refusals (its own copy of click's)
            if type(exc).__name__ != "NoArgsIsHelpError":  # that one printed the help
                show(exc)
            sys.exit(getattr(exc, "exit_code", 2))
        except Abort:
            err_console.print(f"[red]{say('usage.aborted')}[/]")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _choose_language(argv: list[str]) -> None:
    """``--lang`` given picks the language before the root's callback applies it (that runs
    only after the root's options are parsed): for a usage error found earlier, and for the
    root's own help screen."""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            os.environ["ARCHIVE_LANG"] = argv[n + 1]
        elif arg.startswith("--lang="):
            os.environ["ARCHIVE_LANG"] = arg.split("=", 1)[1]


def show(exc: Exception) -> None:
    """A refusal as Typer shows it (the usage line, the help hint, the message in a panel),
    in the interface language, on standard error."""
    from rich.markup import escape
    from rich.panel import Panel

    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        for words, key in _USAGE_WORDS:
            usage = usage.replace(words, say(key))
        err_console.print(escape(usage), style="yellow", highlight=False)
        if ctx.command.get_help_option(ctx) is not None:
            hint = say("usage.try_help", command=ctx.command_path, help=ctx.help_option_names[0])
            err_console.print(escape(hint), style="dim")
    panel = Panel(escape(usage_message(exc)), title=say("common.error"), title_align="left")
    err_console.print(panel, style="red", soft_wrap=False)  # the message wraps in its box


def usage_message(exc: Exception) -> str:
    """What is wrong, in the interface language. (Typer does not export its parser's
    exception classes, so they are told apart by name, as Typer itself does.)"""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        message = say("usage.no_such_option", name=getattr(exc, "option_name", ""))
        if possible := getattr(exc, "possibilities", None):
            message += " " + say("usage.possible", options=", ".join(sorted(possible)))
        return message
    if kind == "MissingParameter" and isinstance(exc, BadParameter):
        param_type = getattr(exc, "param_type", None)
        param_type = param_type or getattr(exc.param, "param_type_name", "parameter")
        key = "usage.missing_option" if param_type == "option" else "usage.missing_argument"
        return say(key, name=_hint(exc))
    if isinstance(exc, BadParameter):
        return say("usage.bad_value", name=_hint(exc), problem=_bad_value(exc))
    return _plain(str(getattr(exc, "message", exc)))


def _hint(exc: BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return ""


def _bad_value(exc: BadParameter) -> str:
    """The problem with a value: from the Pydantic error under Typer's refusal, or from the
    refusal's fixed wording; else as Typer said it."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        first: dict[str, Any] = (errors() or [{}])[0]
        key = _PYDANTIC.get(str(first.get("type")))
        limit = next(iter((first.get("ctx") or {}).values()), "")
        if key is not None:
            return say(key, value=repr(first.get("input")), limit=limit)
    message = str(exc.message)
    if found := _ONE_OF.search(message):
        return say("usage.one_of", value=found["value"], limit=found["choices"])
    if found := _PATH.fullmatch(message):
        kind = say(f"usage.{found['label'].lower()}")
        problem = found["problem"].replace("is not ", "not_").replace("is a ", "a_")
        return say(f"usage.path_{problem.replace(' ', '_')}", kind=kind, path=found["path"])
    return message


def _plain(message: str) -> str:
    """A plain ``UsageError``, recognised by its wording."""
    for pattern, name in _PATTERNS:
        if found := pattern.fullmatch(message.strip()):
            groups = {k: v or "" for k, v in found.groupdict().items()}
            if name == "cmd":
                said = say("usage.no_such_command", name=groups["name"])
                if groups["matches"]:
                    said += " " + say("usage.did_you_mean", matches=groups["matches"])
                return said
            if name == "needs":
                count = "1" if groups["count"] == "an" else groups["count"]
                return say("usage.needs", name=groups["name"], count=count)
            return say(f"usage.{name}", **groups)
    return say("usage.other", message=message)
