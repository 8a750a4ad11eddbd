"""The ``archive`` command line. Importing it first keeps dependency warnings off the terminal."""

from archive.dependency_warnings import log_dependency_warnings

log_dependency_warnings()
