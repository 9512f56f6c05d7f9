"""Decisions over many letters at once: a whole queue (every page of a tab, filter and search),
and undoing a decision or a bulk action from the audit log (issue 14).

Built on :mod:`inbox.desk.moderation`'s single decision; work is done in batches within the
caller's transaction, one flush per batch.
"""
from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from inbox.desk import audit, queue
from inbox.desk.moderation import (ACTIONS, DECISIONS, STATUS_OF, BulkResult, Conflict, InvalidChange, _next_position,
                                   _set_status, _snapshot)
from inbox.models import AuditEvent, Letter, Status, User

BATCH = 500      # letters loaded and changed at a time by a bulk action over a whole queue


def bulk_matching(session: Session, action: str, f: queue.QueueFilter, *, user: User,
                  reason: str | None = None, expected: int | None = None) -> BulkResult:
    """Apply one action to every letter in the queue ``f`` (its tab, article and search, all
    pages), in batches of :data:`BATCH` within the caller's transaction. ``expected`` is the
    count the editor confirmed: if the queue has grown or shrunk since, nothing is done."""
    if action not in ACTIONS:
        raise InvalidChange(f"unknown action {action!r}")
    count = queue.matching_count(session, f)
    if expected is not None and count != expected:
        raise Conflict.of_count(expected, count)
    ids = list(session.scalars(queue.queue_query(session, f).with_only_columns(Letter.id).order_by(Letter.id)))
    status = STATUS_OF[action]
    if action == "reject":
        reason = (reason or "").strip()[:2000] or None
    positions = itertools.count(_next_position(session)).__next__ if status is Status.SHORTLISTED else None
    done: list[int] = []
    for start in range(0, len(ids), BATCH):
        letters = session.scalars(select(Letter).where(Letter.id.in_(ids[start:start + BATCH]))).all()
        with session.no_autoflush:
            for letter in letters:     # each read now, in this transaction: no version to compare
                _set_status(session, letter, user, status, version=None, reason=reason,
                            next_position=positions, flush=False)
                done.append(letter.id)
        session.flush()
    return BulkResult(done, [], [])


def undo(session: Session, first_event: int, last_event: int, *, user: User) -> BulkResult:
    """Undo the decisions ``user`` made in the audit events ``first_event``..``last_event`` (one
    decision, or one bulk action; other editors' events in that range are not touched): each letter gets back exactly the fields the event recorded
    before it, audited as ``undo``. A letter that anyone changed since (a later event on it, or
    fields no longer as the decision left them) is left alone and reported as a conflict."""
    events = list(session.scalars(select(AuditEvent).where(
        AuditEvent.id.between(first_event, last_event), AuditEvent.user_id == user.id,
        AuditEvent.action.in_(DECISIONS), AuditEvent.letter_id.is_not(None)).order_by(AuditEvent.id.desc())))
    done, conflicts, missing = [], [], []
    for start in range(0, len(events), BATCH):
        batch = events[start:start + BATCH]
        ids = [e.letter_id for e in batch]
        letters = {l.id: l for l in session.scalars(select(Letter).where(Letter.id.in_(ids)))}
        latest = dict(session.execute(select(AuditEvent.letter_id, func.max(AuditEvent.id))
                                      .where(AuditEvent.letter_id.in_(ids)).group_by(AuditEvent.letter_id)).all())
        with session.no_autoflush:
            for event in batch:
                letter = letters.get(event.letter_id)
                if letter is None:
                    missing.append(event.letter_id)
                    continue
                now = _snapshot(letter, event.after.keys())
                if latest.get(letter.id, 0) > event.id or now != event.after:
                    conflicts.append(letter.id)
                    continue
                for field, value in event.before.items():
                    setattr(letter, field, _field_value(field, value))
                audit.record(session, user, "undo", letter_id=letter.id, before=now,
                             after={**_snapshot(letter, event.before.keys()), "undoes": event.id})
                done.append(letter.id)
        try:
            session.flush()
        except StaleDataError:      # a colleague's UPDATE won the race: nothing of this undo is kept
            raise Conflict(letters[ids[0]], None) from None
    return BulkResult(done, conflicts, missing)


def _field_value(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field == "status":
        return Status(value)
    if field == "status_changed_at":
        return datetime.fromisoformat(value)
    return value
