"""The signature step of the ingest pipeline: a port, and the plain answer until it is filled.

The pipeline calls ``SignatureStep.check`` with every original file of an accepted package,
after the package validated and before the AIP is built. An implementation returns findings
(errors refuse the package), PREMIS events to record, and extra files to store in the AIP
(validation reports, certificates, OCSP/CRL responses). Issue #3 provides the pyHanko one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from archive.audit.chain import AgentRef, NewEvent
from archive.findings import Finding

T = TypeVar("T")

__all__ = [
    "NotInstalledSignatureStep",
    "PendingOutcome",
    "SignatureInput",
    "SignatureOutcome",
    "SignatureStep",
]


@dataclass(frozen=True)
class SignatureInput:
    """One original file to check."""

    doc_code: str
    path: Path  # staged bytes, read-only for the step
    name: str
    is_main: bool  # the main document of an e-document (NĐ30 two-signature rule)


@dataclass
class SignatureOutcome:
    """What the step found and wants recorded."""

    findings: list[Finding] = field(default_factory=list)
    events: list[NewEvent] = field(default_factory=list)
    extra_files: dict[str, bytes] = field(default_factory=dict)  # AIP path → bytes
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # docCode → JSON report


class PendingOutcome(Protocol):
    """Checks started by ``SignatureStep.start``: perhaps running in other processes."""

    def outcome(self, agents: Sequence[AgentRef]) -> SignatureOutcome:
        """Wait for the checks (or run them now); what they found."""
        ...

    def cancel(self) -> None:
        """The package goes no further: drop the checks not started yet."""
        ...


class SignatureStep(Protocol):
    """Validates the signatures of a package's originals."""

    def check(
        self, files: Sequence[SignatureInput], agents: Sequence[AgentRef]
    ) -> SignatureOutcome:
        """Check every file; never modifies them."""
        ...

    def start(self, files: Sequence[SignatureInput]) -> PendingOutcome:
        """Start checking ``files`` (``check`` = ``start`` then ``outcome``)."""
        ...

    def offload(self, task: Callable[..., T], *args: object) -> Future[T] | None:
        """Run ``task(*args)`` in a worker process of the step, if it has any (None: it has
        none, the caller does the work itself). For work that only reads staged files."""
        ...

    def close(self) -> None:
        """Release what the step started (worker processes)."""
        ...


@dataclass
class _Started:
    """``start`` of a step that checks in ``outcome``."""

    step: SignatureStep
    files: Sequence[SignatureInput]

    def outcome(self, agents: Sequence[AgentRef]) -> SignatureOutcome:
        return self.step.check(self.files, agents)

    def cancel(self) -> None:
        """Nothing started."""


class NotInstalledSignatureStep:
    """Says plainly that signatures were not checked; records no validation event."""

    def check(
        self, files: Sequence[SignatureInput], agents: Sequence[AgentRef]
    ) -> SignatureOutcome:
        """One info finding for the package; nothing is claimed about any signature."""
        del agents
        if not files:
            return SignatureOutcome()
        return SignatureOutcome(findings=[Finding.make("SIG000", files[0].name)])

    def start(self, files: Sequence[SignatureInput]) -> PendingOutcome:
        """Nothing to start: ``outcome`` says it."""
        return _Started(self, files)

    def offload(self, task: Callable[..., T], *args: object) -> Future[T] | None:
        """No worker processes."""
        del task, args
        return None

    def close(self) -> None:
        """Nothing to release."""
