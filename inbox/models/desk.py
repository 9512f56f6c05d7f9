"""The desk's own tables: reject reasons, saved searches and presence (issue 14); writers,
house-rule flags, campaigns and verification records (issue 16)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inbox.enums import Flag, Standing, VerifyMethod
from inbox.models.base import Base, UTCDateTime, _enum, intpk, timestamp, utcnow


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


class Writer(Base):
    """A writer recognised across letters (by email address, or name plus contact; see
    :mod:`inbox.pipeline.writers`), with the desk's standing rule for them."""

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
    # Several letters the explanation names, as [{"id": ..., "label": ...}] (shared-contact).
    related: Mapped[list[Any] | None] = mapped_column(nullable=True)

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
    database, so every worker process (and a restart) sees the same index. On SQLite ``WITHOUT
    ROWID`` (migration 0016): the primary key is the whole row, so one b-tree to insert into."""

    __tablename__ = "lsh_keys"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)


class ContactKey(Base):
    """A letter's normalised phone number or street address (:mod:`inbox.pipeline.contact_keys`),
    indexed: the letters sharing one are found by a lookup, never by reading every letter."""

    __tablename__ = "contact_keys"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class WriterEmail(Base):
    """Another address of a writer, recognised by name plus phone or address
    (:mod:`inbox.pipeline.writers`): later letters from it are theirs too."""

    __tablename__ = "writer_emails"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    writer_id: Mapped[int] = mapped_column(ForeignKey("writers.id", ondelete="CASCADE"), index=True)


class Verification(Base):
    """An editor's record that a letter's writer was verified, and how."""

    __tablename__ = "verifications"

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    method: Mapped[VerifyMethod] = mapped_column(_enum(VerifyMethod))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by: Mapped[str] = mapped_column(String(320))      # the editor's email, kept if the account goes
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
