"""``archive demo``: sample dossiers with signed PDFs, ingested (or just written as SIPs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from archive.bootstrap import open_archive, person_agent
from archive.config import load_settings
from archive.demo.pki import create_demo_pki
from archive.demo.samples import write_demo_sips
from archive.errors import ConfigurationError
from cli.ingest import summary_table
from cli.output import EXIT_FAILED, console, errors_to_exit, say

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


def demo(
    sips_only: Path | None = typer.Option(
        None,
        "--sips-only",
        file_okay=False,
        help="Chỉ ghi các gói SIP mẫu vào thư mục này, không nộp lưu / only write the SIPs.",
    ),
) -> None:
    """Tạo dữ liệu mẫu (PDF ký số) và nộp lưu / create and ingest sample dossiers."""
    with errors_to_exit() as stack:
        settings = load_settings()
        if settings.environment == "production":
            raise ConfigurationError("archive demo is refused in production")
        pki = create_demo_pki(settings.home / "demo-pki")
        if sips_only is not None:
            sips_only.mkdir(parents=True, exist_ok=True)
            for path in write_demo_sips(sips_only, pki):
                console.print(str(path))
            return
        archive = stack.enter_context(open_archive(settings, create=True))
        with tempfile.TemporaryDirectory(prefix="archive-demo-") as tmp:
            paths = write_demo_sips(Path(tmp), pki)
            results = [archive.ingest(p, person_agent("demo")) for p in paths]
    console.print(summary_table(results))
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILED)
    first = next(r for r in results if r.file_code)
    doc_code = f"{first.file_code}.0000001"
    template = say(_NEXT_VI, _NEXT_EN)
    console.print(template.format(file_code=first.file_code, doc_code=doc_code))
