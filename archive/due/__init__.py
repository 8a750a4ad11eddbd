"""Everything that is due, in one report (``archive due``, the page ``/due``)."""

from archive.due.report import EXECUTION_DAYS, DueItem, due_report

__all__ = ["EXECUTION_DAYS", "DueItem", "due_report"]
