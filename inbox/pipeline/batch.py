"""Processing every pending stored message into a letter, in batches: the pipeline's entry.

``process_pending`` runs after the 250: in the worker (:mod:`inbox.pipeline.runners`) and before
any command lists or exports letters, so every acknowledged message is accounted for. A failure
anywhere still leaves a letter, flagged ``processing-failed`` with the traceback kept.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.db import transaction
from inbox.models import Attachment, Letter, Message, utcnow
from inbox.pipeline.build import build_letter, unreadable
from inbox.pipeline.desk_checks import Prepared, check_new_letters, prepare_all
from inbox.pipeline.linking import ArticleIndex
from inbox.pipeline.pending import unprocessed
from inbox.readers import consent, notices
from inbox.rowinsert import RowInsert

log = logging.getLogger(__name__)
BATCH = 100


def process_pending(factory: sessionmaker[Session], settings: Settings, *, limit: int | None = None) -> int:
    """Turn every unprocessed stored message into a letter; returns how many were processed.

    Parsing is CPU work and must not hold the database's write lock (on SQLite there is only one,
    and the listener's group commits would queue behind it): a batch is read, parsed and made into
    ready rows outside any write transaction, then stored in a short one. On PostgreSQL the batch
    is instead claimed with ``FOR UPDATE SKIP LOCKED`` (row locks only), so several workers never
    parse the same message.
    """
    done = 0
    dialect = factory.kw["bind"].dialect
    inserts = _Inserts(dialect)
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        if dialect.name == "postgresql":
            with transaction(factory) as session:
                pending = _pending(session, size, claim=True)
                if not pending:
                    return done
                _store(session, _build_all(session, pending, settings, inserts), settings, inserts)
        else:
            with factory() as session:
                pending = _pending(session, size, claim=False)
                built = _build_all(session, pending, settings, inserts)
            if not pending:
                return done
            with transaction(factory) as session:
                _store(session, built, settings, inserts)
        done += len(pending)
    return done


class _Inserts:
    """The worker's two inserts, prepared once per run (see :mod:`inbox.rowinsert`)."""

    def __init__(self, dialect):
        self.letter = RowInsert(Letter.__table__, dialect)
        self.attachment = RowInsert(Attachment.__table__, dialect)


@dataclass
class _Built:
    message: Message
    row: dict                            # the letter's row, ready to insert
    attachment_rows: list[dict]
    letter: Letter                       # the same, as built (not added to any session)
    prepared: Prepared | None            # the desk checks' CPU work (signature, contact keys)


def _pending(session: Session, size: int, *, claim: bool) -> list[Message]:
    query = select(Message).where(unprocessed()).order_by(Message.id).limit(size)
    return list(session.scalars(query.with_for_update(skip_locked=True) if claim else query))


def _build_all(session: Session, pending: list[Message], settings: Settings,
               inserts: _Inserts) -> list[_Built]:
    index = ArticleIndex.load(session) if pending else None
    letters = [build_letter(message, settings=settings, index=index) for message in pending]
    return [_Built(message, inserts.letter.row(_values(letter)),
                   [inserts.attachment.row(_values(a)) for a in letter.attachments], letter, prepared)
            for message, letter, prepared in zip(pending, letters, _prepare(letters, settings))]


def _prepare(letters: list[Letter], settings: Settings) -> list[Prepared | None]:
    """The desk checks' CPU work for the batch, together; if that fails, letter by letter, so
    one letter's failure costs only its own (the checks try it again, and fail without costing
    the letter)."""
    try:
        return prepare_all(letters, settings)
    except Exception:
        log.warning("preparing the desk's checks failed on a batch; retrying one by one", exc_info=True)
    out: list[Prepared | None] = []
    for letter in letters:
        try:
            out.append(prepare_all([letter], settings)[0])
        except Exception:
            log.exception("preparing the desk's checks failed on message %s", letter.message_pk)
            out.append(None)
    return out


def _values(obj) -> dict:
    return {c.name: getattr(obj, c.key) for c in obj.__table__.columns}


def _store(session: Session, built: list[_Built], settings: Settings, inserts: _Inserts) -> None:
    """Store a batch of ready rows, one statement per table: the write lock is held meanwhile."""
    now = utcnow()
    # Only the messages nobody processed meanwhile (another worker, or `inbox letters`).
    claimed = set(session.scalars(
        update(Message).where(Message.id.in_([b.message.id for b in built]), unprocessed())
        .values(processed_at=now).returning(Message.id).execution_options(synchronize_session=False)))
    # A writer's answer to our mail (approve, withdraw, a suggested change) is not a new letter.
    todo = [b for b in built if b.message.id in claimed and not consent.take_reply(session, b.message, b.letter)]
    done: list[tuple[int, int, dict]] = []      # message id, letter id, the letter's stored values
    prepared = {b.message.id: b.prepared for b in todo if b.prepared}
    try:
        with session.begin_nested():
            cursor = session.connection().connection.cursor()
            ids = dict(inserts.letter.execute(cursor, [b.row for b in todo], "message_pk, id"))
            inserts.attachment.execute(cursor, [{**row, "letter_id": ids[b.message.id]}
                                                for b in todo for row in b.attachment_rows], "id")
            done = [(b.message.id, ids[b.message.id], b.row) for b in todo]
    except Exception:
        # Some value the database refused: find the culprit by storing the batch one by one.
        log.warning("storing a batch of %d letters failed; retrying one by one", len(todo), exc_info=True)
        done = [(b.message.id, letter.id, _values(letter)) for b in todo
                for letter in [_store_one(session, b.message, settings)]]
        prepared = {}      # rebuilt, perhaps as unreadable: the checks prepare them afresh
    _desk_checks(session, [letter_id for _, letter_id, _ in done], settings,
                 {letter_id: prepared[m] for m, letter_id, _ in done if m in prepared})
    for message_id, letter_id, v in done:
        # One line per letter, with no letter content in it.
        log.info("processed message=%d letter=%d kind=%s article=%s link=%s review=%s",
                 message_id, letter_id, _plain(v["kind"]), v["article_id"], _plain(v["link_method"]),
                 bool(v["needs_review"]))
    # The acknowledgements go into the outbox in this same transaction (when mail is on).
    notices.acknowledge(session, settings, [letter_id for _, letter_id, _ in done])


def _desk_checks(session: Session, letter_ids: list[int], settings: Settings,
                 prepared: dict[int, Prepared]) -> None:
    """House rules, writers and campaigns (:mod:`inbox.pipeline.desk_checks`), their CPU work
    done already in the build stage (``prepared``, by letter id). A failure there costs the
    flags, never the letters: they are stored and an editor still sees them."""
    try:
        with session.begin_nested():
            check_new_letters(session, letter_ids, settings, prepared)
    except Exception:
        log.exception("the desk's checks failed on letters %s; stored without them", letter_ids[:20])


def _store_one(session: Session, message: Message, settings: Settings) -> Letter:
    try:
        with session.begin_nested():
            letter = build_letter(message, settings=settings, index=ArticleIndex.load(session))
            session.add(letter)
            session.flush()
            return letter
    except Exception:
        log.exception("storing the letter of message %s failed; flagged for a human", message.id)
    with session.begin_nested():
        session.execute(update(Message).where(Message.id == message.id)
                        .values(process_error=traceback.format_exc()[-4000:]))
        letter = unreadable(message)
        session.add(letter)
        session.flush()
    return letter


def _plain(value):
    """An enum's value (the one-by-one path's rows hold enums, the batch path's their values)."""
    return getattr(value, "value", value)
