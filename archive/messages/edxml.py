"""``archive edxml`` and ``archive tray``: documents from the Trục liên thông (docs/edxml.md)."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "summary": ("Kết quả nhận gói edXML", "edXML envelopes received"),
    "count": (
        "Đã nhận {accepted}/{total} gói vào khay chờ lập hồ sơ.",
        "{accepted}/{total} envelopes taken into the filing tray.",
    ),
    "quarantined": (
        "Gói bị từ chối được giữ trong khu cách ly: {folder}",
        "The refused envelope is kept in the quarantine: {folder}",
    ),
    "tray_title": ("Văn bản chờ lập hồ sơ", "Filing tray"),
    "tray_count": ("{count} văn bản.", "{count} documents."),
    "attachments": ("Tệp đính kèm", "Attachments"),
    "trace": ("Quá trình xử lý (TraceHeaderList)", "Processing history (TraceHeaderList)"),
    "col.file": ("Tệp", "File"),
    "col.status": ("Kết quả", "Result"),
    "col.code": ("Mã trong khay", "Tray code"),
    "col.errors": ("Lỗi", "Errors"),
    "col.number": ("Số, ký hiệu", "Number"),
    "col.date": ("Ngày văn bản", "Date"),
    "col.type": ("Tên loại", "Type"),
    "col.sender": ("Cơ quan gửi", "Sender"),
    "col.subject": ("Trích yếu", "Subject"),
    "col.state": ("Trạng thái", "State"),
    "col.received": ("Thời điểm", "Time"),
    "col.signed": ("Chữ ký số của gói", "Envelope signature"),
    "col.business": ("Nghiệp vụ", "Business type"),
    "col.size": ("Dung lượng (byte)", "Size (bytes)"),
    "col.signatures": ("Chữ ký số PDF", "PDF signatures"),
    "col.filed": ("Đã lập hồ sơ", "Filed into"),
    "col.recall": ("Thu hồi", "Recall"),
    "col.related": ("Văn bản liên quan", "Related documents"),
    "assemble_filed": (
        "Đã lập hồ sơ {arc_file_code} từ {count} văn bản; đã gửi trạng thái 03 (đã tiếp nhận).",
        "Filed {count} documents into dossier {arc_file_code}; status 03 (accepted) sent.",
    ),
    "assemble_refused": (
        "Hồ sơ không qua được khâu kiểm tra; {count} văn bản vẫn chờ lập hồ sơ.",
        "The dossier did not pass the ingest gate; the {count} documents still wait in the tray.",
    ),
    "assemble_pending": (
        "Hồ sơ chờ thẩm tra ({pending_code}); {count} văn bản vẫn chờ lập hồ sơ.",
        "The dossier awaits review ({pending_code}); the {count} documents still wait.",
    ),
    "recall_accepted": (
        "Đồng ý thu hồi {code}: văn bản được đánh dấu đã thu hồi, hồ sơ vẫn bị phong tỏa; đã "
        "gửi trạng thái 15.",
        "Recall of {code} accepted: the document is marked withdrawn, its dossier stays held; "
        "status 15 sent.",
    ),
    "recall_refused": (
        "Từ chối thu hồi {code}: đã gỡ phong tỏa; đã gửi trạng thái 16.",
        "Recall of {code} refused: the hold is released; status 16 sent.",
    ),
    "recall_pending": (
        "Văn bản đã lưu trong hồ sơ {dossier} bị yêu cầu thu hồi: hồ sơ đã bị phong tỏa, chờ "
        "người làm lưu trữ quyết định (archive tray recall-decide {code}).",
        "A recall names a document filed in dossier {dossier}: the dossier is held until the "
        "archivist decides (archive tray recall-decide {code}).",
    ),
}
