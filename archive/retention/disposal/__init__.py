"""Destruction of expired and duplicate records (TT 05/2025 Ch. VII; docs/domain.md §4.11, §5.4).

The procedure, every step an audit event:

1. ``review`` (``review.py``, yearly): lists expired dossiers (longest retention over) and
   duplicates (every original also kept, byte for byte, by an earlier dossier with at least as
   long a retention) with status "Xem xét hủy". Held dossiers are left out and reported.
2. ``export_list`` (``lists.py``): the list as CSV, XLSX or PDF with the law's columns.
3. ``record_opinion`` (``council.py``): each member of the Hội đồng xét hủy records
   agree/disagree in the system; ``attach`` stores the external appraisal (thẩm định) documents.
4. ``decide`` (``decision.py``): the head of the agency records the decision (number, date,
   file). The head must not be the proposer, at least one council opinion must exist, and
   approval needs a majority of agreeing opinions.
5. ``execute`` (``execution.py``): re-checks every guard (holds, expiry, the kept copy of a
   duplicate, storage locks — all before deleting anything), writes the permanent destruction
   record into the list's OCFL object, erases the dossier's bytes, removes its catalog rows and
   index entries (what is kept of a dossier: ``archive/retention/records.py``).

Links the catalog knows (ADR 0008): a document belongs to its dossier (a dossier keeps the
longest retention of its documents), and a duplicate is linked to the dossier that keeps the same
originals; a duplicate is destroyed only while that dossier stays, with a retention at least as
long.
"""
