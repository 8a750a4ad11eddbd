"""Sample dossiers for ``archive demo``: four SIP_hoso of a provincial People's Committee.

The dossiers are data (``DEMO_DOSSIERS``): who issued what, when, under which number, with which
retention (``maintenance``) and access mode. ``demo_sip_inputs`` turns them into
:class:`~archive.packages.sipwrite.SipInput` objects, rendering each văn bản as a PDF signed
twice (the signer named in the metadata, then the issuing agency, NĐ 30/2020 Điều 5), so the
text of every PDF agrees with its TT 05/2025 metadata. ``write_demo_sips`` writes the packages
with fixed OBJIDs and a fixed creation time, zipped as ``<ordinal>-<OBJID>.zip``
(docs/domain.md §4.3).

The signatures are long-term (PAdES B-LTA, see ``archive.demo.pdf``): they validate offline as
TOTAL_PASSED for an archive that trusts the demo root. Rendering is deterministic, but
signature values, timestamps and CRLs change with every signing, so two calls of
``write_demo_sips`` give packages with the same fileCodes and different bytes, which an archive
refuses as a conflict (ID005). ``cached_demo_sips`` therefore writes the packages once into a
cache directory and hands back the same files afterwards, so ingesting them again is a mere
duplicate.

The agencies, people, companies and places are fictitious; the certificates come from the
demo PKI.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import Final

from pyhanko.pdf_utils.reader import PdfFileReader

from archive.catalog.codes import TYPE_NAME
from archive.demo.pdf import DemoDocument, make_signed_pdf
from archive.demo.pki import DemoPki
from archive.exports import csv_bytes
from archive.packages.sipwrite import SipDocument, SipInput, write_sip, zip_tree

__all__ = [
    "DEMO_CREATED",
    "DEMO_DOSSIERS",
    "DEMO_OBJIDS",
    "Agency",
    "Attachment",
    "Person",
    "SampleDossier",
    "SignedDocument",
    "cached_demo_sips",
    "demo_sip_inputs",
    "write_demo_sips",
]


@dataclass(frozen=True)
class Agency:
    """An issuing or record-keeping agency (cơ quan, tổ chức)."""

    organ_id: str
    """Mã định danh cơ quan, 13 characters ``DDD.DD.DD.XNN``."""
    name: str
    """Full name, as written in ``organName`` and on its organisation certificate."""
    header: str
    """The upper-case organ lines printed top left of its documents."""
    fonds_code: str
    """Mã phông of the agency's archive fonds."""
    place: str
    """Place name of the date line ("Hòa Bình, ngày …")."""


@dataclass(frozen=True)
class Person:
    """A competent person who signs documents (personal signature)."""

    name: str
    """Full name (``signerFullName``)."""
    position: str
    """Chức vụ (``signerPosition``), e.g. "Phó Chủ tịch"."""
    organisation: str
    """The agency the person works for (certificate O)."""


@dataclass(frozen=True)
class SignedDocument:
    """A văn bản hành chính, delivered as a PDF with personal and organisation signatures."""

    type_code: str
    """``typeName`` code (codes.TYPE_NAME); its label, upper-cased, is printed as the title."""
    issuer: Agency
    number: str
    """Số (``codeNumber``), zero-padded below 10 as NĐ 30/2020 prints it."""
    notation: str
    """Ký hiệu (``codeNotation``), e.g. "QĐ-UBND"."""
    issued: date
    subject: str
    """Trích yếu (``subject``)."""
    signer: Person
    body: tuple[str, ...]
    recipients: tuple[str, ...]
    authority: str | None = None
    """Lines above the position in the signer block (TM., KT., TL.)."""
    keyword: str = ""


@dataclass(frozen=True)
class Attachment:
    """A non-PDF attachment: a table delivered as CSV (``typeName`` 32 Khác), one page."""

    issuer: Agency
    issued: date
    subject: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    type_code: str = "32"
    keyword: str = ""
    description: str = ""


SampleItem = SignedDocument | Attachment


@dataclass(frozen=True)
class SampleDossier:
    """A hồ sơ of the demo: its place in the file plan, retention, access and documents."""

    keeper: Agency
    """The agency whose file plan holds the dossier (organ part of the mã hồ sơ, creator)."""
    year: int
    """Năm hình thành hồ sơ."""
    notation: str
    """Số và ký hiệu hồ sơ (≤ 20 characters), e.g. "12.TNMT"."""
    title: str
    maintenance: str
    """Retention code 01–07 (codes.MAINTENANCE)."""
    mode: str
    """Access mode 01–03 (codes.MODE)."""
    creator: str
    """Người lập hồ sơ (≤ 30 characters)."""
    keyword: str
    description: str
    documents: tuple[SampleItem, ...]
    maintenance_years: int | None = None
    """Years kept, for retention code 07 only."""
    risk_recovery: bool = False
    """Whether a backup copy is kept (riskRecovery 1, status 01 đã dự phòng)."""

    @property
    def file_code(self) -> str:
        """Mã hồ sơ: organ id + year + số và ký hiệu hồ sơ."""
        return f"{self.keeper.organ_id}.{self.year}.{self.notation}"

    def doc_code(self, ordinal: int) -> str:
        """docCode of the document at ``ordinal`` (from 1): fileCode + 7-digit ordinal."""
        return f"{self.file_code}.{ordinal:07d}"


