"""Opening the database for a running system: connected, migrated, seeds loaded.

Used by every command and by the web app's factory; the listener is composed elsewhere
(:mod:`inbox.listener`), so building the web app never imports the SMTP side.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from inbox import migrate
from inbox.config import Settings
from inbox.db import make_engine, session_factory, transaction
from inbox.desk.articles import load_seeds, seeds_current
from inbox.resources import resource_dir

log = logging.getLogger(__name__)


@dataclass
class Database:
    engine: Engine
    factory: sessionmaker[Session]


def open_database(settings: Settings, *, upgrade: bool = True, seed: bool = True) -> Database:
    """Connect, apply the migrations and load the seeds (both idempotent, and skipped when the
    database is already at the head revision and holds the seeds as they read)."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
    if upgrade:
        migrate.upgrade(engine)
    factory = session_factory(engine, info={"settings": settings})
    if seed:
        folder = resource_dir("seeds")
        with factory() as session:      # usually nothing changed: no write transaction for that
            current = seeds_current(session, folder)
        if not current:
            with transaction(factory) as session:
                migrate.serialise_startup(session.connection())
                articles = load_seeds(session, folder)
            log.info("articles loaded: %s", ", ".join(a.slug for a in articles))
    return Database(engine, factory)
