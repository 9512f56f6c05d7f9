"""Putting the parts together for a running system: database ready, seeds loaded, listener up.

Used by the CLI (``serve``, ``smtp``, ``db upgrade``, ``seed``) and by the tests, which start
exactly what production starts.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from inbox import migrate
from inbox.articles import load_seeds
from inbox.config import Settings
from inbox.db import make_engine, session_factory, transaction
from inbox.ingest import GroupCommitWriter
from inbox.processing import Processor
from inbox.resources import resource_dir

log = logging.getLogger(__name__)


@dataclass
class Database:
    engine: Engine
    factory: sessionmaker[Session]


def open_database(settings: Settings, *, upgrade: bool = True, seed: bool = True) -> Database:
    """Connect, apply the migrations and load the seeds (both idempotent)."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
    if upgrade:
        migrate.upgrade(engine)
    factory = session_factory(engine)
    if seed:
        with transaction(factory) as session:
            migrate.serialise_startup(session.connection())
            articles = load_seeds(session, resource_dir("seeds"))
        log.info("articles loaded: %s", ", ".join(a.slug for a in articles))
    return Database(engine, factory)


class Listener:
    """The SMTP (or LMTP) listener with its group-commit writer and its processor: a thread, or
    with ``separate_worker`` a child process (``inbox worker``, see :mod:`inbox.worker`) so that
    parsing does not compete with the event loop for the interpreter lock."""

    def __init__(self, settings: Settings, db: Database, *, host: str, port: int, lmtp: bool = False,
                 separate_worker: bool = False):
        from inbox.mail.smtp import LettersController  # aiosmtpd only where a listener runs
        from inbox.worker import WorkerProcess

        self.processor = WorkerProcess() if separate_worker else Processor(db.factory, settings)
        self.writer = GroupCommitWriter(db.engine, on_commit=self.processor.wake)
        self.controller = LettersController(settings, self.writer, host=host, port=port, lmtp=lmtp)

    def start(self) -> "Listener":
        self.processor.start()
        self.writer.start()
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
        self.writer.stop()
        self.processor.stop()
