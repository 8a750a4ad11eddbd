"""The protection horizon of a signed file: the date until which its current evidence holds.

It is the earliest of:
- the expiry of the newest document timestamp's TSA certificate (B-LTA: renew before it);
- without a document timestamp, the signer certificate's expiry (after it, nothing proves the
  signature was made while the certificate was valid, unless an evidence record does);
- the sunset date of every hash and signature algorithm in use, from the crypto-suite table.

The table follows the spirit of ETSI TS 119 312 and is a setting (``crypto_suite``): review it
against the current edition before relying on a date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from archive.config import DEFAULT_CRYPTO_SUITE

__all__ = ["protection_horizon", "unknown_algorithms"]


def _date(text: str | None) -> date | None:
    if not text:
        return None
    return datetime.fromisoformat(text).date()


def protection_horizon(
    report: Mapping[str, Any], suite: Mapping[str, str] = DEFAULT_CRYPTO_SUITE
) -> date | None:
    """The horizon of a validation report (``ValidationReport.as_dict()``).

    None when there is nothing to protect: unsigned, or already TOTAL_FAILED. Algorithms not in
    the table do not limit the horizon (they are listed by ``unknown_algorithms``).
    """
    sigs = list(report.get("signatures", []))
    if not sigs or report.get("bottom_line") == "TOTAL_FAILED":
        return None
    stamps = [s for s in sigs if s["kind"] == "timestamp" and s.get("timestamp_time")]
    # The newest archive timestamp protects everything before it, including the algorithms of
    # the signatures and of older timestamps; without one, the signatures stand on their own.
    protecting = [max(stamps, key=lambda s: s["timestamp_time"])] if stamps else sigs
    candidates = [d for s in protecting if (d := _date(s.get("not_after")))]
    for sig in protecting:
        for algo in (sig.get("digest_algorithm"), sig.get("signature_algorithm")):
            sunset = suite.get(algo or "")
            if sunset:
                candidates.append(date.fromisoformat(sunset))
    return min(candidates) if candidates else None


def unknown_algorithms(
    report: Mapping[str, Any], suite: Mapping[str, str] = DEFAULT_CRYPTO_SUITE
) -> list[str]:
    """Algorithms of a report that the crypto-suite table does not know (to review)."""
    seen = {
        a
        for s in report.get("signatures", [])
        for a in (s.get("digest_algorithm"), s.get("signature_algorithm"))
        if a
    }
    return sorted(a for a in seen if a not in suite)
