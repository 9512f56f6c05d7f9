"""Choosing the letters to export, and recording that they went to the page.

Services in the house style: the session comes first, options are keyword-only, nothing here
commits (the CLI command or the web request does).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from sqlalchemy.orm import Session

from inbox.desk.ordering import editor_order_by
from inbox.desk.reading import letters_query
from inbox.models import Letter

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
    query = letters_query(session, kind="letter", status=status, article=article)
    if since is not None:
        query = query.where(Letter.received_at >= _utc_midnight(since))
    if until is not None:
        query = query.where(Letter.received_at < _utc_midnight(until + timedelta(days=1)))
    query = query.order_by(None).order_by(*editor_order_by())
    return list(session.scalars(query))
