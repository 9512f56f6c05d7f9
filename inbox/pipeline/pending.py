"""Which stored messages still wait to become letters: one definition, and a cheap test of it.

Kept apart from :mod:`inbox.pipeline.batch` so that a read command can ask "is there anything to
process?" (one indexed query) without importing the parser, the screening and the campaign
detector that processing needs.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.models import Message


def unprocessed():
    """The condition on ``messages`` for a message not yet made into a letter."""
    return Message.processed_at.is_(None)


def any_pending(session: Session) -> bool:
    return session.scalar(select(Message.id).where(unprocessed()).limit(1)) is not None