# ---------------------------------------------------------------------------------------------
# Agencies and people (fictitious).

UBND_TINH: Final = Agency(
    organ_id="000.00.00.H49",
    name="Ủy ban nhân dân tỉnh Hòa Bình",
    header="ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH",
    fonds_code="H49.01",
    place="Hòa Bình",
)
SO_TNMT: Final = Agency(
    organ_id="000.00.11.H49",
    name="Sở Tài nguyên và Môi trường tỉnh Hòa Bình",
    header="UBND TỈNH HÒA BÌNH\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    fonds_code="H49.11",
    place="Hòa Bình",
)
_VAN_PHONG = "Văn phòng Ủy ban nhân dân tỉnh Hòa Bình"

CHU_TICH: Final = Person("Nguyễn Văn An", "Chủ tịch", UBND_TINH.name)
PHO_CHU_TICH: Final = Person("Trần Thị Bình", "Phó Chủ tịch", UBND_TINH.name)
CHANH_VAN_PHONG: Final = Person("Phạm Thị Dung", "Chánh Văn phòng", _VAN_PHONG)
GIAM_DOC_TNMT: Final = Person("Lê Văn Cường", "Giám đốc", SO_TNMT.name)
PHO_GIAM_DOC_TNMT: Final = Person("Đỗ Thị Hạnh", "Phó Giám đốc", SO_TNMT.name)

_COMPANY = "Công ty cổ phần Đầu tư và Phát triển Đô thị Hòa An"
_PROJECT = "dự án Khu dân cư Nam Hòa"
_LAND = "52.340,5 m² đất tại phường Nam Hòa, thành phố Hòa Bình"
_BASIS_LOCAL_GOV = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 "
    "tháng 11 năm 2019;"
)
_BASIS_LAND = (
    "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013; Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 "
    "năm 2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai;"
)

# ---------------------------------------------------------------------------------------------
# Dossier 1: land allocation, permanent, public.

