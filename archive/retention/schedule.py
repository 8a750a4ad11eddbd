"""The retention schedule (bảng thời hạn lưu trữ): groups of records → how long they are kept.

The seed comes from docs/domain.md §6.2, i.e. TT 09/2011/TT-BNV as encoded in a data file; every
seeded row is marked unverified and carries the source "to be verified against the current
circular" (TT 10/2022 Phụ lục I) until an archivist confirms it by importing a checked CSV.
CSV import is all or nothing: every row is checked first and any error refuses the whole file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.errors import InvalidInput
from archive.exports import csv_bytes, restore
from archive.retention.dates import retention_of
from archive.retention.models import RetentionRule

__all__ = [
    "CSV_COLUMNS",
    "SEED",
    "SEED_SOURCE",
    "ScheduleRow",
    "export_csv",
    "import_csv",
    "parse_csv",
    "rows",
    "seed",
]

SEED_SOURCE: Final = (
    "TT 09/2011/TT-BNV (docs/domain.md §6.2) — cần đối chiếu với thông tư hiện hành / "
    "to be verified against the current circular (TT 10/2022 Phụ lục I)"
)
CSV_COLUMNS: Final = (
    "code",
    "group",
    "title",
    "maintenance",
    "years",
    "source",
    "verified",
    "note",
)


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule entry as exchanged in CSV."""

    code: str
    group: str
    title: str
    maintenance: str
    years: int | None
    source: str = SEED_SOURCE
    verified: bool = False
    note: str = ""


def _rows(data: Sequence[tuple[str, str, str, str, int | None]]) -> tuple[ScheduleRow, ...]:
    return tuple(ScheduleRow(c, g, t, m, y) for c, g, t, m, y in data)


