"""The ingest signature step backed by pyHanko (fills ``archive.signatures.api.SignatureStep``).

For every PDF original: validate (``validate.validate_pdf``), apply the policy settings, check the
NĐ 30/2020 two-signature rule on main documents, and hand the AIP builder the JSON report and the
validation data (certificates, OCSP responses, CRLs as DER) to store with the dossier.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from archive.audit.chain import AgentRef, NewEvent
from archive.config import Settings
from archive.errors import ConfigurationError
from archive.findings import Finding, Severity
from archive.signatures import hexread, memo
from archive.signatures.api import SignatureInput, SignatureOutcome
from archive.signatures.classify import DEFAULT_ORGANISATION_PATTERN
from archive.signatures.pool import ValidationPool, WorkerSettings
from archive.signatures.report import EVENT_OUTCOME, ValidationReport
from archive.signatures.trust import TrustStore
from archive.signatures.validate import ValidationData, ValidationSettings, validate_pdf

T = TypeVar("T")

__all__ = [
    "PendingValidation",
    "PyHankoSignatureStep",
    "looks_like_pdf",
    "require_trust_roots",
    "signature_dir",
    "validation_settings",
]


def signature_dir(doc_code: str) -> str:
    """AIP folder of a document's signature report and validation data."""
    return f"metadata/preservation/signatures/{doc_code}"


def validation_settings(settings: Settings) -> ValidationSettings:
    """Validation settings from the archive's configuration."""
    return ValidationSettings(
        trust=TrustStore.from_paths(settings.trust_roots, settings.trust_intermediates),
        fetch=settings.signature_fetch,
        organisation_pattern=settings.organisation_signer_pattern or DEFAULT_ORGANISATION_PATTERN,
    )


def worker_settings(settings: Settings) -> WorkerSettings:
    """What a validation worker process needs to build ``validation_settings``."""
    return WorkerSettings(
        tuple(settings.trust_roots),
        tuple(settings.trust_intermediates),
        settings.signature_fetch,
        settings.organisation_signer_pattern or DEFAULT_ORGANISATION_PATTERN,
    )


def looks_like_pdf(path: Path) -> bool:
    """A PDF header in the first 1024 bytes, where readers look for it (ISO 32000 7.5.2).

    Not ``startswith``: a single byte before the header would otherwise let a signed PDF skip
    validation at ingest altogether.
    """
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def require_trust_roots(settings: Settings, trust: TrustStore) -> None:
    """In production, refuse to validate at ingest with no trust root: every signature would be
    INDETERMINATE and every package accepted with a reason nobody reads (docs/signatures.md,
    "Trust store: installing the Vietnamese roots")."""
    if settings.environment != "production" or trust.roots:
        return
    configured = ", ".join(str(p) for p in settings.trust_roots) or "—"
    raise ConfigurationError(
        "Chưa có chứng thư gốc tin cậy nào (thiết lập trust_roots / ARCHIVE_TRUST_ROOTS: "
        f"{configured}): khi chạy production, việc nộp lưu không bắt đầu vì không chữ ký nào "
        "xác thực được. Hãy cài chứng thư gốc của Trung tâm Chứng thực điện tử quốc gia (NEAC) "
        "và chuỗi chứng thư của Ban Cơ yếu Chính phủ (chữ ký số chuyên dùng công vụ), rồi đặt "
        "trust_roots (và trust_intermediates) trỏ tới chúng; xem docs/signatures.md / "
        "No trust root certificate is configured (setting trust_roots / ARCHIVE_TRUST_ROOTS: "
        f"{configured}): in production, ingest does not start, as no signature could be "
        "validated. Install the root certificate of the National Electronic Authentication "
        "Centre (NEAC) and the certificate chain of the Government Cipher Committee (Ban Cơ yếu "
        "Chính phủ, official-duty signatures), and point trust_roots (and trust_intermediates) "
        "at them; see docs/signatures.md"
    )


@dataclass
class PendingValidation:
    """The validations of one package, started (in the pool) or still to run (in-process)."""

    step: PyHankoSignatureStep
    files: list[SignatureInput]
    futures: dict[str, Future[tuple[ValidationReport, ValidationData]]] = field(
        default_factory=dict
    )  # docCode → the worker's answer

    def outcome(self, agents: Sequence[AgentRef]) -> SignatureOutcome:
        """Findings, events and AIP files, in the order of ``files``, whoever validated."""
        return self.step.finish(self, agents)

    def cancel(self) -> None:
        """The package goes no further: drop the validations not started yet."""
        for future in self.futures.values():
            future.cancel()


