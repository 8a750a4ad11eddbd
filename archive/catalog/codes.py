"""Code lists of TT 05/2025/TT-BNV (docs/domain.md §4.7), with their labels.

Each list maps the code written in the packages to the label the law gives it, and
:data:`LABELS_EN` to the English shown on the language switch. The XSDs in ``schemas/tt05``
are generated from the Vietnamese tables (``python -m archive.catalog.xsdgen``), so the Python
checks and the schemas cannot drift apart.

Besides the TT05 lists, :data:`PRIORITY` labels the one coded field the TT05 tables type as a
plain number: the urgency (``priority``) documents bring from the document-management system
(edXML ``Priority``, QCVN 102:2016: 0 thường … 4 hỏa tốc hẹn giờ; docs/domain.md §7.2). It is
not a TT05 list, so no XSD checks it.
"""

from __future__ import annotations

from typing import Final

from archive.messages.catalogue import text

__all__ = [
    "CODE_LISTS",
    "CONFIDENCE_LEVEL",
    "FIELD_CODE_LISTS",
    "FORMAT",
    "LABELS_EN",
    "LANGUAGE",
    "MAINTENANCE",
    "MAINTENANCE_YEARS",
    "MODE",
    "PRIORITY",
    "PRIORITY_EN",
    "RISK_RECOVERY_STATUS",
    "TYPE_NAME",
    "effective_mode",
    "label",
    "maintenance_label",
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


LABELS_EN: Final[dict[str, dict[str, str]]] = {
    "maintenance": {
        "01": "Permanent",
        "02": "70 years",
        "03": "50 years",
        "04": "30 years",
        "05": "20 years",
        "06": "10 years",
        "07": "Other",
    },
    "mode": {"01": "Public", "02": "Conditional use", "03": "Secret"},
    "language": {
        "01": "Vietnamese",
        "02": "English",
        "03": "French",
        "04": "Russian",
        "05": "Chinese",
        "06": "Vietnamese–English",
        "07": "Vietnamese–Russian",
        "08": "Vietnamese–French",
        "09": "Hán Nôm",
        "10": "Vietnamese–Chinese",
        "11": "Other",
    },
    "typeName": {
        "01": "Resolution",
        "02": "Decision",
        "03": "Directive",
        "04": "Regulations",
        "05": "Rules",
        "06": "Communiqué",
        "07": "Notice",
        "08": "Guidance",
        "09": "Programme",
        "10": "Plan",
        "11": "Scheme",
        "12": "Proposal",
        "13": "Project",
        "14": "Report",
        "15": "Submission",
        "16": "Power of attorney",
        "17": "Dispatch slip",
        "18": "Transfer slip",
        "19": "Notification slip",
        "20": "Minutes",
        "21": "Contract",
        "22": "Official letter",
        "23": "Official telegram",
        "24": "Memorandum",
        "25": "Agreement",
        "26": "Invitation",
        "27": "Letter of introduction",
        "28": "Leave permit",
        "29": "Public letter",
        "30": "Map",
        "31": "Technical drawing",
        "32": "Other",
    },
    "confidenceLevel": {"01": "Born digital", "02": "Digitised", "03": "Hybrid"},
    "format": {"01": "Good", "02": "Fair", "03": "Damaged"},
    "riskRecoveryStatus": {"01": "Backup copy made", "02": "No backup copy yet"},
}
"""English labels of every TT05 code list (:data:`CODE_LISTS`)."""

PRIORITY: Final = {
    "0": "Thường",
    "1": "Khẩn",
    "2": "Thượng khẩn",
    "3": "Hỏa tốc",
    "4": "Hỏa tốc hẹn giờ",
}
"""Urgency of a document (edXML ``Priority``)."""

FIELD_CODE_LISTS: Final[dict[str, str]] = {"priority": "priority"}
"""Fields the TT05 tables type as numbers whose values are codes, and the list of each."""

PRIORITY_EN: Final = {
    "0": "Normal",
    "1": "Urgent",
    "2": "Very urgent",
    "3": "Immediate",
    "4": "Immediate, at the set time",
}


def label(list_name: str, code: str | None, lang: str = "vi") -> str:
    """The label of ``code`` in ``list_name`` (a TT05 list, or ``priority``) in ``lang``
    (Vietnamese unless ``en``); the code itself if the list does not know it."""
    if code is None:
        return ""
    if list_name == "priority":
        table = PRIORITY_EN if lang == "en" else PRIORITY
    elif lang == "en":
        table = LABELS_EN.get(list_name, {})
    else:
        table = CODE_LISTS.get(list_name, {})
    return table.get(code, code)


def maintenance_label(code: str | None, years: int | None, lang: str = "vi") -> str:
    """A retention as people read it: the label of ``code``, but the years themselves for
    07 (Khác), whose count the dossier carries (``maintenanceYears``): ``5 năm``, not ``Khác``."""
    if code == "07" and years:
        return text("common.years", lang, years=years)
    return label("maintenance", code, lang)


def effective_mode(*modes: str | None) -> str:
    """The strictest of several access modes (a document's and its dossier's): 03 > 02 > 01.

    An unknown or missing mode counts as 03, so a bad value hides rather than shows."""
    worst = "01"
    for mode in modes:
        value = mode if mode in ("01", "02", "03") else "03"
        worst = max(worst, value)
    return worst
