"""Code lists of TT 05/2025/TT-BNV (docs/domain.md §4.7), with Vietnamese labels.

Each list maps the code written in the packages to the label the law gives it. The
XSDs in ``schemas/tt05`` are generated from these tables (``python -m archive.catalog.xsdgen``),
so the Python checks and the schemas cannot drift apart.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CODE_LISTS",
    "CONFIDENCE_LEVEL",
    "FORMAT",
    "LANGUAGE",
    "MAINTENANCE",
    "MAINTENANCE_YEARS",
    "MODE",
    "RISK_RECOVERY_STATUS",
    "TYPE_NAME",
    "effective_mode",
    "label",
]

MAINTENANCE: Final = {
    "01": "Vĩnh viễn",
    "02": "70 năm",
    "03": "50 năm",
    "04": "30 năm",
    "05": "20 năm",
    "06": "10 năm",
    "07": "Khác",
}

# Years kept for each fixed code; 01 is permanent (None) and 07 carries its own count.
MAINTENANCE_YEARS: Final[dict[str, int | None]] = {
    "01": None,
    "02": 70,
    "03": 50,
    "04": 30,
    "05": 20,
    "06": 10,
}

MODE: Final = {
    "01": "Công khai",
    "02": "Sử dụng có điều kiện",
    "03": "Mật",
}

LANGUAGE: Final = {
    "01": "Tiếng Việt",
    "02": "Tiếng Anh",
    "03": "Tiếng Pháp",
    "04": "Tiếng Nga",
    "05": "Tiếng Trung",
    "06": "Việt-Anh",
    "07": "Việt-Nga",
    "08": "Việt-Pháp",
    "09": "Hán Nôm",
    "10": "Việt-Trung",
    "11": "Khác",
}

TYPE_NAME: Final = {
    "01": "Nghị quyết",
    "02": "Quyết định",
    "03": "Chỉ thị",
    "04": "Quy chế",
    "05": "Quy định",
    "06": "Thông cáo",
    "07": "Thông báo",
    "08": "Hướng dẫn",
    "09": "Chương trình",
    "10": "Kế hoạch",
    "11": "Phương án",
    "12": "Đề án",
    "13": "Dự án",
    "14": "Báo cáo",
    "15": "Tờ trình",
    "16": "Giấy ủy quyền",
    "17": "Phiếu gửi",
    "18": "Phiếu chuyển",
    "19": "Phiếu báo",
    "20": "Biên bản",
    "21": "Hợp đồng",
    "22": "Công văn",
    "23": "Công điện",
    "24": "Bản ghi nhớ",
    "25": "Bản thỏa thuận",
    "26": "Giấy mời",
    "27": "Giấy giới thiệu",
    "28": "Giấy nghỉ phép",
    "29": "Thư công",
    "30": "Bản đồ",
    "31": "Bản vẽ kỹ thuật",
    "32": "Khác",
}

CONFIDENCE_LEVEL: Final = {
    "01": "Gốc điện tử",
    "02": "Số hóa",
    "03": "Hỗn hợp",
}

FORMAT: Final = {
    "01": "Tốt",
    "02": "Bình thường",
    "03": "Hỏng",
}

RISK_RECOVERY_STATUS: Final = {
    "01": "Đã dự phòng",
    "02": "Chưa dự phòng",
}

CODE_LISTS: Final[dict[str, dict[str, str]]] = {
    "maintenance": MAINTENANCE,
    "mode": MODE,
    "language": LANGUAGE,
    "typeName": TYPE_NAME,
    "confidenceLevel": CONFIDENCE_LEVEL,
    "format": FORMAT,
    "riskRecoveryStatus": RISK_RECOVERY_STATUS,
}


def label(list_name: str, code: str | None) -> str:
    """The Vietnamese label of ``code`` in ``list_name``, or the code itself if unknown."""
    if code is None:
        return ""
    return CODE_LISTS.get(list_name, {}).get(code, code)


def effective_mode(*modes: str | None) -> str:
    """The strictest of several access modes (a document's and its dossier's): 03 > 02 > 01.

    An unknown or missing mode counts as 03, so a bad value hides rather than shows."""
    worst = "01"
    for mode in modes:
        value = mode if mode in ("01", "02", "03") else "03"
        worst = max(worst, value)
    return worst
