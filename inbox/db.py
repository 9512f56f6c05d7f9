"""The database engine, sessions and the transaction boundary.

Engines are built from a URL on demand (never at import time). SQLite is tuned for durability
with concurrency: WAL journal, ``synchronous=FULL`` (a commit survives power loss), a busy
timeout so writers queue instead of failing, and foreign keys on.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        busy_ms = int(kwargs.setdefault("connect_args", {}).setdefault("timeout", 30) * 1000)
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # We issue BEGIN ourselves (below) instead of letting the driver do it implicitly.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # A transaction that reads and then writes must take the write lock up front
            # (BEGIN IMMEDIATE): otherwise, if another writer commits in between, SQLite fails
            # the upgrade at once with "database is locked" instead of waiting its busy timeout.
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgresql"):
        # synchronous_commit=on is PostgreSQL's default; we set it explicitly because the
        # listener answers 250 only after COMMIT returns, and that promise depends on it.
        options = make_url(url).query.get("options", "")   # e.g. a search_path from the URL
        kwargs.setdefault("connect_args", {}).setdefault("options", f"{options} -c synchronous_commit=on".strip())
        kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def session_factory(engine: Engine, info: dict | None = None) -> sessionmaker[Session]:
    """``info`` is copied into every session's ``Session.info`` (the running system puts its
    Settings there, for services deep in a change that need them, e.g. mail to readers)."""
    return sessionmaker(bind=engine, expire_on_commit=False, info=info or {})
def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)




@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work that writes: commit on success, roll back on any exception.

    On SQLite it takes the write lock at BEGIN (see ``make_engine``); reads that never write can
    use a plain ``factory()`` session and never wait for writers (WAL).
    """
    with writer_turn(factory.kw["bind"]), factory() as session:
        with session.begin():
            begin_write(session)
            yield session


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """On a SQLite file, writers (the listener's group commit, the worker, CLI commands) queue on
    an flock beside the database before BEGIN IMMEDIATE. SQLite's own busy handler polls with
    sleeps that grow to 100 ms, so a writer that found the lock taken kept sleeping long after it
    was free, and the listener's acknowledgements stalled behind the worker; a blocked flock wakes
    the moment the lock is released. Where the lock file cannot be used, SQLite's handler remains."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    try:
        # A descriptor per turn, never a shared one: flock excludes per open file, so threads of
        # one process (the listener's writer, web requests in `inbox serve`) need their own.
        fd = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)     # closing the descriptor releases the lock


def begin_write(session: Session) -> None:
    """Mark the session's (not yet started) transaction as a writer; call before any query."""
    session.connection(execution_options={"sqlite_immediate": True})
