"""The shop's database with every table: db.py's own and those the help, support and
after-sales parts keep beside their code (on db.Base).

The parts build on db.py, so db.py cannot know their tables; whoever opens the database
opens it here, where every part's models are imported before the tables are created.
"""
from __future__ import annotations

from sqlalchemy.engine import Engine

from .aftersales import models as _aftersales  # noqa: F401  (imported for their tables)
from .db import Base, make_engine
from .help import models as _help  # noqa: F401
from .support import models as _support  # noqa: F401


def open_database(url: str, write_lock=None) -> Engine:
    """db.make_engine's engine, with every table created where it does not exist yet."""
    engine = make_engine(url, write_lock)
    Base.metadata.create_all(engine)
    return engine
