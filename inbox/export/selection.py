"""Choosing the letters to export, and recording that they went to the page.

Services in the house style: the session comes first, options are keyword-only, nothing here
commits (the CLI command or the web request does).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from inbox.letters import letters_query
from inbox.models import Article, AuditEvent, Letter, Status, utcnow

EXPORT_PUBLISHED = "export-published"     # the audit action


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def select_for_export(session: Session, *, status: str | None = "shortlisted",
                      article: str | None = None, since: date | None = None,
                      until: date | None = None) -> list[Letter]:
    """Readers' letters (never automated mail) with the given status (``"all"`` or ``None`` for
    any), article slug (``"unassigned"`` for letters without one) and received-date range, both
    ends inclusive, as UTC calendar days. In the editor's order: position where set, then
    oldest first."""
    query = letters_query(kind="letter", status=status, article=article)
    if since is not None:
        query = query.where(Letter.received_at >= _utc_midnight(since))
    if until is not None:
        query = query.where(Letter.received_at < _utc_midnight(until + timedelta(days=1)))
    # NULLS LAST spelled portably: SQLite sorts NULL first, PostgreSQL last.
    query = query.order_by(None).order_by(case((Letter.position.is_(None), 1), else_=0),
                                          Letter.position, Letter.received_at, Letter.id)
    return list(session.scalars(query))


def article_exists(session: Session, slug: str) -> bool:
    return session.scalar(select(Article.id).where(Article.slug == slug)) is not None


def mark_published(session: Session, letters: Iterable[Letter], *, fmt: str,
                   user_email: str | None = None, user_id: int | None = None) -> int:
    """Set each exported letter's status to Published and audit it: who exported it, in which
    format, and the status it had. Letters already published are audited too (the record says
    who exported what) but keep their status date. Returns the number of letters."""
    now, count = utcnow(), 0
    for letter in letters:
        before = letter.status.value
        if letter.status is not Status.PUBLISHED:
            letter.status = Status.PUBLISHED
            letter.status_changed_at = now
        session.add(AuditEvent(at=now, user_id=user_id, user_email=user_email, letter_id=letter.id,
                               action=EXPORT_PUBLISHED, before={"status": before},
                               after={"status": Status.PUBLISHED.value, "format": fmt}))
        count += 1
    return count
