"""When a notice is written to the outbox: on receipt (from the pipeline, in the transaction that
stores the letter), on a change of status (from the desk's services, in the editor's
transaction), and the close-out sweep for letters never used.

Nothing is written while mail is off (no ``INBOX_OUTBOUND_SMTP``), so turning it on later does
not send a backlog of stale notices. Automatic notices obey :mod:`inbox.readers.guard`.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from inbox.config import Settings
from inbox.db import transaction
from inbox.enums import WITHDRAWN_REASON
from inbox.models import ApiToken, Kind, Letter, Message, OutboundMail, Status, utcnow
from inbox.pipeline.build import GENERATED_ID_DOMAIN
from inbox.readers import links, outbox, templates
from inbox.readers.guard import auto_reply_refusal

log = logging.getLogger(__name__)
# A letter the desk published while the CMS writes back: how long its notice waits for the link.
PUBLISHED_LINK_WAIT = timedelta(hours=12)


def mail_settings(session: Session) -> Settings | None:
    """The running system's Settings (put in ``Session.info`` by ``open_database``) when mail to
    readers is on, else None."""
    settings = session.info.get("settings")
    return settings if settings is not None and settings.outbound_relay else None


def _own(settings: Settings) -> tuple[str, ...]:
    return (*settings.letters_addresses, settings.sender_address)


def refusal(letter: Letter, settings: Settings) -> str | None:
    return auto_reply_refusal(address=letter.author_email, mail_from=letter.message.mail_from,
                              headers=letter.headers or [], automated=letter.kind is Kind.AUTOMATED,
                              own=_own(settings))


def values(letter: Letter, settings: Settings, **extra) -> dict:
    return {"name": letter.author_name or "reader", "subject": letter.subject or "your letter",
            "received": letter.received_at.strftime("%d %B %Y"),
            "withdraw_url": links.url(settings, links.make_token(settings, letter.id, links.WITHDRAW)),
            "published_url": letter.published_url, **extra}


def _render(session: Session, settings: Settings, letter: Letter, name: str,
            notice: templates.Notice | None, extra: dict) -> tuple[templates.Notice, str, str] | None:
    """(template, subject, body) of the notice ``name`` for this letter, or None when it is off,
    the guard refuses or the template fails."""
    notice = notice or templates.notice(session, name)
    if not notice.enabled:
        return None
    reason = refusal(letter, settings)
    if reason:
        log.info("no %s for letter %d: %s", name, letter.id, reason)
        return None
    context = values(letter, settings, **extra)
    try:
        return notice, templates.render(notice.subject, context), templates.render(notice.body, context)
    except templates.TemplateInvalid:
        log.exception("the %s template failed; nothing sent for letter %d", name, letter.id)
        return None


def send_notice(session: Session, settings: Settings, letter: Letter, name: str, *,
                notice: templates.Notice | None = None, not_before=None, **extra) -> OutboundMail | None:
    """Write the notice ``name`` for this letter to the outbox, unless it is off or the guard
    refuses; returns the row or None. ``notice``: the template, when the caller has read it;
    ``not_before``: when it may be sent at the earliest."""
    rendered = _render(session, settings, letter, name, notice, extra)
    if rendered is None:
        return None
    notice, subject, body = rendered
    return outbox.enqueue(session, settings, kind=name, to=letter.author_email, subject=subject,
                          text=body, letter_id=letter.id, reply_to_id=thread_id(letter), auto=notice.auto,
                          not_before=not_before)


def thread_id(letter: Letter) -> str | None:
    """The reader's Message-ID to thread to; None for one we made up (the message had none)."""
    mid = letter.message_id
    return None if not mid or mid.endswith(GENERATED_ID_DOMAIN) else mid


