"""Words every area uses: yes/no, table headings that recur, units, the error label."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "error": ("Lỗi", "Error"),
    "years": ("{years} năm", "{years} years"),
    "bytes": ("{size} byte", "{size} bytes"),
    "file_code": ("Mã hồ sơ", "File code"),
    "title": ("Tiêu đề", "Title"),
    "kept": ("Thời hạn", "Retention"),
    "mode": ("Chế độ", "Access"),
    "held": ("Phong tỏa", "Held"),
    "status": ("Trạng thái", "Status"),
    "reason": ("Lý do", "Reason"),
    "dossier": ("Hồ sơ", "Dossier"),
    "file": ("Tệp", "File"),
    "kind": ("Loại", "Kind"),
    "verdict": ("Kết luận", "Verdict"),
    "horizon": ("Hạn bảo vệ", "Horizon"),
    "done": ("Kết quả", "Done"),
    "planned": ("dự kiến", "planned"),
    "name": ("Tên", "Name"),
    "role": ("Vai trò", "Role"),
    "password": ("Mật khẩu", "Password"),
    "wrote": ("Đã ghi {path}", "Wrote {path}"),
    "finding_code": ("Mã", "Code"),
    "severity": ("Mức", "Severity"),
    "path": ("Vị trí", "Path"),
    "message": ("Nội dung", "Message"),
    "findings": ("Ghi nhận", "Findings"),
}
"""Key → (Vietnamese, English)."""
