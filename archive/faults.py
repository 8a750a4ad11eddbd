"""Named crash points for the failure-injection tests.

``checkpoint(name)`` does nothing unless ``ARCHIVE_FAULT`` names that point:
``ARCHIVE_FAULT=stored:raise`` raises ``InjectedFault`` there, ``ARCHIVE_FAULT=stored:hang``
sleeps there (so a test can ``kill -9`` the process at a known step), and
``ARCHIVE_FAULT=stored:wait:DIR`` writes ``DIR/stored.reached`` and waits there until
``DIR/stored.go`` exists, then goes on (so a test can stop the database or the object store
at a known step and let the job meet the outage for real).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["InjectedFault", "checkpoint"]

WAIT_LIMIT_S = 300.0
"""How long a ``wait`` point waits for its go before it fails (a test that died)."""


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
    if action.startswith("wait:"):
        _wait_for_go(Path(action.removeprefix("wait:")), name)
        return
    raise InjectedFault(f"injected fault at {name}")


def _wait_for_go(folder: Path, name: str) -> None:
    (folder / f"{name}.reached").touch()
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not (folder / f"{name}.go").exists():
        if time.monotonic() > deadline:
            raise InjectedFault(f"no go at {name} within {WAIT_LIMIT_S} s")
        time.sleep(0.05)
