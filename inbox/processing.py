"""From a stored raw message to a letter: parse, screen, link, store.

Runs after the 250, in a worker thread of the listener's process (``Processor``) and before any
command lists letters (``process_pending``), so every acknowledged message is accounted for.
A message the parser cannot make sense of still becomes a letter, flagged for a human with its
raw bytes kept; a processing failure does the same rather than leaving the message invisible.
"""
from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from inbox.articles import ArticleIndex, Link
from inbox.config import Settings
from inbox.db import transaction
from inbox.mail.parse import parse_message
from inbox.mail.parsed import ParsedLetter
from inbox.models import Attachment, Kind, Letter, LinkMethod, Message, utcnow
from inbox.rowinsert import RowInsert
from inbox.screening import automated_reason
from inbox.text import clean_line, clean_text, storable

log = logging.getLogger(__name__)
BATCH = 100


def plus_tags(rcpt_tos: list[str], addresses: tuple[str, ...]) -> list[str]:
    """The ``<slug>`` of every ``letters+<slug>@domain`` recipient that is one of ours."""
    tags = []
    for rcpt in rcpt_tos:
        local, _, domain = rcpt.lower().rpartition("@")
        base, plus, tag = local.partition("+")
        if plus and tag and f"{base}@{domain}" in addresses:
            tags.append(tag)
    return tags


def build_letter(message: Message, *, settings: Settings, index: ArticleIndex) -> Letter:
    """Parse, screen and link one stored message into a (not yet added) letter. No database work."""
    try:
        parsed = parse_message(message.raw)
    except Exception:  # the parser promises not to raise; if it does, a human looks at the raw bytes
        log.exception("parser failed on message %s", message.id)
        parsed = None
    return _letter_from(parsed, message, settings, index) if parsed else _unreadable(message)


def receive_letter(session: Session, message: Message, *, settings: Settings, index: ArticleIndex) -> Letter:
    """Parse one stored message and add its letter (and attachments) to the session."""
    letter = build_letter(message, settings=settings, index=index)
    message.processed_at = utcnow()
    session.add(letter)
    return letter


def _fit(value: str | None, column) -> str | None:
    """Cut a value to its column's length: PostgreSQL refuses longer strings (SQLite stores them),
    and a hostile 5,000-character Subject must not turn a readable letter into a failed one."""
    limit = column.type.length
    return value[:limit] if value is not None and limit else value


def _contact(parsed: ParsedLetter) -> dict[str, str | None] | None:
    contact = parsed.author_contact
    return None if contact is None else {key: storable(value) for key, value in contact.items()}


def _letter_from(parsed: ParsedLetter, message: Message, settings: Settings, index: ArticleIndex) -> Letter:
    reason = automated_reason(parsed, message.mail_from)
    # Automated mail answers no article: never linked, whatever its subject or references.
    link = Link(None, LinkMethod.NONE) if reason else index.link(
        plus_tags=plus_tags(message.rcpt_tos, settings.letters_addresses),
        subject=parsed.subject, body=parsed.text,
        reply_refs=[r for r in (parsed.in_reply_to, *parsed.references) if r])
    flags = []
    if parsed.unparseable:
        flags.append("unparseable")
    if parsed.defects:
        flags.append("defects")
    if parsed.forwarded:
        flags.append("forwarded")
    flags += [f"review: {reason}" for reason in parsed.review]
    letter = Letter(
        message_pk=message.id, kind=Kind.AUTOMATED if reason else Kind.LETTER, automated_reason=reason,
        article_id=link.article_id, link_method=link.method, link_suggestions=list(link.suggestions),
        # A message without a Message-ID gets one, derived from its fingerprint so it is stable.
        message_id=(_fit(parsed.message_id, Letter.message_id)
                    or f"{message.fingerprint[:32]}@generated.letters.invalid"),
        author_name=_fit(parsed.author_name, Letter.author_name),
        # An address too long for the column is not a usable address; never store a cut one.
        author_email=parsed.from_email if parsed.from_email and len(parsed.from_email) <= 320 else None,
        author_location=_fit(parsed.author_location, Letter.author_location),
        subject=_fit(parsed.subject, Letter.subject),
        received_at=message.received_at, sent_at=parsed.sent_at, word_count=parsed.word_count,
        text=storable(parsed.text), full_text=storable(parsed.full_text), html=storable(parsed.html),
        headers=[list(h) for h in parsed.headers], flags=flags + [f"defect: {d}" for d in parsed.defects[:20]],
        needs_review=parsed.unparseable or bool(parsed.review),
        removed=[{"kind": kind, "text": storable(text)} for kind, text in parsed.removed],
        author_contact=_contact(parsed),
    )
    for att in parsed.attachments:
        keep = att.size <= settings.attachment_max_bytes
        letter.attachments.append(Attachment(
            filename=_fit(att.filename, Attachment.filename),
            content_type=_fit(att.content_type, Attachment.content_type), size=att.size,
            content=att.content if keep else None, inline=att.inline,
            content_id=_fit(att.content_id, Attachment.content_id)))
    return letter