class PyHankoSignatureStep:
    """Validates PDF signatures at ingest according to the configured policy.

    ``workers`` > 1: the PDFs are validated by a pool of that many processes
    (``archive.signatures.pool``); 1: in this process, one after the other.
    """

    def __init__(self, settings: Settings, *, workers: int = 1) -> None:
        self.settings = settings
        self.validation = validation_settings(settings)
        require_trust_roots(settings, self.validation.trust)
        self.pool = ValidationPool(worker_settings(settings), workers) if workers > 1 else None
        memo.install()  # what the workers do too: a cached name comparison is the comparison
        hexread.install()  # and the same hex strings, read sooner

    def check(
        self, files: Sequence[SignatureInput], agents: Sequence[AgentRef]
    ) -> SignatureOutcome:
        """Validate each PDF; findings per policy; reports and data for the AIP."""
        return self.start(files).outcome(agents)

    def start(self, files: Sequence[SignatureInput]) -> PendingValidation:
        """Start validating the PDFs of ``files`` (in the pool, if there is one)."""
        pdfs = [item for item in files if looks_like_pdf(item.path)]
        pending = PendingValidation(self, pdfs)
        if self.pool is not None:
            for item in pdfs:
                pending.futures[item.doc_code] = self.pool.submit(item.path, item.name)
        return pending

    def finish(self, pending: PendingValidation, agents: Sequence[AgentRef]) -> SignatureOutcome:
        """The outcome of ``pending``: waits for the pool, or validates here."""
        outcome = SignatureOutcome()
        for item in pending.files:
            future = pending.futures.get(item.doc_code)
            if future is None:
                report, data = validate_pdf(item.path, self.validation, name=item.name)
            else:
                try:
                    report, data = future.result()
                except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                    pending.cancel()
                    if self.pool is not None:
                        self.pool.broken()
                    outcome.findings.append(
                        Finding.make("SIG005", item.name, value=item.name, detail=str(exc))
                    )
                    return outcome
            outcome.findings.extend(self._findings(item, report))
            outcome.events.append(self._event(item, report, agents))
            outcome.reports[item.doc_code] = report.as_dict()
            outcome.extra_files.update(self.files_for(item.doc_code, report, data))
        return outcome

    def offload(self, task: Callable[..., T], *args: object) -> Future[T] | None:
        """``task(*args)`` in a validation worker (None: no pool, validation runs here)."""
        return self.pool.run(task, *args) if self.pool is not None else None

    def close(self) -> None:
        """Stop the validation workers, if any were started."""
        if self.pool is not None:
            self.pool.close()

    def _severity(self, bottom_line: str, signed: bool) -> Severity:
        policy = self.settings
        if not signed:
            unsigned: dict[str, Severity] = {"accept": "info", "warn": "warning", "refuse": "error"}
            return unsigned[policy.signature_policy_unsigned]
        if bottom_line == "TOTAL_FAILED":
            return "error" if policy.signature_policy_failed == "refuse" else "warning"
        if bottom_line == "INDETERMINATE":
            return "error" if policy.signature_policy_indeterminate == "refuse" else "warning"
        return "info"

    def _findings(self, item: SignatureInput, report: ValidationReport) -> list[Finding]:
        signed = bool(report.signatures) or report.error is not None
        severity = self._severity(report.bottom_line, signed)
        out: list[Finding] = []
        if report.error:
            out.append(
                _with(
                    Finding.make(
                        "SIG001",
                        item.name,
                        value=item.name,
                        status="TOTAL_FAILED/FORMAT_FAILURE",
                        reason=report.error,
                        reason_en=report.error,
                    ),
                    severity,
                )
            )
        elif not report.signatures:
            out.append(_with(Finding.make("SIG004", item.name, value=item.name), severity))
        for sig in report.signatures:
            if sig.indication == "TOTAL_PASSED":
                continue
            code = "SIG001" if sig.indication == "TOTAL_FAILED" else "SIG002"
            out.append(
                _with(
                    Finding.make(
                        code,
                        item.name,
                        value=f"{item.name} [{sig.field}]",
                        status=sig.status,
                        reason=sig.messages_vi[0],
                        reason_en=sig.messages_en[0],
                    ),
                    self._severity(sig.indication, True),
                )
            )
        if item.is_main and report.signatures:
            missing = [k for k in ("personal", "organisation") if not report.nd30.get(k)]
            if missing:
                level: Severity = "error" if self.settings.nd30_policy == "refuse" else "warning"
                names = {
                    "personal": "chữ ký cá nhân người có thẩm quyền / personal signature",
                    "organisation": "chữ ký số của cơ quan / agency signature",
                }
                out.append(
                    _with(
                        Finding.make(
                            "SIG003",
                            item.name,
                            value=item.name,
                            missing="; ".join(names[m] for m in missing),
                        ),
                        level,
                    )
                )
        return out

    def _event(
        self, item: SignatureInput, report: ValidationReport, agents: Sequence[AgentRef]
    ) -> NewEvent:
        outcome = EVENT_OUTCOME[report.bottom_line]
        summary = "; ".join(f"{s.field}: {s.status}" for s in report.signatures) or (
            report.error or "không có chữ ký / unsigned"
        )
        return NewEvent(
            "validation",
            f"Xác thực chữ ký số {item.name} / Signature validation of {item.name}: "
            f"{report.bottom_line}",
            outcome=outcome,  # type: ignore[arg-type]
            outcome_detail=summary,
            agents=list(agents),
            objects=[(item.doc_code, "source")],
        )

    def files_for(
        self, doc_code: str, report: ValidationReport, data: ValidationData
    ) -> dict[str, bytes]:
        """AIP path → bytes: the JSON report and the DER validation data of one document."""
        base = signature_dir(doc_code)
        files = {
            f"{base}/report.json": (
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
            ).encode()
        }
        for kind, blobs in (("certs", data.certs), ("ocsp", data.ocsps), ("crl", data.crls)):
            for digest, der in blobs.items():
                files[f"{base}/{kind}/{digest}.der"] = der
        return files


def _with(finding: Finding, severity: Severity) -> Finding:
    return Finding(finding.code, severity, finding.path, finding.message_vi, finding.message_en)
