"""Periodic inspection (kiểm tra định kỳ, TT 05/2025 Ch. V): the yearly plan, its run (fixity
of every copy and the catalog against the stored files), the failures with their storage
address, and their remedies."""
