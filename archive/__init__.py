"""archive: electronic archive and records preservation for Vietnamese state agencies."""

__version__ = "0.1.0"
__all__ = ["__version__"]
