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
    "info.secrets": ("Hồ sơ Mật (secret_records)", "Secret records (secret_records)"),
    "info.profile": ("Cấu hình", "Profile"),
    "info.held": ("Tài liệu Mật đang giữ", "Secret documents held"),
    "secrets_on_network": (
        'Kho nối mạng (secret_records = "refuse") đang giữ {held} tài liệu Mật (03): bí mật '
        "nhà nước không được lưu trên hệ thống nối mạng; chuyển chúng sang kho cô lập hoặc giải "
        "mật (docs/secrets.md)",
        'A networked archive (secret_records = "refuse") holds {held} secret documents '
        "(mode 03): state secrets are not kept on a networked system; move them to an isolated "
        "archive or declassify them (docs/secrets.md)",
    ),
    "info.dossiers": ("Hồ sơ", "Dossiers"),
    "info.documents": ("Văn bản", "Documents"),
    "info.files": ("Tệp", "Files"),
    "info.bytes": ("Dung lượng (byte)", "Bytes"),
    "info.events": ("Sự kiện trong nhật ký", "Audit events"),
}
"""Key → (Vietnamese, English)."""
