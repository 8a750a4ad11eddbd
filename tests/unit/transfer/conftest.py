"""A real archive home (SQLite and PostgreSQL) for the transfer tests."""

from tests.support.homes import archive, ctx  # noqa: F401  (fixtures for this folder)
