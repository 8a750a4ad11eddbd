"""Retention, holds, disposal (TT 05/2025 Ch. VII) and transfer to the historical archive."""
