"""The one catalogue of what the archive says to people, in Vietnamese and English.

Every user-facing string of the adapters (the ``archive`` command, the web page, the JSON
API) is an entry here, by key, with both languages and the same named parameters:
:mod:`archive.messages.catalogue` looks them up, one module per area holds them.
"""