_LAND_DOCS: Final[tuple[SampleItem, ...]] = (
    SignedDocument(
        type_code="15",
        issuer=SO_TNMT,
        number="02",
        notation="TTr-STNMT",
        issued=date(2023, 1, 5),
        subject=f"Về việc đề nghị giao đất cho {_COMPANY} để thực hiện {_PROJECT}",
        signer=GIAM_DOC_TNMT,
        body=(
            "Kính gửi: Ủy ban nhân dân tỉnh Hòa Bình.",
            _BASIS_LAND,
            f"Căn cứ hồ sơ đề nghị giao đất của {_COMPANY} và kết quả kiểm tra thực địa ngày "
            "28 tháng 12 năm 2022;",
            f"Sở Tài nguyên và Môi trường kính trình Ủy ban nhân dân tỉnh xem xét, quyết định giao "
            f"{_LAND} cho {_COMPANY} để thực hiện {_PROJECT}; hình thức giao đất có thu tiền sử "
            "dụng đất; thời hạn sử dụng đất theo tiến độ thực hiện dự án được phê duyệt.",
            "Sở Tài nguyên và Môi trường kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
        ),
        recipients=("Như trên;", "Giám đốc Sở;", "Lưu: VT, QLĐĐ."),
        keyword="giao đất; tờ trình",
    ),
    SignedDocument(
        type_code="02",
        issuer=UBND_TINH,
        number="123",
        notation="QĐ-UBND",
        issued=date(2023, 1, 18),
        subject=f"Về việc giao đất cho {_COMPANY} để thực hiện {_PROJECT}, thành phố Hòa Bình",
        signer=PHO_CHU_TICH,
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        body=(
            "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
            _BASIS_LOCAL_GOV,
            _BASIS_LAND,
            "Theo đề nghị của Giám đốc Sở Tài nguyên và Môi trường tại Tờ trình số 02/TTr-STNMT "
            "ngày 05 tháng 01 năm 2023.",
            "QUYẾT ĐỊNH:",
            f"Điều 1. Giao {_LAND} cho {_COMPANY} để thực hiện {_PROJECT}. Hình thức giao đất: "
            "giao đất có thu tiền sử dụng đất. Vị trí, ranh giới khu đất được xác định theo danh "
            "sách tọa độ các điểm mốc giới kèm theo Quyết định này.",
            "Điều 2. Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Ủy ban nhân dân thành "
            "phố Hòa Bình bàn giao đất trên thực địa và chỉnh lý hồ sơ địa chính theo quy định.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân "
            "tỉnh, Giám đốc Sở Tài nguyên và Môi trường, Chủ tịch Ủy ban nhân dân thành phố Hòa "
            f"Bình, Giám đốc {_COMPANY} và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi "
            "hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, TNMT."),
        keyword="giao đất; quyết định",
    ),
    Attachment(
        issuer=UBND_TINH,
        issued=date(2023, 1, 18),
        subject="Danh sách tọa độ các điểm mốc giới khu đất giao kèm theo Quyết định số "
        "123/QĐ-UBND ngày 18/01/2023 của Ủy ban nhân dân tỉnh Hòa Bình",
        columns=("Số hiệu điểm", "X (m)", "Y (m)", "Cạnh (m)"),
        rows=(
            ("M1", "2303215.42", "431508.17", "212.36"),
            ("M2", "2303198.05", "431719.81", "148.90"),
            ("M3", "2303051.77", "431747.64", "205.12"),
            ("M4", "2302848.93", "431716.88", "96.47"),
            ("M5", "2302861.20", "431621.20", "178.55"),
            ("M6", "2303034.66", "431579.03", "194.78"),
        ),
        keyword="tọa độ; mốc giới",
        description="Hệ tọa độ VN-2000, kinh tuyến trục 106°00', múi chiếu 3°.",
    ),
    SignedDocument(
        type_code="20",
        issuer=SO_TNMT,
        number="15",
        notation="BB-STNMT",
        issued=date(2023, 2, 14),
        subject="Bàn giao đất trên thực địa theo Quyết định số 123/QĐ-UBND ngày 18/01/2023 "
        "của Ủy ban nhân dân tỉnh Hòa Bình",
        signer=PHO_GIAM_DOC_TNMT,
        authority="ĐẠI DIỆN SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        body=(
            "Hôm nay, vào hồi 09 giờ 00 ngày 14 tháng 02 năm 2023, tại phường Nam Hòa, thành phố "
            "Hòa Bình, chúng tôi gồm:",
            "1. Đại diện Sở Tài nguyên và Môi trường: bà Đỗ Thị Hạnh, Phó Giám đốc Sở.",
            "2. Đại diện Ủy ban nhân dân thành phố Hòa Bình: ông Vũ Minh Khoa, Phó Chủ tịch.",
            f"3. Đại diện {_COMPANY}: ông Ngô Quang Huy, Giám đốc.",
            f"Các bên đã bàn giao {_LAND} trên thực địa, xác định vị trí và cắm 06 mốc giới theo "
            f"danh sách tọa độ kèm theo Quyết định số 123/QĐ-UBND. {_COMPANY} có trách nhiệm "
            "quản lý, bảo vệ mốc giới và sử dụng đất đúng mục đích được giao.",
            "Biên bản kết thúc vào hồi 10 giờ 30 cùng ngày, được lập thành 04 bản có giá trị như "
            "nhau, mỗi bên giữ 01 bản, 01 bản lưu hồ sơ./.",
        ),
        recipients=("Các bên tham gia;", "UBND tỉnh (để b/c);", "Lưu: VT, QLĐĐ."),
        keyword="giao đất; bàn giao; biên bản",
    ),
)

# ---------------------------------------------------------------------------------------------
# Dossier 2: quarterly plan and report of the Sở, 20 years, conditional use.

