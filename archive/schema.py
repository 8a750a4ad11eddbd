"""The whole catalog schema: every model module, imported so that ``Base.metadata`` is complete.

Each domain keeps its tables in its own ``models.py`` (all on the one ``Base``); whatever needs
the full metadata (the Alembic environment, ``archive db check``) imports this module,
so that a table is never missed because nothing happened to import its domain.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from archive.audit import models as audit_models
from archive.catalog import models as catalog_models
from archive.db.base import Base
from archive.edxml import models as edxml_models
from archive.evidence import models as evidence_models
from archive.holdings import models as holdings_models
from archive.inspection import models as inspection_models
from archive.minutes import models as minutes_models
from archive.ocr import models as ocr_models
from archive.retention import models as retention_models
from archive.review import models as review_models
from archive.signatures import models as signatures_models
from archive.use import models as use_models
from archive.users import models as users_models

__all__ = ["MODEL_MODULES", "metadata"]

MODEL_MODULES = (
    audit_models,
    catalog_models,
    edxml_models,
    evidence_models,
    holdings_models,
    inspection_models,
    minutes_models,
    ocr_models,
    retention_models,
    review_models,
    signatures_models,
    use_models,
    users_models,
)

metadata: MetaData = Base.metadata
