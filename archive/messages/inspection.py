"""``archive inspection`` and the page ``/inspections``: periodic inspection (kiểm tra định kỳ,
docs/operations.md "Inspection")."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "menu": ("Kiểm tra định kỳ", "Inspections"),
    "title": ("Kiểm tra định kỳ", "Periodic inspection"),
    "plan_title": ("Kế hoạch kiểm tra năm {year}", "Inspection plan for {year}"),
    "plan_made": (
        "Kế hoạch kiểm tra năm {year}: {planned}/{holding} hồ sơ, {fonds} phông.",
        "Inspection plan for {year}: {planned} of {holding} dossiers, {fonds} fonds.",
    ),
    "plan_progress": (
        "Đã kiểm tra {inspected}/{planned} hồ sơ; {failed} có lỗi.",
        "{inspected} of {planned} dossiers inspected; {failed} with failures.",
    ),
    "no_plan": (
        "Chưa có kế hoạch kiểm tra: chạy 'archive inspection plan'.",
        "No inspection plan yet: run 'archive inspection plan'.",
    ),
    "run_done": (
        "Đã kiểm tra {inspected} hồ sơ, {failures} lỗi; còn {remaining} hồ sơ của kế hoạch.",
        "{inspected} dossiers inspected, {failures} failures; {remaining} left in the plan.",
    ),
    "runs_title": ("Các lần kiểm tra", "Runs"),
    "failures_title": ("Lỗi phát hiện khi kiểm tra", "Failures found"),
    "no_failures": ("Không có lỗi chưa khắc phục.", "No failure left to remedy."),
    "remedied": (
        "Đã khắc phục lỗi {closed} ({by}): {done}",
        "Failure(s) {closed} remedied ({by}): {done}",
    ),
    "coverage": (
        "{overdue}/{objects} hồ sơ chưa kiểm tra trong 3 năm; {soon} đến hạn trong 90 ngày.",
        "{overdue} of {objects} dossiers not inspected within 3 years; {soon} due within 90 days.",
    ),
    "col.code": ("Mã hồ sơ", "Dossier"),
    "col.fonds": ("Phông", "Fonds"),
    "col.last_seen": ("Lần kiểm tra trước (hoặc tiếp nhận)", "Last inspected (or ingested)"),
    "col.inspected": ("Kiểm tra lúc", "Inspected"),
    "col.outcome": ("Kết quả", "Outcome"),
    "col.id": ("Số", "No."),
    "col.kind": ("Loại lỗi", "Kind"),
    "col.address": ("Địa chỉ lưu (kho:đối tượng:phiên bản:đường dẫn)", "Storage address"),
    "col.detail": ("Chi tiết", "Detail"),
    "col.state": ("Trạng thái", "State"),
    "col.run": ("Lần", "Run"),
    "col.started": ("Bắt đầu", "Started"),
    "col.finished": ("Kết thúc", "Finished"),
    "col.count": ("Số hồ sơ", "Dossiers"),
    "col.failures": ("Số lỗi", "Failures"),
    "outcome.ok": ("Đạt", "Passed"),
    "outcome.failure": ("Có lỗi", "Failed"),
    "outcome.none": ("Chưa kiểm tra", "Not yet"),
    "state.open": ("Chưa khắc phục", "Open"),
    "state.remedied": ("Đã khắc phục", "Remedied"),
}
