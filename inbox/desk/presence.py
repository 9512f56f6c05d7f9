"""Who else has a letter open, and who is editing its publication text.

Each open letter page sends a heartbeat (every 15 s); a row per (letter, editor) holds the last
one. An editor counts as present while the heartbeat is younger than :data:`STALE_AFTER`, so a
closed tab or a lost connection is gone within a minute, and leaving the page says so at once.
Rows live in the database so every web worker (gunicorn) and host sees every editor.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox.models import Presence, User, utcnow

HEARTBEAT_SECONDS = 15
STALE_AFTER = timedelta(seconds=40)     # two missed heartbeats and a margin


@dataclass(frozen=True)
class Viewer:
    user_id: int
    name: str
    editing: bool
    seen_at: datetime


def heartbeat(session: Session, letter_id: int, user: User, *, editing: bool) -> None:
    """Record that ``user`` has the letter open now (and whether they are editing it)."""
    now = utcnow()
    row = session.get(Presence, (letter_id, user.id))
    if row is None:
        try:
            with session.begin_nested():     # another worker may insert the same row meanwhile
                session.add(Presence(letter_id=letter_id, user_id=user.id, seen_at=now, editing=editing))
            return
        except IntegrityError:
            row = session.get(Presence, (letter_id, user.id))
    row.seen_at, row.editing = now, editing
    session.flush()


def leave(session: Session, letter_id: int, user: User) -> None:
    session.execute(delete(Presence).where(Presence.letter_id == letter_id, Presence.user_id == user.id))


def viewers(session: Session, letter_id: int, *, besides: User | None = None) -> list[Viewer]:
    """The editors with the letter open now, editors first, then by name."""
    query = (select(Presence, User).join(User, User.id == Presence.user_id)
             .where(Presence.letter_id == letter_id, Presence.seen_at > utcnow() - STALE_AFTER))
    if besides is not None:
        query = query.where(Presence.user_id != besides.id)
    out = [Viewer(u.id, u.name or u.email, p.editing, p.seen_at) for p, u in session.execute(query)]
    return sorted(out, key=lambda v: (not v.editing, v.name))


def sweep(session: Session) -> int:
    """Forget heartbeats older than a minute (called now and then; they are ignored anyway)."""
    result = session.execute(delete(Presence).where(Presence.seen_at < utcnow() - 2 * STALE_AFTER))
    return result.rowcount or 0
