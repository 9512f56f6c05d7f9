"""The typed SQLAlchemy 2 models: articles, raw messages, letters and what editors do with them.

Two tables hold a reader's mail. ``messages`` keeps the raw bytes exactly as received, written
(and committed) by the SMTP listener before it answers 250. ``letters`` holds what the parser
derived from them; every derived field can be recomputed from the raw message. Keeping the raw
bytes apart also keeps the queue's table narrow.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Annotated, Any

from sqlalchemy import (
    JSON, BigInteger, Boolean, Date, DateTime, Enum, ForeignKey, Index, Integer, LargeBinary,
    MetaData, String, Text, TypeDecorator, UniqueConstraint, true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inbox.enums import (FLAGS, KINDS, STATUSES, EditionStatus, Flag, Kind, LinkMethod, Role, Stance, Standing, Status,
                         VerifyMethod)

__all__ = ["FLAGS", "KINDS", "STATUSES", "EditionStatus", "Flag", "Kind", "LinkMethod", "Role", "Stance", "Standing",
           "Status", "VerifyMethod"]   # and the models below


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored and returned in UTC, timezone-aware, on every backend
    (SQLite would otherwise hand back naive datetimes)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored by value ("shortlisted"), as a plain string column: no native enum types to migrate.
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=20)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    published_on: Mapped[date | None] = mapped_column(Date)
    publication: Mapped[str] = mapped_column(String(200), default="Reaction")
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Issue 15: articles come from the CMS, feeds and the admin page as well as seeds/.
    summary: Mapped[str] = mapped_column(Text, default="")
    # The URL in the one form every variant reduces to (inbox.urlforms.url_key): lookups by URL.
    url_key: Mapped[str | None] = mapped_column(String(1000), index=True)
    short_url: Mapped[str | None] = mapped_column(String(1000))     # e.g. reaction.life/?p=123
    short_key: Mapped[str | None] = mapped_column(String(1000), index=True)
    guid: Mapped[str | None] = mapped_column(String(1000), index=True)   # the feed item's id
    source: Mapped[str] = mapped_column(String(20), default="seed")   # seed, feed, editor, cli, api
    retired: Mapped[bool] = mapped_column(Boolean, default=False)    # no longer offered for linking
    created_at: Mapped[timestamp]
    # How the balance panel names each stance on this article, e.g. {"for": "for HS2"};
    # a stance without a label is shown by its own name.
    stance_labels: Mapped[dict[str, Any] | None] = mapped_column()


class Message(Base):
    """A message exactly as the listener received it: the durable record behind every 250."""

    __tablename__ = "messages"

    id: Mapped[intpk]
    # sha256 over Message-ID and content: the same message delivered twice (or to two
    # listeners at once) hits this unique constraint and is stored once.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    mail_from: Mapped[str] = mapped_column(String(1000), default="")
    rcpt_tos: Mapped[list[Any]] = mapped_column(default=list)
    peer: Mapped[str | None] = mapped_column(String(100))
    helo: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[timestamp]
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    process_error: Mapped[str | None] = mapped_column(Text)

    letter: Mapped["Letter | None"] = relationship(back_populates="message")


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[intpk]
    message_pk: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[Kind] = mapped_column(_enum(Kind), default=Kind.LETTER)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.NEW)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    link_method: Mapped[LinkMethod] = mapped_column(_enum(LinkMethod), default=LinkMethod.NONE)
    link_suggestions: Mapped[list[Any]] = mapped_column(default=list)   # [{"slug":..., "score":...}]

    message_id: Mapped[str | None] = mapped_column(String(998))      # the Message-ID header, no <>
    author_name: Mapped[str | None] = mapped_column(String(300))
    author_email: Mapped[str | None] = mapped_column(String(320), index=True)
    author_location: Mapped[str | None] = mapped_column(String(300))
    subject: Mapped[str | None] = mapped_column(String(998))
    received_at: Mapped[timestamp]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    word_count: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text, default="")          # as it would be published
    full_text: Mapped[str] = mapped_column(Text, default="")     # the whole best text part
    html: Mapped[str | None] = mapped_column(Text)               # original HTML, unsanitised
    # inbox.desk.sanitize's result, made once by the pipeline: NULL until then (letters stored
    # before migration 0005 wait for the worker's backfill), "" when there is no HTML or it was
    # too complex to clean (flag "html-too-complex"). Deferred: only the frame reads it.
    html_sanitised: Mapped[str | None] = mapped_column(Text, deferred=True)
    headers: Mapped[list[Any]] = mapped_column(default=list)     # [[name, value], ...] cleaned
    automated_reason: Mapped[str | None] = mapped_column(String(200))
    flags: Mapped[list[Any]] = mapped_column(default=list)       # e.g. ["unparseable", "defects"]
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the parser took out of ``text`` ([{"kind": "quote", "text": ...}, ...], message order)
    # and the reader's private contact ({"address": ..., "phone": ...}): never exported.
    removed: Mapped[list[Any]] = mapped_column(default=list)
    author_contact: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    reject_reason: Mapped[str | None] = mapped_column(Text)

    # The publication version (issue 3): the original fields above never change.
    headline: Mapped[str | None] = mapped_column(String(300))
    publication_text: Mapped[str | None] = mapped_column(Text)
    signoff_name: Mapped[str | None] = mapped_column(String(300))
    signoff_location: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int | None] = mapped_column(Integer)        # editor's order in the shortlist
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the CMS published the letter (write-back through the API, issue 15).
    published_url: Mapped[str | None] = mapped_column(String(1000))
    # Optimistic locking: two editors acting on one letter at once; the later one gets a conflict.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The letters desk at intake (migration 0008). Plain indexed integers, not foreign keys:
    # adding a constraint to ``letters`` on SQLite would rebuild the table and its triggers.
    # Set with Core updates, so the editors' ``version`` is not bumped by the machine.
    writer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    campaign_id: Mapped[int | None] = mapped_column(Integer, index=True)
    stance: Mapped[Stance | None] = mapped_column(_enum(Stance))   # an editor's tag; None: untagged

    message: Mapped[Message] = relationship(back_populates="letter")
    article: Mapped[Article | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Attachment.id")
    notes: Mapped[list["Note"]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Note.created_at")
    rule_flags: Mapped[list["LetterFlag"]] = relationship(
        cascade="all, delete-orphan", order_by="LetterFlag.code")
    campaign: Mapped["Campaign | None"] = relationship(
        primaryjoin="foreign(Letter.campaign_id) == Campaign.id", viewonly=True)
    verification: Mapped["Verification | None"] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The queue: one status (and kind) newest first, optionally by article; keyset pagination
        # on (received_at, id) uses these without scanning the table.
        Index("ix_letters_queue", "kind", "status", "received_at", "id"),
        Index("ix_letters_article_queue", "article_id", "kind", "status", "received_at", "id"),
        # The shortlist in the editors' order (the planner, the Shortlisted tab): from the index,
        # without reading each row past its text to reach ``position``.
        Index("ix_letters_order", "kind", "status", "position", "received_at", "id"),
    )


class LetterCount(Base):
    """How many letters there are per article, kind and status, kept by database triggers on
    ``letters`` (migration 0002), so the queue's tab counts are a handful of rows to read instead
    of a scan of every letter. ``article_key`` is the article id, or 0 for unassigned letters."""

    __tablename__ = "letter_counts"

    article_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class Edition(Base):
    """A letters page: a date, a title, a word budget and an ordered list of letters."""

    __tablename__ = "editions"

    id: Mapped[intpk]
    day: Mapped[date] = mapped_column(Date, index=True)      # the date the page appears
    title: Mapped[str] = mapped_column(String(300))
    budget: Mapped[int] = mapped_column(Integer)
    status: Mapped[EditionStatus] = mapped_column(_enum(EditionStatus), default=EditionStatus.DRAFT)
    created_at: Mapped[timestamp]
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entries: Mapped[list["EditionLetter"]] = relationship(
        back_populates="edition", cascade="all, delete-orphan",
        order_by="(EditionLetter.position, EditionLetter.id)")
    headlines: Mapped[list["EditionHeadline"]] = relationship(
        back_populates="edition", cascade="all, delete-orphan")


class EditionLetter(Base):
    """A letter's place in an edition. ``letter_id`` is unique: a letter is in at most one
    edition at a time, whatever the code above the database does."""

    __tablename__ = "edition_letters"

    id: Mapped[intpk]
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    lead: Mapped[bool] = mapped_column(Boolean, default=False)

    edition: Mapped[Edition] = relationship(back_populates="entries")
    letter: Mapped[Letter] = relationship()


class EditionHeadline(Base):
    """The headline over an edition's group of letters on one article (``article_key`` is the
    article id, 0 for letters on no article, as in ``letter_counts``)."""

    __tablename__ = "edition_headlines"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True)
    article_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    headline: Mapped[str] = mapped_column(String(300))

    edition: Mapped[Edition] = relationship(back_populates="headlines")


class StanceCount(Base):
    """Letters per article, kind, stance and status, kept by triggers on ``letters`` (migration
    0009) like ``letter_counts``: the balance counts read a few rows, not every letter on an
    article. ``stance`` is "none" for untagged letters; ``article_key`` 0 for unassigned."""

    __tablename__ = "stance_counts"

    article_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    stance: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[intpk]
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))       # sanitised: no path, no control chars
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    content: Mapped[bytes | None] = mapped_column(LargeBinary)   # None when over the size cap
    inline: Mapped[bool] = mapped_column(Boolean, default=False)
    content_id: Mapped[str | None] = mapped_column(String(255))

    letter: Mapped[Letter] = relationship(back_populates="attachments")


class User(Base):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.EDITOR)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of every session cookie; bumped on sign-out and password change so old cookies die.
    session_token: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[timestamp]
    # After Shortlist or Reject on a letter page, open the next letter of the queue (issue 14).
    auto_advance: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[intpk]
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[timestamp]

    letter: Mapped[Letter] = relationship(back_populates="notes")
    user: Mapped[User | None] = relationship()


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(320))   # kept if the account goes
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()

    user: Mapped[User | None] = relationship()


class LoginAttempt(Base):
    """Sign-in attempts, in the database so throttling holds across web workers and hosts."""

    __tablename__ = "login_attempts"

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    client: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(320))
    success: Mapped[bool] = mapped_column(Boolean)
    # The known device (its device cookie's id) the attempt came from; NULL for an unknown one.
    device: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_login_attempts_client", "client", "at"),
        Index("ix_login_attempts_email", "email", "at"),
        Index("ix_login_attempts_device", "device", "at"),
    )


# --- Mail to readers (issue 18) -------------------------------------------------------------

class OutboundMail(Base):
    """One message to a reader, written in the transaction of the event that causes it and sent
    later by the worker (:mod:`inbox.readers.outbox`). ``raw`` is the whole message, built once,
    so a retry sends the very same bytes and Message-ID."""

    __tablename__ = "outbox"

    id: Mapped[intpk]
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(30))        # acknowledgement, selected, published, ...
    recipient: Mapped[str] = mapped_column(String(320), index=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)   # without <>
    subject: Mapped[str] = mapped_column(String(998), default="")
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[timestamp]
    state: Mapped[str] = mapped_column(String(20), default="queued")    # queued, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a sender's lease
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)


class ReaderNotice(Base):
    """An admin's version of one notice template (and whether it is sent); absent rows mean the
    defaults in :mod:`inbox.readers.templates`."""

    __tablename__ = "reader_notices"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[timestamp]


class ConsentRequest(Base):
    """The publication version sent to its writer for approval, and their answer."""

    __tablename__ = "consent_requests"

    id: Mapped[intpk]
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="awaiting")  # approved, suggested, withdrawn
    nonce: Mapped[str] = mapped_column(String(64), unique=True)         # inside the signed link
    version_text: Mapped[str] = mapped_column(Text, default="")         # the version sent
    outbound_message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    sent_at: Mapped[timestamp]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_via: Mapped[str | None] = mapped_column(String(20))        # link, reply
    suggestion: Mapped[str | None] = mapped_column(Text)
    # The writer's emailed answer, kept as a raw message but never filed as a letter.
    reply_message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))

    letter: Mapped[Letter] = relationship()


# --- Articles from feeds, and the CMS API (issue 15) -----------------------------------------

class ArticleFeed(Base):
    """A polled articles feed and what the last fetch learnt: the validators for a conditional
    GET, and the last error (a broken feed is retried at the next interval)."""

    __tablename__ = "article_feeds"

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A bearer token for the CMS API. Only the sha256 of the secret is kept: the secret is
    shown once, when the token is made."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    scope: Mapped[str] = mapped_column(String(10))          # "read" or "write" (write includes read)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[timestamp]
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- The editor's working day (issue 14) -----------------------------------------------------

class RejectReason(Base):
    """A canned reason for rejecting, kept by admins; offered in the order of ``position``."""

    __tablename__ = "reject_reasons"

    id: Mapped[intpk]
    label: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SavedSearch(Base):
    """An editor's named queue: a tab, an article filter and search words."""

    __tablename__ = "saved_searches"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    tab: Mapped[str] = mapped_column(String(20))
    article: Mapped[str | None] = mapped_column(String(200))
    q: Mapped[str] = mapped_column(String(200), default="")
    sort: Mapped[str] = mapped_column(String(20), default="newest")
    created_at: Mapped[timestamp]

    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_searches_user_name"),)