_G1, _G2, _G3 = "1 Tổng hợp", "2 Quy hoạch, kế hoạch, thống kê", "3 Tổ chức, cán bộ"
_G5, _G12 = "5 Tài chính, kế toán", "12 Hành chính, văn thư, lưu trữ"
SEED: Final = _rows(
    [
        (
            "1",
            _G1,
            "Hồ sơ xây dựng, ban hành chế độ/quy định/hướng dẫn những vấn đề chung "
            "của ngành, cơ quan",
            "01",
            None,
        ),
        ("2", _G1, "Hồ sơ hội nghị tổng kết năm của ngành, cơ quan", "01", None),
        ("3", _G1, "Hồ sơ hội nghị sơ kết tháng, quý, 6 tháng", "07", 5),
        ("4", _G1, "Kế hoạch, báo cáo công tác năm của cơ quan và đơn vị trực thuộc", "01", None),
        (
            "5",
            _G1,
            "Kế hoạch, báo cáo công tác năm của cơ quan cấp trên / của đơn vị chức năng",
            "06",
            10,
        ),
        (
            "6",
            _G1,
            "Kế hoạch, báo cáo quý, 6 tháng, 9 tháng của cơ quan và đơn vị trực thuộc",
            "05",
            20,
        ),
        ("7", _G1, "Kế hoạch, báo cáo tháng, tuần của cơ quan và đơn vị trực thuộc", "06", 10),
        ("8", _G1, "Kế hoạch, báo cáo công tác đột xuất", "06", 10),
        ("9", _G1, "Tập thông báo ý kiến, kết luận cuộc họp", "06", 10),
        ("10", _G1, "Tập công văn trao đổi về những vấn đề chung", "06", 10),
        ("11", _G1, "Tập văn bản gửi để biết (đổi tên, trụ sở, dấu, thông báo chữ ký…)", "07", 5),
        ("12", _G2, "Hồ sơ xây dựng quy hoạch phát triển ngành, cơ quan", "01", None),
        ("13a", _G2, "Báo cáo thống kê tổng hợp, chuyên đề dài hạn, hàng năm", "01", None),
        ("13b", _G2, "Báo cáo thống kê tổng hợp, chuyên đề quý, 6, 9 tháng", "05", 20),
        (
            "14",
            _G3,
            "Hồ sơ thành lập, đổi tên, thay đổi chức năng nhiệm vụ; hợp nhất, sáp nhập, "
            "chia tách, giải thể",
            "01",
            None,
        ),
        ("15", _G3, "Hồ sơ bổ nhiệm, đề bạt, điều động, luân chuyển cán bộ", "02", 70),
        ("16", _G3, "Hồ sơ kỷ luật cán bộ", "02", 70),
        ("17", _G3, "Hồ sơ gốc cán bộ, công chức, viên chức", "01", None),
        ("18", _G3, "Hồ sơ quy hoạch cán bộ", "05", 20),
        ("19a", _G3, "Hồ sơ thi tuyển, nâng ngạch: kết quả, danh sách trúng tuyển", "05", 20),
        ("19b", _G3, "Hồ sơ thi tuyển, nâng ngạch: bài thi, tài liệu tổ chức thi", "07", 5),
        ("20", _G3, "Hồ sơ giải quyết chế độ (hưu trí, tử tuất, TNLĐ, BHXH…)", "02", 70),
        (
            "21",
            "4 Lao động, tiền lương",
            "Hồ sơ nâng lương của cán bộ, công chức, viên chức",
            "05",
            20,
        ),
        ("22a", _G5, "Kế hoạch, báo cáo tài chính và quyết toán năm", "01", None),
        ("22b", _G5, "Kế hoạch, báo cáo tài chính và quyết toán tháng, quý, 6, 9 tháng", "05", 20),
        ("23a", _G5, "Sổ kế toán tổng hợp", "05", 20),
        ("23b", _G5, "Sổ kế toán chi tiết", "06", 10),
        ("24", _G5, "Chứng từ kế toán dùng trực tiếp để ghi sổ và lập báo cáo tài chính", "06", 10),
        ("25", _G5, "Chứng từ kế toán không dùng trực tiếp để ghi sổ", "07", 5),
        ("26a", _G5, "Hồ sơ thanh lý tài sản cố định: nhà đất", "01", None),
        ("26b", _G5, "Hồ sơ thanh lý tài sản cố định: tài sản khác", "05", 20),
        (
            "27",
            "6 Xây dựng cơ bản",
            "Hồ sơ công trình nhóm A, giải pháp mới, điều kiện đặc biệt, di tích",
            "01",
            None,
        ),
        ("28", "6 Xây dựng cơ bản", "Hồ sơ sửa chữa nhỏ các công trình", "07", 15),
        ("29a", "7 Khoa học, công nghệ", "Đề tài nghiên cứu cấp nhà nước, bộ", "01", None),
        ("29b", "7 Khoa học, công nghệ", "Đề tài nghiên cứu cấp cơ sở", "06", 10),
        (
            "30",
            "7 Khoa học, công nghệ",
            "Hồ sơ xây dựng và quản lý các cơ sở dữ liệu của ngành, cơ quan",
            "01",
            None,
        ),
        ("31a", "8 Hợp tác quốc tế", "Hồ sơ đoàn ra/đoàn vào: ký kết hợp tác", "01", None),
        ("31b", "8 Hợp tác quốc tế", "Hồ sơ đoàn ra/đoàn vào: hội thảo, khảo sát", "05", 20),
        (
            "32a",
            "9 Thanh tra, khiếu nại, tố cáo",
            "Hồ sơ thanh tra; giải quyết khiếu nại, tố cáo: vụ việc nghiêm trọng",
            "01",
            None,
        ),
        (
            "32b",
            "9 Thanh tra, khiếu nại, tố cáo",
            "Hồ sơ thanh tra; giải quyết khiếu nại, tố cáo: vụ việc khác",
            "07",
            15,
        ),
        ("33a", "10 Thi đua, khen thưởng", "Khen thưởng của Chủ tịch nước, Thủ tướng", "01", None),
        (
            "33b",
            "10 Thi đua, khen thưởng",
            "Khen thưởng của Bộ trưởng, Chủ tịch UBND tỉnh",
            "05",
            20,
        ),
        ("33c", "10 Thi đua, khen thưởng", "Khen thưởng của người đứng đầu cơ quan", "06", 10),
        ("34a", "11 Pháp chế", "Hồ sơ thẩm định văn bản QPPL", "01", None),
        ("34b", "11 Pháp chế", "Hồ sơ góp ý dự thảo do cơ quan khác chủ trì", "07", 5),
        (
            "35a",
            _G12,
            "Tập lưu, sổ đăng ký văn bản đi: VB QPPL; chỉ thị, quyết định, quy định, "
            "quy chế, hướng dẫn",
            "01",
            None,
        ),
        ("35b", _G12, "Tập lưu, sổ đăng ký văn bản đi: văn bản khác", "03", 50),
        ("36", _G12, "Sổ đăng ký văn bản đến", "05", 20),
        ("37", _G12, "Hồ sơ về quản lý và sử dụng con dấu", "05", 20),
        (
            "38",
            _G12,
            "Báo cáo thống kê văn thư, lưu trữ và tài liệu lưu trữ; hồ sơ hoạt động "
            "nghiệp vụ lưu trữ",
            "05",
            20,
        ),
        ("39", _G12, "Công văn trao đổi về hành chính, văn thư, lưu trữ", "06", 10),
        (
            "40a",
            "13 Chuyên môn nghiệp vụ",
            "Hồ sơ giải quyết vụ việc trong quản lý chuyên môn: quan trọng",
            "01",
            None,
        ),
        (
            "40b",
            "13 Chuyên môn nghiệp vụ",
            "Hồ sơ giải quyết vụ việc trong quản lý chuyên môn: khác",
            "05",
            20,
        ),
    ]
)


def _to_row(model: RetentionRule) -> ScheduleRow:
    return ScheduleRow(
        model.code,
        model.group_name,
        model.title,
        model.maintenance,
        model.maintenance_years,
        model.source,
        model.verified,
        model.note or "",
    )


