"""Verification records: an editor's note that a letter's writer was checked (by phone, an
email reply, in person, or as a known writer), by whom and when; and the rule, with
``INBOX_REQUIRE_VERIFICATION=1``, that nothing unverified is exported for print or published.

A hoax letter that reached print leaves, at least, the record of who checked what. Services take
a session, write their audit and never commit.
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy.orm import Session

from inbox.desk import audit
from inbox.enums import VerifyMethod
from inbox.models import Letter, User, Verification, utcnow


class Unverified(Exception):
    """Letters that must be verified first; the message names them."""

    def __init__(self, letters: list[Letter]):
        self.letter_ids = [l.id for l in letters]
        names = "; ".join(f"letter {l.id} ({l.author_name or l.author_email or 'unknown writer'})"
                          for l in letters[:20])
        more = f" and {len(letters) - 20} more" if len(letters) > 20 else ""
        super().__init__(f"{len(letters)} letter(s) are not verified and INBOX_REQUIRE_VERIFICATION is on: "
                         f"{names}{more}. Record a verification on each letter's page first.")


def verify(session: Session, letter: Letter, *, user: User, method: str, note: str | None = None) -> Verification:
    """Record (or replace) the letter's verification by the signed-in editor, audited."""
    method = VerifyMethod(method)
    before = to_dict(letter.verification)
    record = letter.verification or Verification(letter_id=letter.id)
    record.method, record.user_id, record.by = method, user.id, user.email
    record.at, record.note = utcnow(), (note or "").replace("\r\n", "\n").strip()[:2000]
    letter.verification = record
    session.add(record)
    session.flush()
    audit.record(session, user, "verify", letter_id=letter.id, before=before, after=to_dict(record))
    return record


def to_dict(record: Verification | None) -> dict[str, Any] | None:
    """The ``verification`` of ``inbox letters``: null or {"method", "by", "at", "note"}."""
    if record is None:
        return None
    return {"method": record.method.value, "by": record.by,
            "at": record.at.isoformat().replace("+00:00", "Z"), "note": record.note}


def require_verified(letters: Iterable[Letter], required: bool) -> None:
    """Raise :class:`Unverified` naming every unverified letter, when the setting asks for it."""
    if not required:
        return
    missing = [l for l in letters if l.verification is None]
    if missing:
        raise Unverified(missing)