def _unreadable(message: Message) -> Letter:
    # clean_text drops NUL and other control characters: PostgreSQL refuses NUL in text columns,
    # and this fallback must store *something* whatever the raw bytes hold.
    text = clean_text(message.raw.decode("utf-8", errors="replace"))
    return Letter(message_pk=message.id, kind=Kind.LETTER, received_at=message.received_at,
                  subject=clean_line(text.split("\n", 1)[0])[:200] or None, text="", full_text=text,
                  flags=["unparseable", "processing-failed"], needs_review=True,
                  message_id=f"{message.fingerprint[:32]}@generated.letters.invalid")


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


def _pending(session: Session, size: int, *, claim: bool) -> list[Message]:
    query = select(Message).where(Message.processed_at.is_(None)).order_by(Message.id).limit(size)
    return list(session.scalars(query.with_for_update(skip_locked=True) if claim else query))


def _build_all(session: Session, pending: list[Message], settings: Settings,
               inserts: _Inserts) -> list[_Built]:
    index = ArticleIndex.load(session) if pending else None
    built = []
    for message in pending:
        letter = build_letter(message, settings=settings, index=index)
        built.append(_Built(message, inserts.letter.row(_values(letter)),
                            [inserts.attachment.row(_values(a)) for a in letter.attachments]))
    return built


def _values(obj) -> dict:
    return {c.name: getattr(obj, c.key) for c in obj.__table__.columns}


def _store(session: Session, built: list[_Built], settings: Settings, inserts: _Inserts) -> None:
    """Store a batch of ready rows, one statement per table: the write lock is held meanwhile."""
    now = utcnow()
    # Only the messages nobody processed meanwhile (another worker, or `inbox letters`).
    claimed = set(session.scalars(
        update(Message).where(Message.id.in_([b.message.id for b in built]), Message.processed_at.is_(None))
        .values(processed_at=now).returning(Message.id).execution_options(synchronize_session=False)))
    todo = [b for b in built if b.message.id in claimed]
    done: list[tuple[int, int, dict]] = []      # message id, letter id, the letter's stored values
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
    for message_id, letter_id, v in done:
        # One line per letter, with no letter content in it.
        log.info("processed message=%d letter=%d kind=%s article=%s link=%s review=%s",
                 message_id, letter_id, v["kind"], v["article_id"], v["link_method"],
                 bool(v["needs_review"]))


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
        letter = _unreadable(message)
        session.add(letter)
        session.flush()
    return letter


class Processor:
    """A background thread that processes stored messages soon after they are committed."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings, poll_seconds: float = 2.0):
        self._factory, self._settings, self._poll = factory, settings, poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="processor", daemon=True)

    def start(self) -> "Processor":
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._poll)
            self._wake.clear()
            try:
                process_pending(self._factory, self._settings)
            except Exception:  # the database may be down; the messages wait safely
                log.warning("processing pending messages failed; will retry", exc_info=True)
