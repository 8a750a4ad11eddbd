"""Named crash points for the failure-injection tests.

``checkpoint(name)`` does nothing unless ``ARCHIVE_FAULT`` names that point:
``ARCHIVE_FAULT=stored:raise`` raises ``InjectedFault`` there, ``ARCHIVE_FAULT=stored:hang``
sleeps there (so a test can ``kill -9`` the process at a known step).
"""

from __future__ import annotations

import os
import time

__all__ = ["InjectedFault", "checkpoint"]


class InjectedFault(RuntimeError):
    """Raised at a checkpoint named by ARCHIVE_FAULT."""


def checkpoint(name: str) -> None:
    """Crash or hang here if the environment asks for it."""
    spec = os.environ.get("ARCHIVE_FAULT", "")
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action == "hang":
        time.sleep(3600)
    raise InjectedFault(f"injected fault at {name}")
