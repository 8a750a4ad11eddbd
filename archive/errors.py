"""The one error tree of the archive.

Categories (NotFound, Conflict, InvalidInput, IntegrityFailure, Unavailable, ConfigurationError)
are what the CLI and the web translate into exit codes and HTTP statuses. Subclasses carry data
and build their message from it.
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "ChecksumMismatch",
    "ConfigurationError",
    "Conflict",
    "IntegrityFailure",
    "InvalidInput",
    "LimitExceeded",
    "NotFound",
    "NotSupported",
    "ObjectExists",
    "ObjectNotFound",
    "PackageRefused",
    "Unavailable",
]

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.findings import Report


class ArchiveError(Exception):
    """Base of every error the archive raises on purpose."""


class ConfigurationError(ArchiveError):
    """The settings are invalid or unsafe for the chosen mode."""


class NotFound(ArchiveError):
    """The named dossier, document, file or object does not exist."""


class Conflict(ArchiveError):
    """The request clashes with what is stored (duplicate code, concurrent change)."""


class InvalidInput(ArchiveError):
    """The input is malformed; the message says what, where and how to fix it."""


class LimitExceeded(InvalidInput):
    """A request goes beyond a bound the archive sets (page, query length, prefixes…).

    Raised before any work is done, so it costs nothing; the CLI exits 2 (a usage error, like an
    option out of range) and the web answers 400. ``code`` names the bound, ``allowed`` is its
    value; the message is in Vietnamese and English.
    """

    def __init__(self, code: str, allowed: object, message_vi: str, message_en: str) -> None:
        self.code = code
        self.allowed = allowed
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{message_vi} / {message_en}")


class IntegrityFailure(ArchiveError):
    """Stored data does not match its recorded digest or chain."""


class Unavailable(ArchiveError):
    """A backend (database, storage) cannot be reached."""


class NotSupported(ArchiveError):
    """The capability asked for is not part of this installation yet."""


class ChecksumMismatch(IntegrityFailure):
    """Bytes read back do not match the digest recorded for them."""

    def __init__(self, path: str, algorithm: str, expected: str, found: str) -> None:
        self.path = path
        self.algorithm = algorithm
        self.expected = expected
        self.found = found
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.algorithm} mismatch (expected {self.expected}, found {self.found})"
        )


class PackageRefused(InvalidInput):
    """A submission package was refused; ``report`` lists every finding."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(str(self))

    def __str__(self) -> str:
        errors = self.report.errors
        first = errors[0].message_en if errors else "refused"
        return f"{self.report.source}: refused with {len(errors)} error(s); first: {first}"


class ObjectNotFound(NotFound):
    """A storage key does not exist."""

    def __init__(self, store: str, key: str) -> None:
        self.store = store
        self.key = key
        super().__init__(f"{store}: no object at {key}")


class ObjectExists(Conflict):
    """A write-once key or prefix is already taken."""

    def __init__(self, store: str, key: str) -> None:
        self.store = store
        self.key = key
        super().__init__(f"{store}: {key} already exists and is never overwritten")
