"""Changes to the descriptive metadata of stored records: corrections and reclassification
(giải mật), each a new OCFL version, a change record and a ``metadata modification`` event
(docs/secrets.md, "Reclassification and corrections")."""
