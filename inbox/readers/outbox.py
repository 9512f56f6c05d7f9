"""The outbox: mail to readers written in the transaction of its cause, sent later, once.

``enqueue`` adds a row to the caller's session (their transaction commits it with the change
that caused it: a letter processed, a status changed). ``deliver_due`` is the worker's step: it
claims due rows under a lease (``claimed_until``; on PostgreSQL the claim also skips rows another
sender has locked, ``FOR UPDATE SKIP LOCKED``), commits the claim, sends each over SMTP and marks
it sent in the database right after the relay's 250. A relay that is down or answers 4xx delays
the mail with exponential backoff (30 s doubling, at most an hour; never given up); a 5xx is a
permanent refusal and the row is marked ``failed``. A sender killed after its claim leaves the
rows to be claimed again once the lease runs out.

The window no protocol closes: the relay accepted a message (250) and the sender died before
recording it. Exactly-once is impossible over SMTP, so the outbox makes that window visible and
its cost small: ``attempt_started_at`` is committed just before a message is handed to the relay
(in the same transaction that records the previous message's answer, so it costs no extra
commit) and cleared with the answer. A row found with its lease run out and that mark still set
is *in doubt*: it may have been delivered. It is not re-sent at once (a message that kills its
sender must not do so in a loop) but after ``IN_DOUBT_DELAY``, with the very same bytes and
Message-ID, so a receiver that drops duplicates by Message-ID (many do; our own listener does)
shows it once; ``interrupted`` counts such attempts and the letter view says the writer may have
it twice.
The same holds for a connection that drops after the whole message went to the relay and before
its answer came back: that one message is in doubt too (a drop earlier in the transaction
delivered nothing and is retried as usual).

Automatic mail goes out with the null return path (RFC 3834 section 3.3), so no machine answers
it and bounces cannot loop; readers reply to the ``From`` address.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.db import transaction
from inbox.models import OutboundMail, utcnow
from inbox.readers.compose import compose

log = logging.getLogger(__name__)

QUEUED, SENT, FAILED, CANCELLED = "queued", "sent", "failed", "cancelled"
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
IN_DOUBT_DELAY = timedelta(hours=1)
IN_DOUBT_NOTE = "interrupted after it was handed to the relay: it may have arrived; sent again with the same Message-ID"


def enqueue(session: Session, settings: Settings, *, kind: str, to: str, subject: str, text: str,
            html: str | None = None, letter_id: int | None = None, reply_to_id: str | None = None,
            auto: str, not_before: datetime | None = None) -> OutboundMail:
    message_id, raw = compose(sender=settings.sender_address, to=to, subject=subject, text=text,
                              html=html, reply_to_id=reply_to_id, auto=auto)
    now = utcnow()
    row = OutboundMail(letter_id=letter_id, kind=kind, recipient=to, message_id=message_id,
                       subject=subject[:998], raw=raw, created_at=now, state=QUEUED,
                       attempts=0, next_attempt_at=max(now, not_before or now))
    session.add(row)
    return row


def rebuild(row: OutboundMail, settings: Settings, *, subject: str, text: str, reply_to_id: str | None,
            auto: str) -> None:
    """New words for a message no sender has touched (:func:`untouched`); the same Message-ID.
    It becomes due now."""
    _, row.raw = compose(sender=settings.sender_address, to=row.recipient, subject=subject, text=text,
                         reply_to_id=reply_to_id, auto=auto, message_id=row.message_id)
    row.subject, row.next_attempt_at = subject[:998], utcnow()


def untouched(session: Session, letter_id: int, kind: str) -> OutboundMail | None:
    """The ``kind`` message of this letter if it is queued and no sender has touched it yet
    (locked against the senders on PostgreSQL, who skip it): it may still be rebuilt."""
    query = _waiting(session, letter_id).where(OutboundMail.kind == kind, OutboundMail.attempts == 0)
    return session.scalar(query.limit(1))


def _waiting(session: Session, letter_id: int):
    """This letter's messages in the queue that no sender holds or is handing over right now
    (locked against the senders on PostgreSQL, who skip them)."""
    query = select(OutboundMail).where(OutboundMail.letter_id == letter_id, OutboundMail.state == QUEUED,
                                       OutboundMail.attempt_started_at.is_(None),
                                       or_(OutboundMail.claimed_until.is_(None), OutboundMail.claimed_until < utcnow()))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def cancel_queued(session: Session, letter_id: int, *, reason: str) -> int:
    """Cancel this letter's messages that wait in the queue (a withdrawn letter's "selected" or
    "published" notice must not reach its writer); one a sender holds right now is past recall.
    Returns how many were cancelled."""
    rows = session.scalars(_waiting(session, letter_id)).all()
    for row in rows:
        row.state, row.last_error = CANCELLED, reason
    return len(rows)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 30 s, 1 min, 2 min ... at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


def _claim(factory: sessionmaker[Session], limit: int, lease: timedelta) -> list[tuple[int, str, bytes]]:
    with transaction(factory) as session:
        now = utcnow()
        query = (select(OutboundMail)
                 .where(OutboundMail.state == QUEUED, OutboundMail.next_attempt_at <= now,
                        or_(OutboundMail.claimed_until.is_(None), OutboundMail.claimed_until < now))
                 .order_by(OutboundMail.id).limit(limit))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for row in session.scalars(query):
            if row.attempt_started_at is not None:      # its sender died mid-delivery
                _in_doubt(row, now)
                continue
            row.claimed_until = now + lease
            claimed.append((row.id, row.recipient, row.raw))
        return claimed


def _in_doubt(row: OutboundMail, now) -> None:
    log.warning("outbound=%d was interrupted after it was handed to the relay; sent again after %s",
                row.id, IN_DOUBT_DELAY)
    row.attempt_started_at, row.claimed_until = None, None
    row.interrupted += 1
    row.attempts += 1
    row.last_error = IN_DOUBT_NOTE
    row.next_attempt_at = now + max(IN_DOUBT_DELAY, backoff(row.attempts))


def _record(session: Session, row_id: int, error: str | None, permanent: bool) -> None:
    row = session.get(OutboundMail, row_id)
    if row is None:        # erased meanwhile
        return
    row.claimed_until = row.attempt_started_at = None
    if error is None:
        row.state, row.sent_at, row.last_error = SENT, utcnow(), None
        return
    row.attempts += 1
    row.last_error = error[:2000]
    if permanent:
        row.state = FAILED
    else:
        row.next_attempt_at = utcnow() + backoff(row.attempts)


def _step(factory: sessionmaker[Session], *, done: tuple[int, str | None, bool] | None = None,
          start: int | None = None) -> None:
    """One commit: the relay's answer for the message ``done`` (id, error, permanent) and the
    mark on the message about to be handed over (``start``)."""
    with transaction(factory) as session:
        if done is not None:
            _record(session, *done)
        if start is not None:
            row = session.get(OutboundMail, start)
            if row is not None:
                row.attempt_started_at = utcnow()


def _interrupted(factory: sessionmaker[Session], row_id: int) -> None:
    with transaction(factory) as session:
        row = session.get(OutboundMail, row_id)
        if row is not None:
            _in_doubt(row, utcnow())


def _settle(factory: sessionmaker[Session], row_id: int, *, error: str | None = None,
            permanent: bool = False) -> None:
    _step(factory, done=(row_id, error, permanent))


class _Relay(smtplib.SMTP):
    """An SMTP client that knows whether the current message went to the relay whole.

    smtplib sends a message's body, dot-terminated, in one ``send`` after the relay's 354. A
    connection lost before that delivered nothing; lost after it, while waiting for the answer,
    the relay may have taken the message: the mail is then in doubt, not simply retried."""

    handed_over = False

    def send(self, s):
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.handed_over = True


def _connect(settings: Settings, timeout: float) -> _Relay:
    host, port = settings.outbound_relay
    client = _Relay(host, port, timeout=timeout)
    if settings.outbound_starttls:
        client.starttls(context=ssl.create_default_context())
    if settings.outbound_user:
        client.login(settings.outbound_user, settings.outbound_password or "")
    return client


def deliver_due(factory: sessionmaker[Session], settings: Settings, *, limit: int = 50,
                lease: timedelta = LEASE, timeout: float = 30) -> int:
    """Send what is due; returns how many the relay accepted. Does nothing when mail is off."""
    if settings.outbound_relay is None:
        return 0
    claimed = _claim(factory, limit, lease)
    if not claimed:
        return 0
    sent = 0
    try:
        client = _connect(settings, timeout)
    except (OSError, smtplib.SMTPException) as e:
        log.warning("outbound relay unavailable (%s); %d message(s) wait", e, len(claimed))
        for row_id, _, _ in claimed:
            _settle(factory, row_id, error=f"relay unavailable: {e}")
        return 0
    try:
        _step(factory, start=claimed[0][0])
        for index, (row_id, recipient, raw) in enumerate(claimed):
            following = claimed[index + 1][0] if index + 1 < len(claimed) else None
            client.handed_over = False
            try:
                client.sendmail("", [recipient], raw)
            except smtplib.SMTPRecipientsRefused as e:
                code, reply = next(iter(e.recipients.values()))
                _step(factory, done=(row_id, f"{code} {reply!r}", code >= 500), start=following)
                continue
            except smtplib.SMTPResponseException as e:
                _step(factory, done=(row_id, f"{e.smtp_code} {e.smtp_error!r}", e.smtp_code >= 500), start=following)
                continue
            except (OSError, smtplib.SMTPException) as e:
                # The connection broke: the rest wait for the next round. This one too, unless
                # the relay had it whole and only its answer was lost: then it is in doubt.
                rest = claimed[index:]
                if client.handed_over:
                    _interrupted(factory, row_id)
                    rest = rest[1:]
                for rest_id, _, _ in rest:
                    _settle(factory, rest_id, error=f"relay connection lost: {e}")
                return sent
            _step(factory, done=(row_id, None, False), start=following)
            sent += 1
            log.info("sent outbound=%d", row_id)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return sent


def mail_for_letter(session: Session, letter_id: int) -> list[OutboundMail]:
    return list(session.scalars(select(OutboundMail).where(OutboundMail.letter_id == letter_id)
                                .order_by(OutboundMail.id)))


def recipients_since(session: Session, recipients: set[str], *, kind: str, since: datetime) -> set[str]:
    """Those of ``recipients`` sent a ``kind`` message since ``since`` (queued counts)."""
    if not recipients:
        return set()
    return set(session.scalars(select(OutboundMail.recipient).distinct().where(
        OutboundMail.recipient.in_(recipients), OutboundMail.kind == kind, OutboundMail.created_at >= since)))
