"""Backing up and restoring the SQLite database (``inbox backup`` / ``inbox restore``).

A backup is SQLite's online backup API (``sqlite3.Connection.backup``) run in one step: one read
transaction, so the copy is the database as of one instant, every commit before it included,
while the listener goes on writing (WAL: readers never block writers). It is written beside the
target under a temporary name, checked, synced and renamed into place, so a failed backup never
leaves a half file under the target's name. The copy is one self-contained file (rollback
journal, no ``-wal`` beside it).

A restore first checks that the file is one of our databases (SQLite's header, an integrity
check, our tables, a migration revision we know), then copies it *into* the live database with
the same backup API: one write transaction on the destination, so other connections see the old
database or the new one and never a mix, and SQLite's own WAL and locks stay coherent (replacing
the file under an open WAL would not be). It refuses to overwrite a database that holds letters
unless told to. Migrations are the caller's next step (the copy may be older than the code).

PostgreSQL has its own tools; :func:`pg_dump_command` and :func:`pg_restore_command` spell them
out for the configured URL.
"""
from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, make_url

from inbox import migrate

SQLITE_HEADER = b"SQLite format 3\x00"
# The tables that make a file one of ours (a subset: older revisions lack later tables).
OUR_TABLES = {"alembic_version", "messages", "letters", "articles", "users"}
BUSY_TIMEOUT = 30.0     # seconds to wait for the listener's write lock


class BackupError(Exception):
    """A backup or restore that was refused or failed; nothing was replaced."""


@dataclass(frozen=True)
class Contents:
    messages: int
    letters: int
    revision: str

    def __str__(self) -> str:
        return f"{self.messages} message(s), {self.letters} letter(s), schema {self.revision}"


def backup_sqlite(database: Path, target: Path) -> Contents:
    """Copy the live database at ``database`` to ``target`` consistently; what the copy holds."""
    if not database.exists():
        raise BackupError(f"no database at {database}")
    target = target.expanduser().resolve()
    if target == database.resolve():
        raise BackupError("the backup file is the database itself")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        # Not read-only: a read-only connection cannot open a WAL database whose -shm is gone.
        source = sqlite3.connect(database, timeout=BUSY_TIMEOUT)
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)                 # pages=-1: all in one step, one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")   # one file, no -wal to carry along
        finally:
            source.close()
            copy.close()
        contents = inspect(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return contents
    except sqlite3.Error as e:
        raise BackupError(f"backup failed: {e}") from e
    finally:
        tmp.unlink(missing_ok=True)


def inspect(path: Path) -> Contents:
    """What a backup file holds, after checking it is one of our SQLite databases."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as e:
        raise BackupError(f"cannot read {path}: {e.strerror}") from e
    if header != SQLITE_HEADER:
        raise BackupError(f"{path} is not a SQLite database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{path} is damaged: {check}")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not OUR_TABLES <= tables:
                raise BackupError(f"{path} is a SQLite database but not a letters inbox "
                                  f"(missing tables: {', '.join(sorted(OUR_TABLES - tables))})")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            letters = conn.execute("SELECT count(*) FROM letters").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise BackupError(f"{path} cannot be read as a database: {e}") from e
    if revision is None or not migrate.is_known_revision(revision[0]):
        raise BackupError(f"{path} has a schema revision this version does not know "
                          f"({revision[0] if revision else 'none'}): made by a newer version?")
    return Contents(messages, letters, revision[0])


def restore_sqlite(backup: Path, database: Path, *, force: bool = False) -> Contents:
    """Replace the database at ``database`` with the backup, atomically; what it now holds."""
    backup = backup.expanduser().resolve()
    if backup == database.resolve():
        raise BackupError("the backup file is the database itself")
    contents = inspect(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        if database.exists() and not force:
            current = _counts(database)
            if current and any(current):
                raise BackupError(f"{database} holds {current[0]} message(s) and {current[1]} letter(s); "
                                  "restoring would replace them (give --force to do it anyway)")
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        live = sqlite3.connect(database, timeout=BUSY_TIMEOUT)
        try:
            source.backup(live)        # one write transaction on the live database
        finally:
            source.close()
            live.close()
    except sqlite3.Error as e:
        raise BackupError(f"restore failed, the database is unchanged: {e}") from e
    return contents


def _counts(database: Path) -> tuple[int, int] | None:
    """(messages, letters) in an existing database; None where it has no such tables."""
    conn = sqlite3.connect(database, timeout=BUSY_TIMEOUT)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]   # type: ignore[return-value]
                     for table in ("messages", "letters"))
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _libpq(url: str) -> tuple[str, list[str]]:
    """A SQLAlchemy PostgreSQL URL as libpq understands it (no driver, no password: pg_dump
    reads that from PGPASSWORD or ~/.pgpass), and the --schema a search_path option names."""
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    options = options if isinstance(options, str) else " ".join(options)
    schemas = [part.split("=", 1)[1].split(",")[0] for part in options.replace("-c ", "-c").split()
               if part.startswith("-csearch_path=")]
    libpq = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                       database=parsed.database, query=parsed.query)
    conninfo = libpq.render_as_string(hide_password=False)
    return conninfo, [f"--schema={schemas[0]}"] if schemas else []


def pg_dump_command(url: str, target: str) -> str:
    conninfo, schema = _libpq(url)
    return shlex.join(["pg_dump", "--format=custom", f"--file={target}", *schema, f"--dbname={conninfo}"])


def pg_restore_command(url: str, backup: str) -> str:
    conninfo, schema = _libpq(url)
    return shlex.join(["pg_restore", "--clean", "--if-exists", "--no-owner", *schema,
                       f"--dbname={conninfo}", backup])
