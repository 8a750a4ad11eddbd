"""Personal or organisation signer (NĐ 30/2020 Điều 5: the competent person's signature and the
agency's signature).

Vietnamese government certificates name a person in the subject CN (with their position in
``title``), while an agency certificate names the agency itself. The rule, in order:

1. the subject's CN equals its O or one of its OU values → ``organisation``;
2. the CN matches ``organisation_pattern`` (agency words: Ủy ban, UBND, Sở, Bộ, Cục…) →
   ``organisation``;
3. otherwise → ``personal``.

The pattern is the setting ``ARCHIVE_ORGANISATION_SIGNER_PATTERN``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

from asn1crypto import x509

__all__ = ["DEFAULT_ORGANISATION_PATTERN", "SignerKind", "classify_signer"]

SignerKind = Literal["personal", "organisation"]

DEFAULT_ORGANISATION_PATTERN: Final = (
    r"^(ủy ban|uỷ ban|ubnd|hội đồng|sở |bộ |cục |tổng cục|chi cục|văn phòng|ban |trung tâm|"
    r"phòng |viện |tòa án|toà án|kho bạc|công ty|tập đoàn|ngân hàng|trường |bệnh viện|"
    r"đại học|học viện|cơ quan|tổ chức|đảng ủy|đảng uỷ|huyện ủy|tỉnh ủy|thành ủy)"
)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def classify_signer(
    cert: x509.Certificate, organisation_pattern: str = DEFAULT_ORGANISATION_PATTERN
) -> SignerKind:
    """Apply the documented rule to a signer certificate."""
    subject = cert.subject.native
    cn = _norm(str(subject.get("common_name", "")))
    org = subject.get("organization_name", "")
    units = subject.get("organizational_unit_name", [])
    others = [org] if isinstance(org, str) else list(org)
    others += [units] if isinstance(units, str) else list(units)
    if cn and any(cn == _norm(str(o)) for o in others if o):
        return "organisation"
    # The CN is NFC and case-folded; the pattern is NFC too (a setting typed where text is NFD,
    # e.g. macOS, would otherwise never match) and matched ignoring case (not case-folded: that
    # would turn \S, \W, \D into \s, \w, \d).
    if re.search(unicodedata.normalize("NFC", organisation_pattern), cn, re.IGNORECASE):
        return "organisation"
    return "personal"
