"""``archive demo``: a complete sample archive (or just the sample SIPs).

The demo is meant to show the archive as it works for real, offline: its PDFs carry long-term
signatures (PAdES B-LTA) from the demo PKI in ``<home>/demo-pki``, and on a home without an
``archive.toml`` the demo writes one (``archive.demo.home``) that trusts the demo root, so the
signatures validate as TOTAL_PASSED through the ordinary validator, names the demo TSA (evidence
records, renewals) and a replica store in ``<home>/replica``. It adds one account per role,
with passwords in ``<home>/demo-accounts.txt``. The packages are written once into
``<home>/demo-pki/sips`` and reused, so running the demo again only reports them as archived.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from cli.ingest import summary_table
from cli.output import EXIT_FAILED, console, err_console, errors_to_exit, say, term

if TYPE_CHECKING:
    from archive.bootstrap import Archive
    from archive.config import Settings
    from archive.demo.pki import DemoPki
    from archive.ingest.pipeline import IngestResult

_SIPS_DIR = "sips"


def demo(
    sips_only: Path | None = typer.Option(
        None,
        "--sips-only",
        file_okay=False,
    ),
) -> None:
    """Tạo kho mẫu: hồ sơ có PDF ký số, bản sao, TSA, tài khoản / a complete sample archive.

    Gói mẫu tạo một lần rồi dùng lại / packages made once, reused: a rerun reports "đã có".

    Chưa có archive.toml thì ghi một tệp: tin cậy gốc demo, TSA demo, kho bản sao
    <home>/replica / if there is none, writes one: the demo root trusted, the demo TSA, a
    replica store in <home>/replica. Tài khoản mẫu / demo accounts: <home>/demo-accounts.txt.
    """
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.demo.home import ACCOUNTS_FILE
    from archive.demo.pki import create_demo_pki
    from archive.demo.samples import cached_demo_sips
    from archive.errors import ConfigurationError
    from archive.permissions import secure_home

    with errors_to_exit() as stack:
        settings = load_settings()
        if settings.environment == "production":
            raise ConfigurationError("archive demo is refused in production")
        pki = create_demo_pki(settings.home / "demo-pki")
        crls = pki.write_crls()  # fresh each run: the archive's signature embeds them
        if sips_only is not None:
            _copy_sips(settings, pki, sips_only)
            return
        settings = _ensure_demo_config(settings, pki, crls)
        archive = stack.enter_context(open_archive(settings, create=True))
        secure_home(archive.settings)
        paths = cached_demo_sips(pki.directory / _SIPS_DIR, pki)
        results = [archive.ingest(p, person_agent("demo")) for p in paths]
        signatures = _signature_table(archive, results)
        accounts = _demo_accounts(archive)
    console.print(summary_table(results))
    if signatures is not None:
        console.print(signatures)
    if all(r.status == "duplicate" for r in results):
        console.print(say("demo.already"))
    if accounts is not None:
        console.print(accounts)
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILED)
    first = next(r for r in results if r.file_code)
    doc_code = f"{first.file_code}.0000002"
    where = settings.home / ACCOUNTS_FILE
    console.print(say("demo.next", file_code=first.file_code, doc_code=doc_code, accounts=where))


def _copy_sips(settings: Settings, pki: DemoPki, out: Path) -> None:
    """The cached sample packages and the demo root they are signed under, copied to ``out``."""
    from archive.demo.home import TRUSTED_ROOT_NAME
    from archive.demo.samples import cached_demo_sips
    from archive.errors import InvalidInput

    try:
        out.mkdir(parents=True, exist_ok=True)
        for path in cached_demo_sips(pki.directory / _SIPS_DIR, pki):
            console.print(str(shutil.copy2(path, out / path.name)))
        root = Path(shutil.copyfile(pki.root_cert_path, out / TRUSTED_ROOT_NAME))
    except OSError as exc:
        raise InvalidInput(f"không ghi được vào {out} / cannot write to {out}: {exc}") from exc
    console.print(str(root))
    if not _trusts(settings, pki):
        _note_untrusted(settings, pki)
    console.print(say("demo.ingest_elsewhere", root=root), soft_wrap=True)


def _ensure_demo_config(settings: Settings, pki: DemoPki, crls: tuple[Path, ...]) -> Settings:
    """Write ``<home>/archive.toml`` for the demo if there is none; note otherwise.

    Returns the settings to use: loaded again after the file was written.
    """
    from archive.clock import utc_now
    from archive.config import load_settings
    from archive.demo.home import CONFIG_NAME, demo_config_text, write_new_file

    config = settings.home / CONFIG_NAME
    if not config.exists() and not os.environ.get("ARCHIVE_CONFIG"):
        text = demo_config_text(
            settings.home,
            pki.directory,
            pki.root_cert_path,
            today=utc_now().date(),
            signer=pki.archive_signer(),
            crls=crls,
        )
        # 0600 like every archive.toml: it may name key files and database passwords.
        write_new_file(config, text)
        console.print(say("demo.config_written", config=config))
        settings = load_settings()
    if not _trusts(settings, pki):
        _note_untrusted(settings, pki)
    return settings


def _demo_accounts(archive: Archive) -> Table | None:
    """Create the demo accounts that are missing; a table of the new ones (None if none).

    New passwords are also appended to ``<home>/demo-accounts.txt`` (0600)."""
    from archive.bootstrap import person_agent
    from archive.db.engine import unit_of_work
    from archive.demo.home import ACCOUNTS_FILE, accounts_text, add_demo_accounts, write_new_file

    with unit_of_work(archive.sessions) as session:
        accounts = add_demo_accounts(session, person_agent("demo"))
    new = [a for a in accounts if a.password]
    if not new:
        return None
    path = archive.settings.home / ACCOUNTS_FILE
    text = accounts_text(new)
    if path.exists():
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in text.splitlines() if line[:1] != "#"))
    else:
        write_new_file(path, text)
    table = Table(title=say("demo.accounts", path=path))
    for header in ("common.name", "common.role", "common.password"):
        table.add_column(say(header), overflow="fold")
    for account in new:
        table.add_row(account.name, term("role", account.role), account.password or "")
    return table


def _trusts(settings: Settings, pki: DemoPki) -> bool:
    """Whether the configured trust roots include the demo root."""
    return _trusted_digest(settings, pki.root.sha256)


def _note_untrusted(settings: Settings, pki: DemoPki) -> None:
    from archive.demo.home import CONFIG_NAME

    where = os.environ.get("ARCHIVE_CONFIG") or str(settings.home / CONFIG_NAME)
    root = pki.root_cert_path.resolve()
    err_console.print(say("demo.untrusted", where=where, root=root))


def _signature_table(archive: Archive, results: list[IngestResult]) -> Table | None:
    """Per stored dossier: valid signatures, document timestamps, NĐ 30 two-signature rule."""
    table = Table(title=say("demo.signatures"))
    table.add_column(say("common.file_code"), overflow="fold")
    for header in ("demo.valid", "demo.timestamps", "demo.other", "demo.nd30"):
        table.add_column(say(header), justify="right")
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


def trust_demo_root(settings: Settings, certificate: Path) -> Settings:
    """``archive init --trust-demo-root FILE``: make this home trust a copy of a demo root.

    Refused in production and for any file that is not a demo root; a home that has an
    ``archive.toml`` already is never rewritten (the message gives the line to add). Returns
    the settings to use, loaded again after the file was written.
    """
    from archive.certificates import load_certificates
    from archive.clock import utc_now
    from archive.config import load_settings
    from archive.demo.home import (
        CONFIG_NAME,
        TRUSTED_ROOT_NAME,
        check_demo_root,
        trust_config_text,
        write_new_file,
    )
    from archive.errors import ConfigurationError, Conflict

    if settings.environment == "production":
        raise ConfigurationError(
            "không tin cậy gốc demo trong production / the demo root is never trusted in "
            "production (docs/signatures.md)"
        )
    pem = check_demo_root(certificate)
    digest = load_certificates(certificate)[0].sha256
    if _trusted_digest(settings, digest):
        console.print(say("demo.trusted_already"))
        return settings
    config = Path(os.environ.get("ARCHIVE_CONFIG") or settings.home / CONFIG_NAME)
    copy = settings.home / TRUSTED_ROOT_NAME
    if config.exists() or copy.exists():
        raise Conflict(
            f"{config if config.exists() else copy} đã có, không ghi đè; thêm chứng thư vào "
            f'trust_roots của {config}: trust_roots = ["{certificate.resolve()}"] / '
            f"{config if config.exists() else copy} exists and is not overwritten; add the "
            f'certificate to trust_roots in {config}: trust_roots = ["{certificate.resolve()}"]'
        )
    write_new_file(copy, pem.decode("ascii"), mode=0o644)
    write_new_file(config, trust_config_text(copy, today=utc_now().date()))
    console.print(say("demo.root_copied", copy=copy, config=config), soft_wrap=True)
    return load_settings()


def _trusted_digest(settings: Settings, digest: bytes) -> bool:
    from archive.signatures.trust import TrustStore

    roots = TrustStore.from_paths(settings.trust_roots).roots
    return any(root.sha256 == digest for root in roots)
