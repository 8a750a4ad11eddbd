"""The S3 fixtures live in tests/support/s3fixtures.py, registered for the whole suite by
tests/conftest.py (one SeaweedFS per xdist worker, whichever directory asks for it)."""
