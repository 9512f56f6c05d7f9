"""The letters page: editions, their letters in order and their headlines; the stance counts
kept by trigger for the Balance panel (issue 17)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inbox.enums import EditionStatus
from inbox.models.base import Base, UTCDateTime, _enum, intpk, timestamp
from inbox.models.core import Letter


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
