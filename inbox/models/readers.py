"""Mail to readers: the outbox, the notice templates, consent requests (issue 18)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inbox.models.base import Base, UTCDateTime, intpk, timestamp, utcnow
from inbox.models.core import Letter


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
    # Set (and committed) just before the message is handed to the relay, cleared when the relay's
    # answer is recorded: still set after the lease ran out means the sender died in between.
    attempt_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    interrupted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
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