class Presence(Base):
    """Who has a letter open (and whether they are editing its publication text), refreshed by
    the page's heartbeat; in the database so every web worker sees every editor."""

    __tablename__ = "presence"

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    editing: Mapped[bool] = mapped_column(Boolean, default=False)


# --- The letters desk at intake (issue 16) ---------------------------------------------

class Writer(Base):
    """A writer recognised across letters (by email address; see :mod:`inbox.pipeline.writers`),
    with the desk's standing rule for them."""

    __tablename__ = "writers"

    id: Mapped[intpk]
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    standing: Mapped[Standing] = mapped_column(_enum(Standing), default=Standing.NONE)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[timestamp]


class LetterFlag(Base):
    """One house-rule flag on a letter, with its one-line explanation (never a bare code)."""

    __tablename__ = "letter_flags"

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[Flag] = mapped_column(_enum(Flag), primary_key=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
    related_letter_id: Mapped[int | None] = mapped_column(Integer)   # e.g. the writer's last letter

    # The queue's filter by flag: the letters carrying one code.
    __table_args__ = (Index("ix_letter_flags_code", "code", "letter_id"),)


class Campaign(Base):
    """Near-identical letters from different writers (:mod:`inbox.pipeline.campaigns`)."""

    __tablename__ = "campaigns"

    id: Mapped[intpk]
    size: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)


class LshKey(Base):
    """A letter's MinHash LSH band keys: letters sharing a key are campaign candidates. In the
    database, so every worker process (and a restart) sees the same index."""

    __tablename__ = "lsh_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)


class Verification(Base):
    """An editor's record that a letter's writer was verified, and how."""

    __tablename__ = "verifications"

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    method: Mapped[VerifyMethod] = mapped_column(_enum(VerifyMethod))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by: Mapped[str] = mapped_column(String(320))      # the editor's email, kept if the account goes
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
