"""The audit log: who did what to which letter, when (UTC), with the fields before and after.

Events are rows in ``audit_events``; pages render them through Jinja's autoescaping and
the values are stored as JSON, so markup or CR/LF in a letter cannot forge an entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inbox.models import AuditEvent, User, utcnow


Actor = User | str | None     # a signed-in editor, a name such as "cli", or nobody known


def record(session: Session, actor: Actor, action: str, *, letter_id: int | None = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    """Add one event to the session (the caller's transaction commits it with the change)."""
    user = actor if isinstance(actor, User) else None
    event = AuditEvent(at=utcnow(), user_id=user.id if user else None,
                       user_email=user.email if user else actor, letter_id=letter_id,
                       action=action[:50], before=before, after=after)
    session.add(event)
    return event


def letter_history(session: Session, letter_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.letter_id == letter_id)
                                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))


def last_id(session: Session) -> int:
    """The newest event's id (the primary key's index: no scan). The events a decision writes
    after it are its undo token."""
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def last_edit(session: Session, letter_id: int) -> AuditEvent | None:
    """The latest save of the letter's publication version: who, when, what it held."""
    return session.scalar(select(AuditEvent).where(AuditEvent.letter_id == letter_id, AuditEvent.action == "edit")
                          .order_by(AuditEvent.id.desc()).limit(1))


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    next_before: int | None      # pass as ``before`` for the next (older) page


def audit_page(session: Session, *, before: int | None = None, per_page: int = 50,
               action: str | None = None, letter_id: int | None = None) -> AuditPage:
    """Newest first, keyset-paginated on the id (monotonic with time)."""
    query = select(AuditEvent).options(selectinload(AuditEvent.user))
    if before:
        query = query.where(AuditEvent.id < before)
    if action:
        query = query.where(AuditEvent.action == action)
    if letter_id:
        query = query.where(AuditEvent.letter_id == letter_id)
    rows = list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    return AuditPage(rows, rows[-1].id if more and rows else None)
