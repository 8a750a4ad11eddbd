"""``archive demo``: sample dossiers with signed PDFs, ingested (or just written as SIPs).

The demo is meant to show the archive as it works for real, offline: its PDFs carry long-term
signatures (PAdES B-LTA) from the demo PKI in ``<home>/demo-pki``, and on a home without an
``archive.toml`` the demo writes one that trusts the demo root, so the signatures validate as
TOTAL_PASSED through the ordinary validator. The packages are written once into
``<home>/demo-pki/sips`` and reused, so running the demo again only reports them as archived.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli.ingest import summary_table
from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, say

if TYPE_CHECKING:
    from archive.bootstrap import Archive
    from archive.config import Settings
    from archive.demo.pki import DemoPki
    from archive.ingest.pipeline import IngestResult

_NEXT_VI = """[bold]Thử tiếp:[/]
  archive ls                               danh sách hồ sơ
  archive show {file_code}     hồ sơ và mục lục văn bản
  archive get {doc_code} -o ban-goc.pdf   lấy bản gốc đã ký
  archive audit verify                     kiểm tra nhật ký không bị sửa
  archive demo --sips-only ./goi-mau && archive ingest ./goi-mau/*.zip
  archive info"""

_NEXT_EN = """[bold]Try next:[/]
  archive ls                               list dossiers
  archive show {file_code}     a dossier and its documents
  archive get {doc_code} -o original.pdf  the signed original, byte for byte
  archive audit verify                     prove the audit trail was not edited
  archive demo --sips-only ./samples && archive ingest ./samples/*.zip
  archive info"""

_CONFIG_NAME = "archive.toml"
_SIPS_DIR = "sips"

_CONFIG_TEMPLATE = """\
# Written by `archive demo` on {date}, because this archive home had no archive.toml.
# Do NOT use this file in production. It makes the archive trust the DEMO root certificate,
# whose private key lies unencrypted in {pki_dir}:
# anyone who can read that directory can make signatures this archive would accept as valid.
#
# For real documents, trust the Vietnamese roots instead, e.g. the NEAC national root
# (Trung tâm Chứng thực điện tử quốc gia) and the Ban Cơ yếu Chính phủ CA chain:
#   trust_roots = ["/etc/archive/trust/neac-root.pem", "/etc/archive/trust/bcy-root.pem"]
#   trust_intermediates = ["/etc/archive/trust/intermediates"]
#   signature_fetch = true    # fetch OCSP/CRL online while validating
# (see docs/configuration.md and docs/signatures.md).
trust_roots = [{root}]
signature_fetch = false
"""


def demo(
    sips_only: Path | None = typer.Option(
        None,
        "--sips-only",
        file_okay=False,
        help="Chỉ chép các gói SIP mẫu (tạo một lần trong <home>/demo-pki/sips) vào thư mục "
        "này, không nộp lưu / only copy the sample SIPs (made once in <home>/demo-pki/sips) "
        "into this directory, without ingesting.",
    ),
) -> None:
    """Tạo dữ liệu mẫu (PDF ký số) và nộp lưu / create and ingest sample dossiers.

    Gói mẫu tạo một lần rồi dùng lại / packages made once, reused: a rerun reports "đã có".

    Chưa có archive.toml thì ghi tệp tin cậy gốc demo / if none, writes one trusting the demo root.
    """
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.demo.pki import create_demo_pki
    from archive.demo.samples import cached_demo_sips
    from archive.errors import ConfigurationError
    from archive.permissions import secure_home

    with errors_to_exit() as stack:
        settings = load_settings()
        if settings.environment == "production":
            raise ConfigurationError("archive demo is refused in production")
        pki = create_demo_pki(settings.home / "demo-pki")
        if sips_only is not None:
            sips_only.mkdir(parents=True, exist_ok=True)
            for path in cached_demo_sips(pki.directory / _SIPS_DIR, pki):
                console.print(str(shutil.copy2(path, sips_only / path.name)))
            if not _trusts(settings, pki):
                _note_untrusted(settings, pki)
            return
        settings = _ensure_demo_trust(settings, pki)
        archive = stack.enter_context(open_archive(settings, create=True))
        secure_home(archive.settings)
        paths = cached_demo_sips(pki.directory / _SIPS_DIR, pki)
        results = [archive.ingest(p, person_agent("demo")) for p in paths]
        signatures = _signature_table(archive, results)
    console.print(summary_table(results))
    if signatures is not None:
        console.print(signatures)
    if all(r.status == "duplicate" for r in results):
        console.print(
            say(
                "Các hồ sơ mẫu đã có trong kho từ lần chạy trước; không lưu lại gì.",
                "The sample dossiers were archived by an earlier run; nothing was stored again.",
            )
        )
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILED)
    first = next(r for r in results if r.file_code)
    doc_code = f"{first.file_code}.0000001"
    template = say(_NEXT_VI, _NEXT_EN)
    console.print(template.format(file_code=first.file_code, doc_code=doc_code))


def _ensure_demo_trust(settings: Settings, pki: DemoPki) -> Settings:
    """Write ``<home>/archive.toml`` trusting the demo root if there is none; note otherwise.

    Returns the settings to use: loaded again after the file was written.
    """
    from archive.config import load_settings
    from archive.permissions import SECRET_MODE

    config = settings.home / _CONFIG_NAME
    if not config.exists() and not os.environ.get("ARCHIVE_CONFIG"):
        config.parent.mkdir(parents=True, exist_ok=True)
        text = _CONFIG_TEMPLATE.format(
            date=datetime.now(UTC).date().isoformat(),
            pki_dir=pki.directory.resolve(),
            root=json.dumps(str(pki.root_cert_path.resolve())),  # a valid TOML basic string
        )
        # 0600 like every archive.toml: it may name key files and database passwords.
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SECRET_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        console.print(
            say(
                f"Đã ghi {config}: kho tin cậy chứng thư gốc demo (chỉ để thử, không dùng thật).",
                f"Wrote {config}: the archive trusts the demo root (for trying out only).",
            )
        )
        settings = load_settings()
    if not _trusts(settings, pki):
        _note_untrusted(settings, pki)
    return settings


def _trusts(settings: Settings, pki: DemoPki) -> bool:
    """Whether the configured trust roots include the demo root."""
    from archive.signatures.trust import TrustStore

    roots = TrustStore.from_paths(settings.trust_roots).roots
    return any(root.sha256 == pki.root.sha256 for root in roots)


def _note_untrusted(settings: Settings, pki: DemoPki) -> None:
    where = os.environ.get("ARCHIVE_CONFIG") or str(settings.home / _CONFIG_NAME)
    root = pki.root_cert_path.resolve()
    err_console.print(
        say(
            f"[yellow]Lưu ý:[/] cấu hình ({where}) không tin cậy chứng thư gốc demo, nên chữ ký "
            f"của các văn bản mẫu sẽ là INDETERMINATE (không xác định được nguồn tin cậy). Để "
            f'thử, thêm "{root}" vào trust_roots.',
            f"[yellow]Note:[/] the configuration ({where}) does not trust the demo root, so the "
            f"sample signatures will show as INDETERMINATE (untrusted). To try them out, add "
            f'"{root}" to trust_roots.',
        )
    )


def _signature_table(archive: Archive, results: list[IngestResult]) -> Table | None:
    """Per stored dossier: valid signatures, document timestamps, NĐ 30 two-signature rule."""
    table = Table(title=say("Chữ ký số", "Digital signatures"))
    table.add_column(say("Mã hồ sơ", "Dossier code"), overflow="fold")
    table.add_column(say("Chữ ký hợp lệ", "Valid signatures"), justify="right")
    table.add_column(say("Dấu thời gian", "Timestamps"), justify="right")
    table.add_column(say("Khác", "Other"), justify="right")
    table.add_column(say("NĐ 30 đủ 2 chữ ký", "NĐ 30 both"), justify="right")
    for result in results:
        if result.object_id is None or not result.ok:
            continue
        reports = _stored_reports(archive, result.object_id)
        signed = [r for r in reports if r.get("signatures")]
        sigs = [s for r in signed for s in r["signatures"] if s.get("kind") != "timestamp"]
        stamps = [s for r in signed for s in r["signatures"] if s.get("kind") == "timestamp"]
        passed = sum(s.get("indication") == "TOTAL_PASSED" for s in sigs)
        stamped = sum(s.get("indication") == "TOTAL_PASSED" for s in stamps)
        other = len(sigs) + len(stamps) - passed - stamped
        both = sum(
            all((r.get("nd30") or {}).get(k) for k in ("personal", "organisation")) for r in signed
        )
        table.add_row(
            result.file_code or "",
            f"{passed}/{len(sigs)}",
            f"{stamped}/{len(stamps)}",
            f"[yellow]{other}[/]" if other else "0",
            f"{both}/{len(signed)}",
        )
    return table if table.row_count else None


def _stored_reports(archive: Archive, object_id: str) -> list[dict[str, Any]]:
    """The signature reports stored in the AIP (one per PDF), from its head version."""
    from archive.signatures.step import signature_dir

    inventory = archive.ocfl.inventory(object_id)
    state = inventory["versions"][inventory["head"]]["state"]
    prefix, suffix = signature_dir(""), "/report.json"
    logical = sorted(
        path
        for paths in state.values()
        for path in paths
        if path.startswith(prefix) and path.endswith(suffix)
    )
    reports = []
    for path in logical:
        with archive.ocfl.open_logical(object_id, path) as fh:
            reports.append(json.load(fh))
    return reports
