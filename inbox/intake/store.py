"""Durable intake: the raw message is committed before the listener may answer 250.

The listener hands each message to a :class:`GroupCommitWriter`. One writer thread takes every
message that queued up while its previous commit ran and inserts them with one multi-row
statement in autocommit mode, which is its own transaction (group commit, as databases do with
their logs): each message's future resolves only after its batch has committed, so a 250 always
means "on disk". If a batch fails, its messages are retried
one by one so that a single poisonous message cannot take the others down with it; whatever still
fails resolves with the exception and the listener answers 451.

The same message delivered twice (or to two listeners at once) has the same fingerprint, which
a unique constraint keeps to one row: ``INSERT ... ON CONFLICT DO NOTHING``, never a
check-then-insert race.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import queue
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy.engine import Engine

from inbox.db import writer_turn
from inbox.models import Message, utcnow
from inbox.mail.rawmail import split_raw
from inbox.rowinsert import RowInsert

log = logging.getLogger(__name__)
MAX_BATCH = 256
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
# Headers that relays add on the way: the same letter via two routes must still match.
_TRACE = re.compile(rb"^(received|return-path|delivered-to|x-original-to|dkim-signature|arc-[a-z-]+|"
                    rb"authentication-results|x-received)[ \t]*:.*(?:\r?\n[ \t].*)*\r?\n?",
                    re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class IncomingMessage:
    raw: bytes
    mail_from: str
    rcpt_tos: tuple[str, ...]
    peer: str | None = None
    helo: str | None = None
    received_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Stored:
    message_pk: int
    duplicate: bool


def fingerprint(raw: bytes) -> str:
    """sha256 over the Message-ID and the content, without trace headers and line-ending noise."""
    head, body = split_raw(raw)
    mid = _MESSAGE_ID.search(head)
    message_id = re.sub(rb"\s+", b"", mid.group(1)) if mid else b""
    head = _TRACE.sub(b"", head + b"\n")
    digest = hashlib.sha256(message_id + b"\0")
    for part in (head, b"\0", body):
        digest.update(part.replace(b"\r\n", b"\n").rstrip(b"\n"))
    return digest.hexdigest()


class MessageStore:
    """The listener's statements on one DB-API connection, held for the writer's life.

    This runs for every batch on the listener's hot path, sharing the interpreter lock with the
    event loop; through SQLAlchemy's Core (a pooled connection per batch, compiled statements,
    result objects) it cost about twice the SQLite commit itself (see :mod:`inbox.rowinsert`).
    One ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` per batch, in autocommit mode (one
    statement is atomic on its own), returns the new rows; a fingerprint stored already returns
    nothing, and one SELECT finds the earlier rows: the unique constraint decides, never a
    check-then-insert race.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self._connection = None
        self._sqlite = engine.dialect.name == "sqlite"   # see make_engine: isolation_level=None
        self._insert = RowInsert(Message.__table__, engine.dialect, skip_conflict_on="fingerprint")

    def prepare(self, message: IncomingMessage) -> tuple[str, dict]:
        """The message's fingerprint and row, ready to insert (no database work)."""
        fp = fingerprint(message.raw)
        return fp, self._insert.row(dict(
            fingerprint=fp, raw=message.raw, size=len(message.raw), mail_from=message.mail_from,
            rcpt_tos=list(message.rcpt_tos), peer=message.peer, helo=message.helo,
            received_at=message.received_at))

    def write(self, prepared: list[tuple[str, dict]]) -> list[Stored]:
        """Store prepared messages in one statement (committed when this returns)."""
        rows: dict[str, dict] = {}       # by fingerprint: the same message twice in a batch is one row
        for fp, row in prepared:
            rows.setdefault(fp, row)
        prints = [fp for fp, _ in prepared]
        connection = self._connection or self._open()
        self._connection = None          # put back below only if all went well
        try:
            cursor = connection.cursor()
            with writer_turn(self._engine):
                # One statement in autocommit mode is its own transaction, committed when it
                # returns: on PostgreSQL a single round trip per batch instead of three.
                new = dict(self._insert.execute(cursor, list(rows.values()), "fingerprint, id"))
            before = self._existing(cursor, [fp for fp in rows if fp not in new])
        except BaseException:
            connection.invalidate()      # a broken or half-used connection is never reused
            raise
        self._connection = connection
        results, seen = [], set()
        for fp in prints:
            results.append(Stored(new.get(fp) or before[fp], duplicate=fp not in new or fp in seen))
            seen.add(fp)
        return results

    def _open(self):
        connection = self._engine.raw_connection()
        if not self._sqlite:             # our SQLite connections are in autocommit mode already
            connection.driver_connection.autocommit = True
        return connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()    # never hand an autocommit connection back to the pool
            self._connection = None

    def _existing(self, cursor, prints: list[str]) -> dict[str, int]:
        if not prints:
            return {}
        marks = ", ".join(self._insert.mark(f"p{i}") for i in range(len(prints)))
        cursor.execute(f"SELECT fingerprint, id FROM messages WHERE fingerprint IN ({marks})",
                       {f"p{i}": fp for i, fp in enumerate(prints)})
        return dict(cursor.fetchall())


class GroupCommitWriter:
    """One thread that commits queued messages in batches; see the module docstring.

    ``store`` is awaited on the listener's event loop. The writer settles a whole batch with one
    ``call_soon_threadsafe`` rather than one cross-thread wake-up per message."""

    def __init__(self, engine: Engine, on_commit: Callable[[], None] | None = None):
        self._store = MessageStore(engine)
        self._on_commit = on_commit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._stopping = False

    def start(self) -> "GroupCommitWriter":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._queue.put(None)
        self._thread.join(timeout=30)
        self._store.close()

    async def store(self, message: IncomingMessage) -> Stored:
        """Resolve once the message is committed; raise if it could not be stored."""
        if self._stopping:
            raise RuntimeError("the writer is shutting down")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((message, loop, future))
        return await future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < MAX_BATCH:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)   # finish this batch, then stop
                    break
                batch.append(nxt)
            self._commit(batch)

    def _commit(self, batch: list) -> None:
        try:
            outcomes = self._store.write([self._store.prepare(m) for m, _, _ in batch])
        except Exception:
            log.warning("group commit of %d messages failed; retrying one by one", len(batch), exc_info=True)
            outcomes = [self._write_alone(m) for m, _, _ in batch]
        by_loop: dict = {}
        for (_, loop, future), outcome in zip(batch, outcomes):
            by_loop.setdefault(loop, []).append((future, outcome))
        for loop, settled in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle, settled)
            except RuntimeError:     # that loop has closed: nobody is waiting any more
                pass
        if self._on_commit is not None:
            self._on_commit()

    def _write_alone(self, message: IncomingMessage) -> Stored | BaseException:
        try:
            return self._store.write([self._store.prepare(message)])[0]
        except Exception as exc:     # the listener answers 451 for this one
            log.error("storing a message failed", exc_info=True)
            return exc


def _settle(settled: list) -> None:
    """On the event loop: hand each waiting session its outcome (unless it gave up waiting)."""
    for future, outcome in settled:
        if future.done():
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
