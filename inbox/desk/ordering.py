"""The editors' order: position where an editor set one, then oldest first (received, then id).

One rule, in the two forms it is needed in: ORDER BY terms for queries (the Shortlisted tab in
order, export, moving a letter) and a sort key for letters already loaded (export's grouping).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import case

from inbox.models import Letter

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def editor_order_by() -> tuple:
    # NULLS LAST spelled portably: SQLite sorts NULL first, PostgreSQL last.
    return (case((Letter.position.is_(None), 1), else_=0), Letter.position, Letter.received_at,
            Letter.id)


def editor_order_key(letter: Any) -> tuple:
    received = letter.received_at or _EPOCH
    if received.tzinfo is None:
        received = received.replace(tzinfo=timezone.utc)
    return (letter.position is None, letter.position or 0, received, letter.id or 0)
