"""``--help`` in the interface language: the help of every command, option and argument comes
from the message catalogue (``archive/messages/help.py`` and ``options.py``, by the command's
path and the parameter's name), and so do the words Typer and Rich add around it (the usage
line, "Options", "[default: …]", "[required]"…).

Typer has no hook for its own words: its Rich renderer reads them from module constants of
``typer.rich_utils`` (fixed by gettext when that module is imported), and the usage line's
prefix is written by its copy of click's formatter. So, while ``archive`` runs
(:func:`localized_help`, entered by the root command), the help renderer of Typer's command
classes is wrapped: before a screen is drawn, the command's texts are set from the catalogue,
the constants are set to the interface language's, and they are put back afterwards.
``typer.rich_utils`` (Markdown, Pygments) is imported only when a help screen is drawn.

A command's docstring is for the readers of its code; what ``--help`` and docs/cli.md say is
the catalogue's entry (tests/cli/test_languages.py checks that every command and parameter has
one, and that no entry is left without its command).

Imports of ``archive`` beyond the catalogue's lookup sit inside the functions: ``import
cli.main`` must stay light (tests/cli/test_start.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup

from archive.messages.catalogue import has, text
from cli.output import lang, say

__all__ = ["command_help", "command_path", "localize", "localized_help", "param_help"]

ROOT: Final = "archive"
"""The key of the root command's help (``help.archive``)."""

_STOCK: Final = {
    "ARGUMENTS_PANEL_TITLE": "usage.arguments_panel",
    "OPTIONS_PANEL_TITLE": "usage.options_panel",
    "COMMANDS_PANEL_TITLE": "usage.commands_panel",
    "DEFAULT_STRING": "usage.default",
    "ENVVAR_STRING": "usage.env_var",
    "REQUIRED_LONG_STRING": "usage.required",
    "DEPRECATED_STRING": "usage.deprecated",
}
"""The constants of ``typer.rich_utils`` drawn on a help screen, and their entries."""

_TYPE_WORD: Final = re.compile(r"\b(str|int|float|path|file|dir|datetime|range)\b", re.I)
"""The words of the value types Typer shows (``<int>``, ``<list[str]>``, ``<int range>``)."""

_LIST: Final = re.compile(r"list\[([^\]]*)\]")

FormatHelp = Callable[[Any, Context, HelpFormatter], None]


def command_path(ctx: Context) -> tuple[str, ...]:
    """The names under the root of the command ``ctx`` runs (``("retention", "due")``)."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


def command_help(path: tuple[str, ...], language: str) -> str:
    """The help of the command at ``path`` (``()`` for the root) in ``language``."""
    return text(f"help.{'.'.join(path) or ROOT}", language)


def param_help(path: tuple[str, ...], name: str, language: str) -> str | None:
    """The help of the parameter ``name`` (as in the code: ``as_json``) of the command at
    ``path``: its own, else the one shared by every parameter of that name; None if none."""
    for key in (f"options.{'.'.join(path) or ROOT}:{name}", f"options.*:{name}"):
        if has(key):
            return text(key, language)
    return None


def localize(command: TyperCommand | TyperGroup, ctx: Context) -> None:
    """Set the texts of ``command``'s help screen in the interface language: its help, its
    parameters', its sub-commands' (listed on a group's screen), the usage line's words."""
    language, path = lang(), command_path(ctx)
    command.help = command_help(path, language)
    for param in command.get_params(ctx):
        if param.name == "help":
            param.help = say("usage.show_help")  # type: ignore[attr-defined]
        elif (found := param_help(path, param.name or "", language)) is not None:
            param.help = found  # type: ignore[attr-defined]
        if isinstance(param, TyperArgument) and has(f"usage.argument.{param.name}"):
            param.metavar = say(f"usage.argument.{param.name}")  # the usage line's too
        shown = _shown_type(param, ctx)
        setattr(param, "display_type_rich", lambda ctx, shown=shown: shown)  # noqa: ARG005, B010
    command.options_metavar = say("usage.options")
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = f"{say('usage.command')} {say('usage.args')}"
        for name in command.list_commands(ctx):
            if (sub := command.get_command(ctx, name)) is not None:
                sub.help, sub.short_help = command_help((*path, name), language), None
    ctx.formatter_class = _Formatter


def _shown_type(param: Any, ctx: Context) -> str | None:
    """The kind of value a parameter takes, as its help screen shows it: none for a switch
    (Typer shows ``<bool>``), the words of a type in the interface language (``<tệp>``), the
    values of a choice as they are typed."""
    if getattr(param, "is_flag", False):
        return ""
    shown: str | None = param.display_type_rich(ctx)
    if shown is None or getattr(param.type_descriptor, "is_choice", False):
        return shown
    shown = _LIST.sub(r"\1...", shown)  # a repeatable option, as click writes it
    return _TYPE_WORD.sub(lambda found: say(f"usage.type_{found[1].lower()}"), shown)


class _Formatter(HelpFormatter):
    """The usage line with its prefix in the interface language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{say('usage.usage')} " if prefix is None else prefix)


def _localized(original: FormatHelp) -> FormatHelp:
    def format_help(
        self: TyperCommand | TyperGroup, ctx: Context, formatter: HelpFormatter
    ) -> None:
        from typer import rich_utils

        localize(self, ctx)
        saved = {name: getattr(rich_utils, name) for name in _STOCK}
        for name, key in _STOCK.items():
            setattr(rich_utils, name, say(key))
        try:
            original(self, ctx, formatter)
        finally:
            for name, value in saved.items():
                setattr(rich_utils, name, value)

    return format_help


@contextmanager
def localized_help() -> Iterator[None]:
    """While the block runs, every help screen is drawn in the interface language."""
    originals = {cls: cls.__dict__["format_help"] for cls in (TyperCommand, TyperGroup)}
    for cls, original in originals.items():
        setattr(cls, "format_help", _localized(original))  # noqa: B010 (a method, see above)
    try:
        yield
    finally:
        for cls, original in originals.items():
            setattr(cls, "format_help", original)  # noqa: B010
