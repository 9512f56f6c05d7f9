"""Articles from feeds, and the CMS API's tokens (issue 15)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inbox.models.base import Base, UTCDateTime, intpk, timestamp


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
