"""The conditional rules of the TT 05/2025 metadata, which no XSD can say (docs/domain.md §4.4,
§4.5; docs/metadata-mapping.md "Required"):

* ``riskRecoveryStatus`` is required when ``riskRecovery`` is ``1`` (VAL009), in EAD.xml and in
  every EAD_doc;
* ``paperFileCode`` is required for digitized (``02``) and mixed (``03``) dossiers (VAL010);
* only dossiers kept 5 years or more are deposited (NĐ 30/2020 Điều 31 k3 c): a shorter
  retention is RET001, an error unless ``ingest_short_retention = "warn"``;
* a record of access mode 03 (Mật, state secrets) is SEC001, an error unless the instance is
  the isolated one (``secret_records = "isolated"``; docs/secrets.md): a networked archive
  does not keep state secrets (Luật Bảo vệ bí mật nhà nước 2018, docs/domain.md §5.6);
* a document's ``confidenceLevel`` must fit its dossier's (an original-electronic dossier holds
  no digitized document, a digitized one no original), and no document may be kept longer than
  its dossier, which takes the longest retention of its documents (LLT 2024 Đ15 k4): VAL007
  warnings.

``maintenanceYears`` for code 07 is checked where the record is read (VAL008, ``sipread``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from archive.catalog.codes import MAINTENANCE_YEARS
from archive.config import Settings
from archive.findings import Finding

__all__ = ["MIN_DEPOSIT_YEARS", "RuleRecord", "conditional_findings", "retention_years"]

MIN_DEPOSIT_YEARS = 5
"""NĐ 30/2020 Điều 31 k3 c: dossiers kept at least this long are deposited into the archive."""

_DIGITIZED_OR_MIXED = ("02", "03")
# The document confidence levels a dossier of each level may hold.
_FITS: Mapping[str, tuple[str, ...]] = {"01": ("01",), "02": ("02",), "03": ("01", "02", "03")}


@dataclass(frozen=True)
class RuleRecord:
    """One metadata record (EAD.xml or an EAD_doc): its values, extension values and path."""

    values: Mapping[str, str]
    ext: Mapping[str, str]
    path: str


def retention_years(maintenance: str, ext: Mapping[str, str]) -> int | None:
    """Years kept for a maintenance code (None = permanent, or code 07 without its years)."""
    if maintenance == "07":
        years = ext.get("maintenanceYears", "")
        return int(years) if years.isdigit() else None
    return MAINTENANCE_YEARS.get(maintenance)


def _risk_recovery(record: RuleRecord) -> list[Finding]:
    if record.values.get("riskRecovery") == "1" and not record.values.get("riskRecoveryStatus"):
        return [Finding.make("VAL009", record.path)]
    return []


def _short_retention(dossier: RuleRecord, settings: Settings) -> list[Finding]:
    years = retention_years(dossier.values.get("maintenance", ""), dossier.ext)
    if years is None or years >= MIN_DEPOSIT_YEARS:
        return []
    finding = Finding.make("RET001", dossier.path, value=years)
    if settings.ingest_short_retention == "warn":
        return [replace(finding, severity="warning")]
    return [finding]


def _secret(record: RuleRecord, settings: Settings) -> list[Finding]:
    """SEC001 for a dossier or document of mode 03 on an instance that refuses them."""
    if settings.isolated or record.values.get("mode") != "03":
        return []
    return [Finding.make("SEC001", record.path)]


def _rank(maintenance: str, ext: Mapping[str, str]) -> float:
    years = retention_years(maintenance, ext)
    return float("inf") if years is None and maintenance != "07" else float(years or 0)


def _against_dossier(dossier: RuleRecord, doc: RuleRecord) -> list[Finding]:
    out: list[Finding] = []
    level, own = dossier.values.get("confidenceLevel", ""), doc.values.get("confidenceLevel", "")
    if level in _FITS and own and own not in _FITS[level]:
        out.append(
            Finding.make("VAL007", doc.path, field="confidenceLevel", value=own, expected=level)
        )
    kept, own_kept = dossier.values.get("maintenance", ""), doc.values.get("maintenance", "")
    if kept and own_kept and _rank(own_kept, doc.ext) > _rank(kept, dossier.ext):
        out.append(
            Finding.make("VAL007", doc.path, field="maintenance", value=own_kept, expected=kept)
        )
    return out


def conditional_findings(
    dossier: RuleRecord, documents: Sequence[RuleRecord], settings: Settings
) -> list[Finding]:
    """Findings of every conditional rule on a dossier and its documents."""
    out = _risk_recovery(dossier)
    level = dossier.values.get("confidenceLevel", "")
    if level in _DIGITIZED_OR_MIXED and not dossier.values.get("paperFileCode"):
        out.append(Finding.make("VAL010", dossier.path, value=level))
    out += _short_retention(dossier, settings)
    out += _secret(dossier, settings)
    for doc in documents:
        out += _risk_recovery(doc)
        out += _secret(doc, settings)
        out += _against_dossier(dossier, doc)
    return out
