"""``archive demo`` and ``archive init --trust-demo-root``: the sample archive."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "already": (
        "Các hồ sơ mẫu đã có trong kho từ lần chạy trước; không lưu lại gì.",
        "The sample dossiers were archived by an earlier run; nothing was stored again.",
    ),
    "next": (
        """[bold]Thử tiếp:[/]
  archive ls                               danh sách hồ sơ
  archive show {file_code}     hồ sơ và mục lục văn bản
  archive get {doc_code} -o ban-goc.pdf   lấy bản gốc đã ký
  archive verify {doc_code}    xác thực chữ ký số
  archive audit verify                     kiểm tra nhật ký không bị sửa
  archive evidence build                   dấu thời gian lưu trữ cho mọi tệp
  archive serve                            trang web (tài khoản trong {accounts})
  archive info                             thông tin kho""",
        """[bold]Try next:[/]
  archive ls                               list dossiers
  archive show {file_code}     a dossier and its documents
  archive get {doc_code} -o original.pdf  the signed original, byte for byte
  archive verify {doc_code}    verify its signatures
  archive audit verify                     prove the audit trail was not edited
  archive evidence build                   archive timestamps over every stored file
  archive serve                            the web page (accounts in {accounts})
  archive info                             where things are, how much is stored""",
    ),
    "ingest_elsewhere": (
        "Nộp lưu các gói này vào một kho khác: trước hết cho kho đó tin cậy gốc demo, "
        "archive --home KHO init --trust-demo-root {root}",
        "To ingest these packages into another home, first make it trust the demo root: "
        "archive --home HOME init --trust-demo-root {root}",
    ),
    "config_written": (
        "Đã ghi {config}: kho tin cậy chứng thư gốc demo, dùng TSA demo và kho bản sao "
        "replica/ (chỉ để thử, không dùng thật).",
        "Wrote {config}: the archive trusts the demo root, uses the demo TSA and a replica "
        "store in replica/ (for trying out only).",
    ),
    "accounts": ("Tài khoản mẫu (lưu trong {path})", "Demo accounts (kept in {path})"),
    "untrusted": (
        "[yellow]Lưu ý:[/] cấu hình ({where}) không tin cậy chứng thư gốc demo, nên chữ ký "
        "của các văn bản mẫu sẽ là INDETERMINATE (không xác định được nguồn tin cậy). Để "
        'thử, thêm "{root}" vào trust_roots.',
        "[yellow]Note:[/] the configuration ({where}) does not trust the demo root, so the "
        "sample signatures will show as INDETERMINATE (untrusted). To try them out, add "
        '"{root}" to trust_roots.',
    ),
    "signatures": ("Chữ ký số", "Digital signatures"),
    "valid": ("Chữ ký hợp lệ", "Valid signatures"),
    "timestamps": ("Dấu thời gian", "Timestamps"),
    "other": ("Khác", "Other"),
    "nd30": ("NĐ 30 đủ 2 chữ ký", "NĐ 30 both"),
    "trusted_already": ("Kho đã tin cậy gốc demo này.", "This home trusts this demo root."),
    "root_copied": (
        "Đã chép chứng thư gốc demo vào {copy} và ghi {config}: kho này tin cậy gốc demo "
        "(chỉ để thử, không dùng thật).",
        "Copied the demo root to {copy} and wrote {config}: this home trusts the demo root "
        "(for trying out only).",
    ),
}
"""Key → (Vietnamese, English)."""