def _log(
    session: Session,
    agent: AgentRef,
    detail: str,
    outcome_detail: str,
    stored: list[RetentionRule],
) -> None:
    append_events(
        session,
        [
            NewEvent(
                "retention schedule change",
                detail,
                outcome_detail=with_state(outcome_detail, *stored),
                agents=[agent],
                objects=[("retention-schedule", "outcome")],
            )
        ],
    )


def seed(session: Session, agent: AgentRef) -> int:
    """Insert the seed rows that are not in the schedule yet; returns how many were added."""
    have = set(session.scalars(select(RetentionRule.code)))
    added = 0
    stored: list[RetentionRule] = []
    for row in SEED:
        if row.code not in have:
            stored.append(_store(session, row))
            added += 1
    session.flush()
    _log(
        session,
        agent,
        f"Nạp bảng thời hạn mẫu: {added} dòng / seed schedule loaded: {added} row(s)",
        SEED_SOURCE,
        stored,
    )
    return added


def _store(session: Session, row: ScheduleRow) -> RetentionRule:
    model = session.scalar(select(RetentionRule).where(RetentionRule.code == row.code))
    if model is None:
        model = RetentionRule(code=row.code)
        session.add(model)
    model.group_name = row.group
    model.title = row.title
    model.maintenance = row.maintenance
    model.maintenance_years = row.years
    model.source = row.source
    model.verified = row.verified
    model.note = row.note or None
    return model


def rows(session: Session) -> list[ScheduleRow]:
    """The schedule, in code order (numeric part first)."""
    models = session.scalars(select(RetentionRule)).all()
    return sorted((_to_row(m) for m in models), key=lambda r: _sort_key(r.code))


def _sort_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


def export_csv(session: Session) -> bytes:
    """The schedule as UTF-8 CSV with the header ``CSV_COLUMNS`` (cells neutralised against
    formula injection; ``parse_csv`` restores them)."""
    lines: list[list[object]] = [list(CSV_COLUMNS)]
    for r in rows(session):
        lines.append(
            [
                r.code,
                r.group,
                r.title,
                r.maintenance,
                "" if r.years is None else r.years,
                r.source,
                "1" if r.verified else "0",
                r.note,
            ]
        )
    return csv_bytes(lines, line_end="\n")


def parse_csv(data: bytes, name: str = "CSV") -> list[ScheduleRow]:
    """Parse and check a schedule CSV; raises InvalidInput naming every bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: không phải UTF-8 (byte {exc.start}) / not UTF-8 (byte {exc.start}); "
            "save the file as UTF-8"
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            f"{name}: thiếu cột {', '.join(missing)} / missing columns {', '.join(missing)}; "
            f"the header must be: {','.join(CSV_COLUMNS)}"
        )
    problems: list[str] = []
    parsed: list[ScheduleRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        # restore(): a cell this archive exported may carry the anti-formula quote.
        row = {k: restore(v or "").strip() for k, v in raw.items() if k is not None}
        code = row["code"]
        where = f"{name} dòng/line {line}"
        if not code or not row["title"] or not row["group"]:
            problems.append(f"{where}: code, group, title are required")
            continue
        if code in seen:
            problems.append(f"{where}: code {code!r} appears twice")
            continue
        seen.add(code)
        years_text = row["years"]
        if years_text and not years_text.isdigit():
            problems.append(f"{where}: years {years_text!r} is not a whole number")
            continue
        try:
            retention = retention_of(row["maintenance"], int(years_text) if years_text else None)
        except InvalidInput as exc:
            problems.append(f"{where}: {exc}")
            continue
        if row["verified"] not in ("", "0", "1"):
            problems.append(f"{where}: verified must be 0 or 1, not {row['verified']!r}")
            continue
        parsed.append(
            ScheduleRow(
                code,
                row["group"],
                row["title"],
                retention.code,
                retention.years,
                row["source"] or SEED_SOURCE,
                row["verified"] == "1",
                row["note"],
            )
        )
    if problems:
        raise InvalidInput(
            f"{name}: {len(problems)} lỗi, không nhập dòng nào / {len(problems)} error(s), "
            "nothing imported:\n  " + "\n  ".join(problems)
        )
    return parsed


def import_csv(session: Session, path: Path, agent: AgentRef) -> int:
    """Insert or update every row of a checked CSV (all or nothing); returns the row count."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"không đọc được {path} / cannot read {path}: {exc}") from exc
    parsed = parse_csv(data, path.name)
    stored = [_store(session, row) for row in parsed]
    session.flush()
    _log(
        session,
        agent,
        f"Nhập bảng thời hạn từ {path.name}: {len(parsed)} dòng / schedule imported from "
        f"{path.name}: {len(parsed)} row(s)",
        f"sha256:{hashlib.sha256(data).hexdigest()}",
        stored,
    )
    return len(parsed)
