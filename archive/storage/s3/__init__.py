"""S3 object store: the OCFL storage root in a versioned bucket with Object Lock.

Every object version is written with an Object Lock retention (COMPLIANCE by default) until a
date the caller gives, or the store's default horizon. The bucket must be versioned with Object
Lock enabled (``ensure_bucket`` creates such a bucket; ``check_bucket`` refuses any other).

S3 has no atomic rename, so ``publish_tree`` makes a tree *whole* with a completion marker
(docs/decisions/0004-ocfl-on-s3.md): every file is uploaded first, the marker last, with
``If-None-Match: *`` so that of two writers exactly one completes. For OCFL trees the marker is
the one file readers look for: ``0=ocfl_object_1.1`` at an object root, ``inventory.json`` at a
version directory. A run that dies half-way leaves only unreferenced object versions, invisible
to ``OcflRoot``; a retry uploads again and completes.

Uploads carry a SHA-256 checksum the server verifies (per part for multipart uploads) and the
whole object's SHA-256 in the ``x-amz-meta-sha256`` user metadata. Downloads are streamed.
botocore failures are translated into the archive's error tree: a missing key is
``ObjectNotFound``, an unreachable endpoint ``Unavailable``, a missing or unlocked bucket or
refused credentials ``ConfigurationError``.

The package: ``base.py`` (limits, key checks, error translation), ``upload.py`` (staged trees,
PUT and multipart uploads), ``locking.py`` (retention, legal holds, erase), ``store.py``
(``S3ObjectStore``: reads, writes, publishing), ``client.py`` (boto3 client, opening, bucket).
"""

from archive.storage.s3.base import MIN_PART_SIZE
from archive.storage.s3.client import ensure_bucket, make_client, open_s3_store
from archive.storage.s3.store import S3ObjectStore

__all__ = ["MIN_PART_SIZE", "S3ObjectStore", "ensure_bucket", "make_client", "open_s3_store"]
