"""The PREMIS agents of the archive's own actions: the software, and the person acting.

Low in the layers (only ``archive.audit.chain`` below it), so that every service can name the
software agent without reaching up to the composition root; ``archive.bootstrap`` re-exports
both for its callers.
"""

from __future__ import annotations

import getpass
import os

from archive import __version__
from archive.audit.chain import AgentRef

__all__ = ["person_agent", "software_agent"]


def software_agent() -> AgentRef:
    """The archive software as a PREMIS agent."""
    return AgentRef(
        f"software:archive/{__version__}", f"archive {__version__}", "software", "executing program"
    )


def person_agent(name: str | None = None) -> AgentRef:
    """The person acting (``--agent``, ``ARCHIVE_USER`` or the login name)."""
    who = name or os.environ.get("ARCHIVE_USER") or getpass.getuser()
    return AgentRef(f"person:{who}", who, "person", "implementer")
