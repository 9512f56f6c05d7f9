"""The canned reasons for rejecting a letter: a short list kept by admins, offered in the reject
control (and by the number keys 1-9) next to free text. A rejected letter stores the reason's
words, not a reference, so editing the list never rewrites past decisions."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.desk import audit
from inbox.models import RejectReason
from inbox.text import clean_line

MAX_REASONS = 20


class ReasonError(ValueError):
    pass


def list_reasons(session: Session) -> list[RejectReason]:
    return list(session.scalars(select(RejectReason).order_by(RejectReason.position, RejectReason.id)))


def add_reason(session: Session, label: str, *, actor: audit.Actor) -> RejectReason:
    label = clean_line(label)[:200]
    if not label:
        raise ReasonError("A reason needs some words.")
    if session.scalar(select(func.count()).select_from(RejectReason)) >= MAX_REASONS:
        raise ReasonError(f"Keep the list short: at most {MAX_REASONS} reasons.")
    if session.scalar(select(RejectReason).where(RejectReason.label == label)):
        raise ReasonError("That reason is on the list already.")
    top = session.scalar(select(func.max(RejectReason.position))) or 0
    reason = RejectReason(label=label, position=top + 1)
    session.add(reason)
    audit.record(session, actor, "reject-reason-add", after={"label": label})
    session.flush()
    return reason


def remove_reason(session: Session, reason_id: int, *, actor: audit.Actor) -> None:
    reason = session.get(RejectReason, reason_id)
    if reason is None:
        raise ReasonError("There is no such reason.")
    audit.record(session, actor, "reject-reason-remove", before={"label": reason.label})
    session.delete(reason)
    session.flush()


def compose(canned: str | None, free: str | None) -> str | None:
    """The reason stored: a canned reason, the editor's own words, or both."""
    parts = [clean_line(canned)[:200], (free or "").strip()]
    return " — ".join(p for p in parts if p)[:2000] or None
