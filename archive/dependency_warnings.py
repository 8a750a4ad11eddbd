"""Warnings that third-party libraries raise about themselves, handled where they arise.

A warning a dependency gives about its own internals (pyHanko importing the DSA key class that
``cryptography`` 47+ deprecates) says nothing to an archivist and must never reach a terminal.
Each one we know is silenced here, narrowly: by its text *and* the module that triggers it, so
the same warning from the archive's own code still shows (and fails the test suite, which turns
warnings into errors). ``cli`` also routes any other dependency warning to the log
(:func:`log_dependency_warnings`), so an unknown one cannot reach the terminal either.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import TextIO

__all__ = ["KNOWN", "log_dependency_warnings", "silence_known"]

KNOWN: tuple[tuple[str, str, str], ...] = (
    (
        r"DSA is deprecated",
        r"pyhanko(\.|$)",
        "pyhanko.sign.signers.pdf_cms imports DSAPrivateKey at import time (cryptography 47+); "
        "the archive never signs or validates with DSA",
    ),
    (
        r"DSA is deprecated",
        r"signxml(\.|$)",
        "signxml names the DSA key classes in its signatures' type hints (cryptography 47+); "
        "the archive verifies edXML envelopes, never with DSA",
    ),
)
"""(message regex, module regex, why) of each dependency warning known to be harmless."""

_OWN_FOLDERS = tuple(
    str(Path(__file__).resolve().parent.parent / name) + os.sep for name in ("archive", "cli")
)
"""Where the archive's own code lives (``cli`` sits beside ``archive``, also when installed)."""


def silence_known() -> None:
    """Ignore each warning of ``KNOWN``, only when raised from its module."""
    for message, module, _why in KNOWN:
        warnings.filterwarnings("ignore", message=message, module=module)


def _is_own(filename: str) -> bool:
    return str(Path(filename).resolve()).startswith(_OWN_FOLDERS)


def log_dependency_warnings() -> None:
    """Send warnings raised inside dependencies to the ``archive.dependencies`` log (DEBUG).

    The archive's own warnings keep Python's default display. Meant for the command line and
    ``archive serve``, not for code that uses ``archive`` as a library.
    """
    shown = warnings.showwarning
    log = logging.getLogger("archive.dependencies")

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if _is_own(filename):
            shown(message, category, filename, lineno, file, line)
        else:
            log.debug("%s:%s: %s: %s", filename, lineno, category.__name__, message)

    warnings.showwarning = show
