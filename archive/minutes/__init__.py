"""Minutes (biên bản) and forms the archive writes and signs: the council's minutes, the
destruction minutes (Mẫu 21), the hand-over minutes of a transfer, the backup log and minutes
(Mẫu 18, 19), the inspection minutes (Mẫu 17) and the incident-recovery minutes (Mẫu 20), each a
signed PDF/A-2B with its JSON, kept as a record object (docs/minutes.md, ADR 0021).

The API other procedures call: ``forms`` (``Form``, ``MinutesSpec``, ``Participant``,
``Procedure``) and ``service`` (``write_minutes``, ``list_minutes``, ``show_minutes``,
``read_minutes``; ``store_minutes`` and ``record_minutes`` for a caller's own transaction).
"""
