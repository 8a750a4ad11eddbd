"""Transfer of permanent dossiers to the historical archive (Lưu trữ lịch sử; docs/domain.md §4.8,
§5.3).

States of a dossier's transfer: ``registered`` → ``exported`` → ``accepted`` | ``returned``
(a returned dossier can be exported again); after acceptance the local copy is marked
``transferred`` (dossier status) and is deleted only by ``delete``: an explicit, logged step,
refused while the dossier is held or any storage lock is unexpired, which first keeps a record
(metadata, digests, evidence) in the batch's OCFL object ``urn:archive:transfer:<request>``.

Eligible: permanent (the longest retention of the dossier and its documents is 01), access mode
not 03 (Mật), active, not held.

The steps, every one an audit event: ``register`` (``registration.py``), ``export``
(``export.py``: one SIP_hoso per dossier, built by ``sip.py`` and ``package.py``),
``record_receipt`` (``receipt.py``) and ``delete_transferred`` (``deletion.py``); a request's
OCFL object, its Mục lục and the state of every row are in ``batch.py``.
"""