_QUARTER_DOCS: Final[tuple[SampleItem, ...]] = (
    SignedDocument(
        type_code="10",
        issuer=SO_TNMT,
        number="62",
        notation="KH-STNMT",
        issued=date(2023, 7, 4),
        subject="Thực hiện nhiệm vụ công tác quý III năm 2023",
        signer=GIAM_DOC_TNMT,
        body=(
            "Thực hiện Chương trình công tác năm 2023 của Ủy ban nhân dân tỉnh và Kế hoạch công "
            "tác năm 2023 của Sở, Sở Tài nguyên và Môi trường ban hành Kế hoạch thực hiện nhiệm vụ "
            "công tác quý III năm 2023 như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Cụ thể hóa các nhiệm vụ trọng tâm của quý III; phân công rõ đơn vị chủ trì, thời hạn "
            "hoàn thành và trách nhiệm báo cáo kết quả.",
            "II. NHIỆM VỤ TRỌNG TÂM",
            "1. Thẩm định, trình Ủy ban nhân dân tỉnh hồ sơ giao đất, cho thuê đất của các dự án "
            "đủ điều kiện; hoàn thành bàn giao đất trên thực địa các dự án đã có quyết định.",
            "2. Đôn đốc cập nhật cơ sở dữ liệu đất đai của các huyện, thành phố.",
            "3. Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường tại các khu, cụm công "
            "nghiệp.",
            "III. TỔ CHỨC THỰC HIỆN",
            "Các phòng, đơn vị thuộc Sở tổ chức thực hiện và báo cáo kết quả trước ngày 20 tháng 9 "
            "năm 2023 (qua Văn phòng Sở) để tổng hợp, báo cáo Ủy ban nhân dân tỉnh./.",
        ),
        recipients=(
            "UBND tỉnh (để b/c);",
            "Giám đốc, các Phó Giám đốc Sở;",
            "Các phòng, đơn vị thuộc Sở;",
            "Lưu: VT, VP.",
        ),
        keyword="kế hoạch quý III",
    ),
    SignedDocument(
        type_code="14",
        issuer=SO_TNMT,
        number="285",
        notation="BC-STNMT",
        issued=date(2023, 9, 26),
        subject="Kết quả thực hiện nhiệm vụ quý III, phương hướng nhiệm vụ quý IV năm 2023",
        signer=PHO_GIAM_DOC_TNMT,
        authority="KT. GIÁM ĐỐC",
        body=(
            "Kính gửi: Ủy ban nhân dân tỉnh Hòa Bình.",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ III NĂM 2023",
            "1. Trình Ủy ban nhân dân tỉnh quyết định giao đất, cho thuê đất cho 14 dự án với tổng "
            "diện tích 86,4 ha; bàn giao đất trên thực địa cho 11 dự án.",
            "2. Cập nhật cơ sở dữ liệu đất đai cho 3/10 huyện, thành phố, đạt 78% kế hoạch năm.",
            "3. Kiểm tra 9 cơ sở sản xuất trong các khu, cụm công nghiệp; kiến nghị xử lý 2 cơ sở "
            "vi phạm quy định về bảo vệ môi trường.",
            "II. PHƯƠNG HƯỚNG NHIỆM VỤ QUÝ IV NĂM 2023",
            "Tập trung hoàn thành các chỉ tiêu kế hoạch năm 2023; tổng kết công tác năm và xây "
            "dựng kế hoạch công tác năm 2024 của Sở.",
            "Sở Tài nguyên và Môi trường kính báo cáo Ủy ban nhân dân tỉnh./.",
        ),
        recipients=("Như trên;", "Sở Kế hoạch và Đầu tư;", "Lưu: VT, VP."),
        keyword="báo cáo quý III",
    ),
)

# ---------------------------------------------------------------------------------------------
# Dossier 3: half-year review conference, 5 years (code 07), public.

