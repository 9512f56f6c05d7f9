"""Durable intake: the raw message is committed before the listener may answer 250.

The listener hands each message to a :class:`GroupCommitWriter`. One writer thread takes every
message that queued up while its previous commit ran and inserts them in a single transaction
(group commit, as databases do with their logs): each message's future resolves only after its
batch has committed, so a 250 always means "on disk". If a batch fails, its messages are retried
one by one so that a single poisonous message cannot take the others down with it; whatever still
fails resolves with the exception and the listener answers 451.

The same message delivered twice (or to two listeners at once) has the same fingerprint, which
a unique constraint keeps to one row: ``INSERT ... ON CONFLICT DO NOTHING``, never a
check-then-insert race.
"""
from __future__ import annotations

import hashlib
import logging
import queue
import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy import JSON, LargeBinary, bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from inbox.db import write_connection
from inbox.models import UTCDateTime, utcnow

log = logging.getLogger(__name__)
MAX_BATCH = 256
_HEADER_END = re.compile(rb"\r?\n\r?\n")
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
    match = _HEADER_END.search(raw)
    head, body = (raw[:match.start()], raw[match.end():]) if match else (raw, b"")
    mid = _MESSAGE_ID.search(head)
    message_id = re.sub(rb"\s+", b"", mid.group(1)) if mid else b""
    head = _TRACE.sub(b"", head + b"\n")
    digest = hashlib.sha256(message_id + b"\0")
    for part in (head, b"\0", body):
        digest.update(part.replace(b"\r\n", b"\n").rstrip(b"\n"))
    return digest.hexdigest()


# Plain SQL, built once: this runs for every batch on the listener's hot path, where compiling a
# fresh multi-row ORM insert per batch cost more than the commit itself. One executemany INSERT;
# a row whose fingerprint exists already is skipped by the unique constraint (both backends).
_INSERT = text(
    "INSERT INTO messages (fingerprint, raw, size, mail_from, rcpt_tos, peer, helo, received_at) "
    "VALUES (:fingerprint, :raw, :size, :mail_from, :rcpt_tos, :peer, :helo, :received_at) "
    "ON CONFLICT (fingerprint) DO NOTHING"
).bindparams(bindparam("raw", type_=LargeBinary), bindparam("rcpt_tos", type_=JSON),
             bindparam("received_at", type_=UTCDateTime))
_IDS = text("SELECT fingerprint, id FROM messages WHERE fingerprint IN :prints").bindparams(
    bindparam("prints", expanding=True))


def store_messages(conn: Connection | Session, items: list[IncomingMessage]) -> list[Stored]:
    """Insert the messages (skipping ones already stored) and return their primary keys."""
    prints = [fingerprint(m.raw) for m in items]
    rows = {}
    for m, fp in zip(items, prints):
        rows.setdefault(fp, dict(fingerprint=fp, raw=m.raw, size=len(m.raw), mail_from=m.mail_from,
                                 rcpt_tos=list(m.rcpt_tos), peer=m.peer, helo=m.helo,
                                 received_at=m.received_at))
    # Which were here before: exact under SQLite's write lock; on PostgreSQL two listeners racing
    # on the same message may both call it new (only the log line's "duplicate" flag can differ;
    # the unique constraint still stores it once).
    before = dict(conn.execute(_IDS, {"prints": list(rows)}).all())
    new = [r for fp, r in rows.items() if fp not in before]
    if not new:
        return [Stored(before[fp], duplicate=True) for fp in prints]
    conn.execute(_INSERT, new)
    pks = dict(conn.execute(_IDS, {"prints": list(rows)}).all())
    seen: set[str] = set()
    result = []
    for fp in prints:
        result.append(Stored(pks[fp], duplicate=fp in before or fp in seen))
        seen.add(fp)
    return result


class GroupCommitWriter:
    """One thread that commits queued messages in batches; see the module docstring."""

    def __init__(self, factory: sessionmaker[Session], on_commit: Callable[[], None] | None = None):
        self._factory = factory
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

    def submit(self, message: IncomingMessage) -> Future:
        future: Future = Future()
        if self._stopping:
            future.set_exception(RuntimeError("the writer is shutting down"))
        else:
            self._queue.put((message, future))
        return future

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

    def _commit(self, batch: list[tuple[IncomingMessage, Future]]) -> None:
        try:
            results = self._write([m for m, _ in batch])
        except Exception:
            log.warning("group commit of %d messages failed; retrying one by one", len(batch), exc_info=True)
            for message, future in batch:
                try:
                    future.set_result(self._write([message])[0])
                except Exception as exc:  # the listener answers 451 for this one
                    log.error("storing a message failed", exc_info=True)
                    future.set_exception(exc)
        else:
            for (_, future), result in zip(batch, results):
                future.set_result(result)
        if self._on_commit is not None:
            self._on_commit()

    def _write(self, messages: list[IncomingMessage]) -> list[Stored]:
        with write_connection(self._factory.kw["bind"]) as conn:
            return store_messages(conn, messages)