def acknowledge(session: Session, settings: Settings, letter_ids: list[int]) -> int:
    """The acknowledgements of newly stored letters: at most one per writer per
    ``INBOX_ACK_INTERVAL_HOURS``. Returns how many were written. One query for the writers
    acknowledged lately and one for the template, whatever the size of the batch."""
    if not letter_ids or not settings.outbound_relay:
        return 0
    notice = templates.notice(session, templates.ACK)
    if not notice.enabled:
        return 0
    # The envelope sender (for the guard) with the letters, without the raw messages.
    letters = list(session.scalars(select(Letter).where(Letter.id.in_(letter_ids)).order_by(Letter.id)
                                   .options(selectinload(Letter.message).load_only(Message.mail_from))))
    since = utcnow() - timedelta(hours=settings.ack_interval_hours)
    acknowledged = outbox.recipients_since(session, {l.author_email for l in letters if l.author_email},
                                           kind=templates.ACK, since=since)
    written = 0
    for letter in letters:
        if letter.author_email in acknowledged:
            continue
        if send_notice(session, settings, letter, templates.ACK, notice=notice):
            acknowledged.add(letter.author_email)       # the next letter of this writer in the batch
            written += 1
    return written


def status_changed(session: Session, letter: Letter, **extra) -> None:
    """Called by the desk's services after a letter's status changed (same transaction)."""
    settings = mail_settings(session)
    if settings is None or letter.kind is not Kind.LETTER:
        return
    if letter.status is Status.PUBLISHED:
        _published(session, settings, letter, extra)
    elif letter.status is Status.SHORTLISTED and not _already(session, letter.id, templates.SELECTED):
        send_notice(session, settings, letter, templates.SELECTED, **extra)


def _published(session: Session, settings: Settings, letter: Letter, extra: dict) -> None:
    """The "published" notice, once per letter, with the link when known. Published by the desk
    before the CMS said where (its write-back): while a write token is live the notice waits up
    to ``PUBLISHED_LINK_WAIT`` for the link; the write-back rebuilds it with the link (same
    Message-ID) and makes it due, if no sender has touched it yet."""
    if not _already(session, letter.id, templates.PUBLISHED):
        wait = None
        if letter.published_url is None and session.scalar(select(exists().where(
                ApiToken.scope == "write", ApiToken.revoked_at.is_(None)))):
            wait = utcnow() + PUBLISHED_LINK_WAIT
        send_notice(session, settings, letter, templates.PUBLISHED, not_before=wait, **extra)
        return
    row = outbox.untouched(session, letter.id, templates.PUBLISHED) if letter.published_url else None
    rendered = _render(session, settings, letter, templates.PUBLISHED, None, extra) if row else None
    if rendered is not None:
        notice, subject, body = rendered
        outbox.rebuild(row, settings, subject=subject, text=body, reply_to_id=thread_id(letter), auto=notice.auto)


def _already(session: Session, letter_id: int, kind: str) -> bool:
    return session.scalar(select(exists().where(OutboundMail.letter_id == letter_id,
                                                OutboundMail.kind == kind)))


def close_out(factory: sessionmaker[Session], settings: Settings) -> int:
    """The close-out for letters not used after ``INBOX_CLOSE_OUT_DAYS`` (0: never)."""
    if not settings.close_out_days or not settings.outbound_relay:
        return 0
    cutoff = utcnow() - timedelta(days=settings.close_out_days)
    written = 0
    with transaction(factory) as session:
        if not templates.notice(session, templates.CLOSE_OUT).enabled:
            return 0
        sent = exists().where(OutboundMail.letter_id == Letter.id, OutboundMail.kind == templates.CLOSE_OUT)
        due = session.scalars(select(Letter).where(
            Letter.kind == Kind.LETTER, Letter.status.in_([Status.NEW, Status.REJECTED]),
            Letter.received_at < cutoff,
            # Not years of old letters the day the notice is switched on: a month's window.
            Letter.received_at >= cutoff - timedelta(days=30), Letter.author_email.is_not(None), ~sent).limit(500))
        for letter in due:
            if letter.reject_reason == WITHDRAWN_REASON:
                continue
            if send_notice(session, settings, letter, templates.CLOSE_OUT):
                written += 1
    return written

