"""The archive home: ``archive init``, ``archive info``, ``archive db``."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "created": ("Đã tạo kho lưu trữ tại {home}", "Archive ready at {home}"),
    "db_revision": ("Danh mục ở phiên bản lược đồ {revision}", "Catalog at revision {revision}"),
    "db_current": (
        "Danh mục ở phiên bản lược đồ {revision}, khớp với mô hình",
        "Catalog at revision {revision}, no drift",
    ),
    "db_drift": (
        "Danh mục ở phiên bản lược đồ {current}, cần {head}; sai khác: {drift}",
        "Catalog at revision {current}, expected {head}; drift: {drift}",
    ),
    # archive info: what each key of Archive.info() (and SearchService.status()) is.
    "info.version": ("Phiên bản", "Version"),
    "info.home": ("Thư mục dữ liệu", "Home"),
    "info.environment": ("Môi trường", "Environment"),
    "info.catalog": ("Danh mục", "Catalog"),
    "info.backend": ("Loại", "Backend"),
    "info.url": ("Địa chỉ", "URL"),
    "info.revision": ("Phiên bản lược đồ", "Schema revision"),
    "info.storage": ("Kho lưu trữ", "Storage"),
    "info.root": ("Vị trí", "Location"),
    "info.layout": ("Cấu trúc", "Layout"),
    "info.objects": ("Số đối tượng", "Objects"),
    "info.replica": ("Kho bản sao", "Replica"),
    "info.replication": ("Cách sao chép", "Replication"),
    "info.search": ("Chỉ mục tìm kiếm", "Search index"),
    "info.directory": ("Thư mục", "Directory"),
    "info.generation": ("Thế hệ chỉ mục", "Generation"),
    "info.search.documents": ("Văn bản trong chỉ mục", "Documents indexed"),
    "info.restricted_indexed": (
        "Lập chỉ mục cả tài liệu mật",
        "Secret documents indexed",
    ),
    "info.catalog_documents": ("Văn bản trong danh mục", "Documents in the catalog"),
    "info.signatures": ("Chữ ký số", "Signatures"),
    "info.validation": ("Bộ xác thực", "Validator"),
    "info.counts": ("Số lượng", "Counts"),
    "info.dossiers": ("Hồ sơ", "Dossiers"),
    "info.documents": ("Văn bản", "Documents"),
    "info.files": ("Tệp", "Files"),
    "info.bytes": ("Dung lượng (byte)", "Bytes"),
    "info.events": ("Sự kiện trong nhật ký", "Audit events"),
}
"""Key → (Vietnamese, English)."""
