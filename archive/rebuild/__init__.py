"""``archive rebuild``: the catalog again from storage alone (``run``), the state the sealed
events carry folded back (``fold``), where each table comes back from (``tables``), and a
rebuilt catalog compared with the live one row for row (``compare``, ``check``)."""

from archive.rebuild.run import RebuildReport, rebuild

__all__ = ["RebuildReport", "rebuild"]
