"""Articles, raw messages, letters and their attachments, editors and what they did (the audit
log, notes, sign-in attempts).

Two tables hold a reader's mail. ``messages`` keeps the raw bytes exactly as received, written
(and committed) by the SMTP listener before it answers 250. ``letters`` holds what the parser
derived from them; every derived field can be recomputed from the raw message. Keeping the raw
bytes apart also keeps the queue's table narrow.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inbox.enums import Kind, LinkMethod, Role, Stance, Status
from inbox.models.base import Base, UTCDateTime, _enum, intpk, timestamp, utcnow

if TYPE_CHECKING:     # the desk's tables, in their own module (inbox.models imports it)
    from inbox.models.desk import Campaign, LetterFlag, Verification


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
    # No earlier letter came from this address (or it has none): the Balance panel's first-time
    # writers. Kept by triggers (migration 0014), which also change other rows than the one
    # written: read it with a query, not from a Letter loaded before the change. Never set it.
    first_from_address: Mapped[bool] = mapped_column(Boolean, server_default=true())

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
        # First-time writers against regulars, and letters per day, on an article: from the index alone.
        Index("ix_letters_first_writer", "article_id", "kind", "first_from_address", "status", "received_at"),
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