_REVIEW_DOCS: Final[tuple[SampleItem, ...]] = (
    SignedDocument(
        type_code="26",
        issuer=UBND_TINH,
        number="95",
        notation="GM-UBND",
        issued=date(2023, 7, 3),
        subject="Dự Hội nghị sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối "
        "năm 2023",
        signer=CHANH_VAN_PHONG,
        authority="TL. CHỦ TỊCH",
        body=(
            "Ủy ban nhân dân tỉnh tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm, triển khai "
            "nhiệm vụ 6 tháng cuối năm 2023. Đồng chí Chủ tịch Ủy ban nhân dân tỉnh chủ trì Hội "
            "nghị.",
            "Thành phần: các đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh; Giám đốc các sở, Thủ "
            "trưởng các ban, ngành; Chủ tịch Ủy ban nhân dân các huyện, thành phố.",
            "Thời gian: 08 giờ 00, ngày 10 tháng 7 năm 2023.",
            "Địa điểm: Hội trường tầng 3, trụ sở Ủy ban nhân dân tỉnh.",
            "Đề nghị các đại biểu nghiên cứu tài liệu gửi kèm và dự Hội nghị đúng thời gian./.",
        ),
        recipients=("Như thành phần;", "Lưu: VT, TH."),
        keyword="giấy mời; hội nghị sơ kết",
    ),
    SignedDocument(
        type_code="14",
        issuer=UBND_TINH,
        number="160",
        notation="BC-UBND",
        issued=date(2023, 7, 7),
        subject="Sơ kết công tác 6 tháng đầu năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2023",
        signer=CHU_TICH,
        authority="TM. ỦY BAN NHÂN DÂN",
        body=(
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2023",
            "1. Về phát triển kinh tế. Tổng sản phẩm trên địa bàn tỉnh 6 tháng đầu năm ước tăng "
            "6,8% so với cùng kỳ; sản xuất nông nghiệp ổn định, diện tích cây ăn quả có múi đạt "
            "12.500 ha; giá trị sản xuất công nghiệp tăng 9,1%; thu ngân sách nhà nước trên địa "
            "bàn đạt 52,3% dự toán Hội đồng nhân dân tỉnh giao.",
            "2. Về đầu tư và quản lý đất đai. Ủy ban nhân dân tỉnh đã quyết định chủ trương đầu "
            "tư 18 dự án với tổng vốn đăng ký 4.260 tỷ đồng; giao đất, cho thuê đất 27 dự án; "
            "giải quyết dứt điểm 41 hồ sơ tồn đọng về cấp giấy chứng nhận quyền sử dụng đất.",
            "3. Về văn hóa - xã hội. Tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt 98,6%; "
            "thực hiện đầy đủ, kịp thời chính sách đối với người có công và đối tượng bảo trợ xã "
            "hội; giải quyết việc làm cho 8.900 lao động, đạt 55,6% kế hoạch năm.",
            "4. Về cải cách hành chính và chuyển đổi số. 100% văn bản đi, đến giữa các cơ quan "
            "hành chính nhà nước được xử lý trên Hệ thống quản lý văn bản và điều hành, trừ văn "
            "bản mật; tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến đạt 61%; hoàn thành "
            "lập hồ sơ điện tử và nộp lưu hồ sơ năm 2021 vào Lưu trữ cơ quan.",
            "5. Về quốc phòng, an ninh. Tình hình chính trị, trật tự an toàn xã hội được giữ "
            "vững; tai nạn giao thông giảm trên cả ba tiêu chí so với cùng kỳ.",
            "II. HẠN CHẾ, KHÓ KHĂN",
            "Tiến độ giải ngân vốn đầu tư công còn chậm, mới đạt 31,2% kế hoạch; một số dự án "
            "vướng mắc về giải phóng mặt bằng; việc cập nhật cơ sở dữ liệu đất đai chưa đồng bộ "
            "giữa các huyện, thành phố.",
            "III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023",
            "1. Tập trung tháo gỡ khó khăn, đẩy nhanh tiến độ giải ngân vốn đầu tư công; phấn đấu "
            "đến ngày 31 tháng 12 năm 2023 giải ngân đạt trên 95% kế hoạch.",
            "2. Hoàn thành giao đất, cho thuê đất và bàn giao mặt bằng các dự án trọng điểm; đẩy "
            "mạnh xây dựng cơ sở dữ liệu đất đai.",
            "3. Tiếp tục cải cách hành chính, nâng cao chất lượng dịch vụ công trực tuyến; hoàn "
            "thành lập hồ sơ điện tử năm 2022 và nộp lưu vào Lưu trữ cơ quan theo quy định.",
            "4. Bảo đảm an sinh xã hội, giữ vững quốc phòng, an ninh và trật tự an toàn xã hội.",
            "IV. TỔ CHỨC THỰC HIỆN",
            "Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố căn cứ chức năng, nhiệm "
            "vụ được giao xây dựng kế hoạch cụ thể, tổ chức thực hiện và báo cáo kết quả về Ủy "
            "ban nhân dân tỉnh (qua Sở Kế hoạch và Đầu tư) trước ngày 15 tháng 12 năm 2023 để "
            "tổng hợp./.",
        ),
        recipients=(
            "Thường trực Tỉnh ủy;",
            "Thường trực HĐND tỉnh;",
            "Chủ tịch, các PCT UBND tỉnh;",
            "Các sở, ban, ngành;",
            "UBND các huyện, thành phố;",
            "Lưu: VT, TH.",
        ),
        keyword="sơ kết 6 tháng; báo cáo",
    ),
    SignedDocument(
        type_code="07",
        issuer=UBND_TINH,
        number="120",
        notation="TB-UBND",
        issued=date(2023, 7, 14),
        subject="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị sơ kết công tác 6 tháng "
        "đầu năm 2023",
        signer=CHANH_VAN_PHONG,
        authority="TL. CHỦ TỊCH",
        body=(
            "Ngày 10 tháng 7 năm 2023, Chủ tịch Ủy ban nhân dân tỉnh chủ trì Hội nghị sơ kết công "
            "tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2023. Sau khi nghe báo cáo "
            "và ý kiến của các đại biểu, Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:",
            "1. Thống nhất đánh giá kết quả 6 tháng đầu năm tại Báo cáo số 160/BC-UBND ngày 07 "
            "tháng 7 năm 2023 của Ủy ban nhân dân tỉnh.",
            "2. Giao Sở Kế hoạch và Đầu tư chủ trì theo dõi tiến độ giải ngân vốn đầu tư công, báo "
            "cáo Ủy ban nhân dân tỉnh hằng tháng.",
            "3. Giao Sở Tài nguyên và Môi trường hoàn thành bàn giao đất các dự án đã có quyết "
            "định giao đất trong quý III năm 2023.",
            "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        ),
        recipients=("Chủ tịch, các PCT UBND tỉnh;", "Các sở, ban, ngành;", "Lưu: VT, TH."),
        keyword="thông báo kết luận; hội nghị sơ kết",
    ),
)

# ---------------------------------------------------------------------------------------------
# Dossier 4: meeting conclusions on public security, 10 years, secret (mode 03).


def _security_notice(number: str, issued: date, occasion: str, tasks: str) -> SignedDocument:
    """A Thông báo kết luận of the Chủ tịch on security and order for ``occasion``."""
    return SignedDocument(
        type_code="07",
        issuer=UBND_TINH,
        number=number,
        notation="TB-UBND",
        issued=issued,
        subject="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác bảo đảm "
        f"an ninh, trật tự {occasion}",
        signer=CHANH_VAN_PHONG,
        authority="TL. CHỦ TỊCH",
        body=(
            "Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp với Công an tỉnh, Bộ Chỉ huy Quân sự "
            f"tỉnh và các sở, ngành liên quan về công tác bảo đảm an ninh, trật tự {occasion}. "
            "Sau khi nghe báo cáo và ý kiến của các đại biểu, Chủ tịch Ủy ban nhân dân tỉnh kết "
            "luận như sau:",
            tasks,
            "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        ),
        recipients=("Chủ tịch, các PCT UBND tỉnh;", "Công an tỉnh;", "Lưu: VT, NC."),
        keyword="an ninh trật tự; thông báo kết luận",
    )


_SECURITY_DOCS: Final[tuple[SampleItem, ...]] = (
    _security_notice(
        "08",
        date(2023, 1, 10),
        "dịp Tết Nguyên đán Quý Mão năm 2023",
        "Giao Công an tỉnh chủ trì tăng cường tuần tra, kiểm soát, bảo đảm trật tự an toàn giao "
        "thông; các sở, ngành bố trí lực lượng trực 24/24 giờ trong những ngày nghỉ Tết.",
    ),
    _security_notice(
        "152",
        date(2023, 8, 25),
        "dịp kỷ niệm 78 năm Ngày Quốc khánh 02/9",
        "Giao Công an tỉnh chủ trì bảo đảm an ninh các hoạt động kỷ niệm; Ủy ban nhân dân các "
        "huyện, thành phố tăng cường kiểm tra cơ sở kinh doanh có điều kiện về an ninh, trật tự.",
    ),
    _security_notice(
        "231",
        date(2023, 11, 20),
        "và phòng cháy, chữa cháy mùa hanh khô năm 2023",
        "Giao Công an tỉnh chủ trì kiểm tra công tác phòng cháy, chữa cháy tại chợ, trung tâm "
        "thương mại, khu dân cư; các địa phương hoàn thành diễn tập phương án trước ngày 15 "
        "tháng 12 năm 2023.",
    ),
)

# ---------------------------------------------------------------------------------------------

DEMO_DOSSIERS: Final[tuple[SampleDossier, ...]] = (
    SampleDossier(
        keeper=UBND_TINH,
        year=2023,
        notation="12.TNMT",
        title=f"Hồ sơ giao đất cho {_COMPANY} để thực hiện {_PROJECT}, thành phố Hòa Bình năm 2023",
        maintenance="01",
        mode="01",
        creator="Bùi Thị Lan",
        keyword="giao đất; Khu dân cư Nam Hòa; Quyết định 123/QĐ-UBND",
        description="Hồ sơ gồm tờ trình, quyết định giao đất kèm danh sách tọa độ mốc giới và "
        "biên bản bàn giao đất trên thực địa.",
        documents=_LAND_DOCS,
        risk_recovery=True,
    ),
    SampleDossier(
        keeper=SO_TNMT,
        year=2023,
        notation="03.VP",
        title="Kế hoạch, báo cáo công tác quý III năm 2023 của Sở Tài nguyên và Môi trường",
        maintenance="05",
        mode="02",
        creator="Đinh Thị Mai",
        keyword="kế hoạch; báo cáo quý III năm 2023",
        description="Kế hoạch, báo cáo quý của cơ quan: thời hạn bảo quản 20 năm.",
        documents=_QUARTER_DOCS,
    ),
    SampleDossier(
        keeper=UBND_TINH,
        year=2023,
        notation="07.TH",
        title="Hồ sơ Hội nghị sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối "
        "năm 2023 của Ủy ban nhân dân tỉnh",
        maintenance="07",
        maintenance_years=5,
        mode="01",
        creator="Bùi Thị Lan",
        keyword="hội nghị sơ kết; 6 tháng đầu năm 2023",
        description="Hồ sơ hội nghị sơ kết 6 tháng: thời hạn bảo quản 5 năm (mã 07 Khác).",
        documents=_REVIEW_DOCS,
    ),
    SampleDossier(
        keeper=UBND_TINH,
        year=2023,
        notation="15.NC",
        title="Tập thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại các cuộc họp về "
        "công tác bảo đảm an ninh, trật tự năm 2023",
        maintenance="06",
        mode="03",
        creator="Hà Văn Tùng",
        keyword="an ninh trật tự; thông báo kết luận",
        description="Chế độ sử dụng Mật: chỉ khai thác khi được người đứng đầu cơ quan cho phép.",
        documents=_SECURITY_DOCS,
        risk_recovery=True,
    ),
)

DEMO_OBJIDS: Final[tuple[str, ...]] = (
    "uuid-fc7e8548-8b0d-4782-9f13-973f860c94ea",
    "uuid-3485d3b4-d29f-4036-82f6-efed0e6af3f7",
    "uuid-d605d6c8-d57f-467d-a9f8-d81a5f934d9e",
    "uuid-91d5e9b7-00ce-4d11-9c7f-238c5e0079ef",
)
"""Fixed OBJIDs of the demo packages, one per entry of ``DEMO_DOSSIERS``."""

DEMO_CREATED: Final = datetime(2024, 3, 15, 9, 0, tzinfo=timezone(timedelta(hours=7)))
"""Fixed creation time written into the METS of every demo package."""

_SAMPLES_VERSION = 2
"""Bump whenever the packages written for the same dossiers change (layout, signing levels)."""
_CACHE_STAMP = "demo-sips.json"

_LANGUAGE_VI = "01"
_ORIGINAL_ELECTRONIC = "01"
_NO_PRIORITY = "0"


def demo_sip_inputs(pki: DemoPki) -> list[SipInput]:
    """The demo dossiers as SIP inputs, every văn bản rendered and signed with ``pki``."""
    return [_sip_input(dossier, pki) for dossier in DEMO_DOSSIERS]


def write_demo_sips(
    out_dir: Path,
    pki: DemoPki,
    *,
    zipped: bool = True,
    inputs: Sequence[SipInput] | None = None,
) -> list[Path]:
    """Write the demo packages into ``out_dir`` and return their paths, in transfer order.

    Zipped (the default), each package becomes ``<n>-<OBJID>.zip``; otherwise it stays the
    folder ``<OBJID>`` (which must not exist yet). ``inputs`` are packages already built by
    ``demo_sip_inputs`` (default: build them now, signing every PDF with ``pki``).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    sips = demo_sip_inputs(pki) if inputs is None else inputs
    paths: list[Path] = []
    for n, (sip, objid) in enumerate(zip(sips, DEMO_OBJIDS, strict=True), 1):
        if not zipped:
            paths.append(write_sip(sip, out_dir, objid=objid, created=DEMO_CREATED))
            continue
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".demo-") as tmp:
            folder = write_sip(sip, Path(tmp), objid=objid, created=DEMO_CREATED)
            paths.append(zip_tree(folder, out_dir / f"{n}-{objid}.zip"))
    return paths


def cached_demo_sips(directory: Path, pki: DemoPki) -> list[Path]:
    """The zipped demo packages in ``directory``: written on the first call, then reused.

    A stamp file records what the cached packages were made from (the dossiers, OBJIDs and
    creation time, the demo root, the samples version); when any of it changed, or a package
    is missing, the packages are written again, into a scratch directory that then replaces
    ``directory`` as a whole. The cached CRLs stay current for one year
    (``archive.demo.pki.CRL_VALIDITY``); ingesting the packages later than that gives
    INDETERMINATE signatures.
    """
    key = _cache_key(pki)
    cached = _read_cache(directory, key)
    if cached is not None:
        return cached
    directory.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-"))
    try:
        names = [path.name for path in write_demo_sips(scratch, pki)]
        stamp = {"key": key, "packages": names}
        (scratch / _CACHE_STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        scratch.chmod(0o755)  # mkdtemp makes it private; the packages are not secret
        if directory.exists():
            shutil.rmtree(directory)
        os.replace(scratch, directory)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [directory / name for name in names]


def _cache_key(pki: DemoPki) -> str:
    """Digest of everything the cached packages depend on, besides the signing moment."""
    material = repr((_SAMPLES_VERSION, DEMO_DOSSIERS, DEMO_OBJIDS, DEMO_CREATED))
    return hashlib.sha256(material.encode("utf-8") + pki.root.sha256).hexdigest()


def _read_cache(directory: Path, key: str) -> list[Path] | None:
    """The cached packages, if the stamp matches ``key`` and every package is there."""
    try:
        stamp = json.loads((directory / _CACHE_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("key") != key:
        return None
    names = stamp.get("packages")
    if not isinstance(names, list) or len(names) != len(DEMO_DOSSIERS):
        return None
    paths = [directory / str(name) for name in names]
    return paths if all(path.is_file() for path in paths) else None


def _sip_input(dossier: SampleDossier, pki: DemoPki) -> SipInput:
    """One SIP_hoso: the dossier's documents in order, then the dossier record built on them."""
    documents = [
        _sip_document(dossier, ordinal, item, pki)
        for ordinal, item in enumerate(dossier.documents, start=1)
    ]
    return SipInput(
        dossier=_dossier_values(dossier, documents),
        documents=documents,
        creator_name=dossier.keeper.name,
        dossier_ext=_with_years({"creator": dossier.creator}, dossier),
        fonds_code=dossier.keeper.fonds_code,
    )


def _sip_document(
    dossier: SampleDossier, ordinal: int, item: SampleItem, pki: DemoPki
) -> SipDocument:
    """The document at ``ordinal``: a signed PDF, or the attachment's CSV, and its metadata."""
    doc_code = dossier.doc_code(ordinal)
    if isinstance(item, Attachment):
        content = _csv_bytes(item)
        values = _common_values(dossier, doc_code, item, pages=1)
        values.update(_optional(keyword=item.keyword, description=item.description))
        return SipDocument(values, f"{doc_code}.csv", content, _with_years({}, dossier))
    pdf = _signed_pdf(item, pki)
    values = _common_values(dossier, doc_code, item, pages=_page_count(pdf))
    values.update(
        docId=f"{item.issuer.organ_id},{item.issued.year},{item.number}",
        codeNumber=item.number,
        codeNotation=item.notation,
    )
    values.update(_optional(keyword=item.keyword))
    ext = {
        "signerPosition": item.signer.position,
        "signerFullName": item.signer.name,
        "recipients": " ".join(item.recipients),
        "priority": _NO_PRIORITY,
    }
    return SipDocument(values, f"{doc_code}.pdf", pdf, _with_years(ext, dossier))


def _common_values(
    dossier: SampleDossier, doc_code: str, item: SampleItem, *, pages: int
) -> dict[str, str]:
    """The EAD_doc values every document carries, PDF or not."""
    return {
        "docCode": doc_code,
        "maintenance": dossier.maintenance,
        "typeName": item.type_code,
        "issuedDate": _law_date(item.issued),
        "organName": item.issuer.name,
        "subject": item.subject,
        "language": _LANGUAGE_VI,
        "numberOfPage": str(pages),
        "mode": dossier.mode,
        "confidenceLevel": _ORIGINAL_ELECTRONIC,
        "process": "0",
        **_risk_recovery(dossier),
    }


def _dossier_values(dossier: SampleDossier, documents: list[SipDocument]) -> dict[str, str]:
    """The EAD.xml values; counts and dates are derived from the documents."""
    issued = [item.issued for item in dossier.documents]
    pages = sum(int(doc.values["numberOfPage"]) for doc in documents)
    return {
        "fileCode": dossier.file_code,
        "title": dossier.title,
        "maintenance": dossier.maintenance,
        "mode": dossier.mode,
        "language": _LANGUAGE_VI,
        "startDate": _law_date(min(issued)),
        "endDate": _law_date(max(issued)),
        "keyword": dossier.keyword,
        "totalDoc": str(len(documents)),
        "numberOfPage": str(pages),
        "confidenceLevel": _ORIGINAL_ELECTRONIC,
        **_risk_recovery(dossier),
        "description": f"{dossier.keeper.name}. {dossier.description}",
    }


def _signed_pdf(item: SignedDocument, pki: DemoPki) -> bytes:
    """Render ``item`` and sign it: its signer first, then its issuing agency."""
    person = item.signer
    personal = pki.signer("personal", person.name, person.organisation, person.position)
    organisation = pki.signer("organisation", item.issuer.name, item.issuer.name)
    return make_signed_pdf(_demo_document(item), personal, organisation, pki=pki)


def _demo_document(item: SignedDocument) -> DemoDocument:
    """What the PDF shows: the same number, date, subject and signer as the metadata."""
    return DemoDocument(
        organ_name=item.issuer.header,
        code_number=item.number,
        code_notation=item.notation,
        type_label=TYPE_NAME[item.type_code].upper(),
        place=item.issuer.place,
        issued=item.issued,
        subject=item.subject,
        body=item.body,
        signer_position=item.signer.position.upper(),
        signer_name=item.signer.name,
        authority=item.authority,
        recipients=item.recipients,
    )


def _csv_bytes(item: Attachment) -> bytes:
    """The table as UTF-8 CSV with CRLF line ends (RFC 4180), through the archive's one CSV
    writer so that even demo content opens safely in a spreadsheet."""
    return csv_bytes([item.columns, *item.rows])


def _page_count(pdf: bytes) -> int:
    """Number of pages of a PDF, from its page tree."""
    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


def _risk_recovery(dossier: SampleDossier) -> dict[str, str]:
    """riskRecovery, with riskRecoveryStatus 01 (đã dự phòng) when a backup copy is kept."""
    if dossier.risk_recovery:
        return {"riskRecovery": "1", "riskRecoveryStatus": "01"}
    return {"riskRecovery": "0"}


def _with_years(ext: dict[str, str], dossier: SampleDossier) -> dict[str, str]:
    """Add ``maintenanceYears`` when the retention code is 07 (Khác)."""
    if dossier.maintenance_years is None:
        return ext
    return {**ext, "maintenanceYears": str(dossier.maintenance_years)}


def _optional(**values: str) -> dict[str, str]:
    """The non-empty values only (optional TT05 elements are left out when empty)."""
    return {name: value for name, value in values.items() if value}


def _law_date(day: date) -> str:
    """DD/MM/YYYY, the date format of TT 05/2025."""
    return day.strftime("%d/%m/%Y")
