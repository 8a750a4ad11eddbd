"""archive: electronic archive and records preservation for Vietnamese state agencies."""

from archive.dependency_warnings import silence_known

__version__ = "0.1.0"
__all__ = ["__version__"]

silence_known()
