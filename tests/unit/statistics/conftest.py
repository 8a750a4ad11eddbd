"""A real archive home (SQLite and PostgreSQL) for the statistics tests."""

from tests.support.homes import archive  # noqa: F401  (fixtures for this folder)
