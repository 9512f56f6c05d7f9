"""A writer's data: everything held about them (a subject access request), their erasure, and
retention (what is purged after ``INBOX_RETAIN_*_DAYS``).

Erasure removes the writer's contact data, raw messages, headers, attachments, notes about their
letters and the mail sent to them; their letters go, except (``INBOX_KEEP_PUBLISHED=1``, the
journalism exemption) a letter already published, of which only the published text with name and
town is kept. Audit entries about their letters keep who did what and when, but lose the values
(edits and notes quote the letter). The erasure leaves one audit entry with counts, never the
address. Search stays correct: the FTS5 triggers (SQLite) and the generated column (PostgreSQL)
follow every update and delete, and on SQLite the index is then merged (``optimize``) so no
deleted term lingers in its segments.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from inbox.config import Settings
from inbox.desk import audit
from inbox.desk.reading import letter_to_dict
from inbox.export.prepare import publication_text
from inbox.models import (AuditEvent, ConsentRequest, Letter, Message, OutboundMail, Status, Writer, WriterEmail,
                          utcnow)
from inbox.pipeline import shared_contact

PURGED = "contact-data-purged"     # the flag of a letter whose contact data retention removed


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def _letters(session: Session, email: str) -> list[Letter]:
    """Their letters: by the parsed From address, or by the envelope sender (a letter whose From
    could not be read is still theirs)."""
    email = email.lower()
    return list(session.scalars(select(Letter).join(Letter.message).where(or_(
        func.lower(Letter.author_email) == email, func.lower(Message.mail_from) == email))
        .order_by(Letter.id)))


def _stray_messages(session: Session, email: str) -> list[Message]:
    """Raw messages from this address that are no letter (answers to our mail)."""
    return list(session.scalars(select(Message).where(
        func.lower(Message.mail_from) == email.lower(), ~Message.letter.has())))


def _mail(session: Session, email: str, letter_ids: list[int]) -> list[OutboundMail]:
    return list(session.scalars(select(OutboundMail).where(or_(
        func.lower(OutboundMail.recipient) == email.lower(), OutboundMail.letter_id.in_(letter_ids)))
        .order_by(OutboundMail.id)))


def export_writer(session: Session, email: str) -> dict[str, Any]:
    """Everything held about the writer of ``email``, as JSON-ready values."""
    email = email.strip()
    letters = _letters(session, email)
    ids = [l.id for l in letters]
    out_letters = []
    for letter in letters:
        item = letter_to_dict(letter)
        item.update({
            "full_text": letter.full_text, "html": letter.html, "headers": letter.headers,
            "headline": letter.headline, "publication_text": letter.publication_text,
            "signoff_name": letter.signoff_name, "signoff_location": letter.signoff_location,
            "reject_reason": letter.reject_reason,
            "envelope": {"mail_from": letter.message.mail_from, "rcpt_tos": letter.message.rcpt_tos,
                         "peer": letter.message.peer, "helo": letter.message.helo,
                         "received_at": _iso(letter.message.received_at)},
            "raw_message": letter.message.raw.decode("utf-8", errors="replace"),
            "notes": [{"at": _iso(n.created_at), "body": n.body} for n in letter.notes],
        })
        out_letters.append(item)
    consents = session.scalars(select(ConsentRequest).where(ConsentRequest.letter_id.in_(ids))) if ids else []
    events = session.scalars(select(AuditEvent).where(AuditEvent.letter_id.in_(ids))
                             .order_by(AuditEvent.id)) if ids else []
    return {
        "email": email,
        "contact": [{"letter_id": l.id, "name": l.author_name, "email": l.author_email,
                     "location": l.author_location} for l in letters],
        "letters": out_letters,
        "other_messages": [{"id": m.id, "received_at": _iso(m.received_at),
                            "raw_message": m.raw.decode("utf-8", errors="replace")}
                           for m in _stray_messages(session, email)],
        "mail_sent": [{"id": m.id, "letter_id": m.letter_id, "kind": m.kind, "subject": m.subject,
                       "created_at": _iso(m.created_at), "state": m.state, "sent_at": _iso(m.sent_at),
                       "message": m.raw.decode("utf-8", errors="replace")} for m in _mail(session, email, ids)],
        "consent_requests": [{"letter_id": c.letter_id, "state": c.state, "sent_at": _iso(c.sent_at),
                              "answered_at": _iso(c.answered_at), "suggestion": c.suggestion}
                             for c in consents],
        "audit": [{"at": _iso(e.at), "who": e.user_email, "action": e.action, "letter_id": e.letter_id,
                   "before": e.before, "after": e.after} for e in events],
    }


@dataclass
class Erasure:
    letters_removed: int = 0
    letters_kept_published: int = 0
    raw_messages: int = 0
    attachments: int = 0
    mail_sent: int = 0
    audit_entries_cleared: int = 0
    letter_ids: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "letter_ids"}


def _strip_contact(letter: Letter, *, keep_text: str | None) -> int:
    """Contact data, raw message, headers, attachments off a kept letter; returns attachments."""
    n = len(letter.attachments)
    letter.attachments.clear()
    letter.notes.clear()
    letter.author_email = None
    letter.author_contact = None        # street, postcode, phone from the sign-off (issue 12)
    letter.removed = []                 # the sign-off, signature and contact blocks taken out of the text
    letter.rule_flags.clear()           # their explanations name addresses ("Replies go to ...")
    letter.writer_id = None
    if letter.verification is not None:
        letter.verification.note = ""   # an editor's note of how it was checked may hold a number
    letter.html = None
    letter.html_sanitised = ""
    letter.headers = []
    letter.full_text = ""
    letter.message_id = f"erased-{letter.id}@erased.invalid"
    if keep_text is not None:
        letter.text = keep_text
        letter.author_name = letter.signoff_name or letter.author_name
        letter.author_location = letter.signoff_location or letter.author_location
    message = letter.message
    message.raw, message.size, message.mail_from, message.rcpt_tos = b"", 0, "", []
    message.peer = message.helo = message.process_error = None
    return n


def _clear_audit(session: Session, ids: list[int]) -> int:
    if not ids:
        return 0
    return session.execute(update(AuditEvent).where(AuditEvent.letter_id.in_(ids))
                           .values(before=None, after=None)
                           .execution_options(synchronize_session=False)).rowcount or 0


def optimize_search(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO letters_fts(letters_fts) VALUES ('optimize')"))


def erase_writer(session: Session, settings: Settings, email: str, *, actor: audit.Actor,
                 dry_run: bool = False) -> Erasure:
    """Erase the writer of ``email`` (see the module docstring). With ``dry_run`` nothing changes
    and the counts say what would go."""
    email = email.strip()
    result = Erasure()
    letters = _letters(session, email)
    ids = [l.id for l in letters]
    result.letter_ids = ids
    mail = _mail(session, email, ids)
    stray = _stray_messages(session, email)
    result.mail_sent, result.raw_messages = len(mail), len(letters) + len(stray)
    result.audit_entries_cleared = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.letter_id.in_(ids))) if ids else 0
    for letter in letters:
        keep = settings.keep_published and letter.status is Status.PUBLISHED
        if keep:
            result.letters_kept_published += 1
        else:
            result.letters_removed += 1
        result.attachments += len(letter.attachments)
    if dry_run:
        return result
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))    # freed pages are zeroed too
    _clear_audit(session, ids)
    for row in mail:
        session.delete(row)
    session.execute(delete(ConsentRequest).where(ConsentRequest.letter_id.in_(ids)))
    for message in stray:
        session.delete(message)
    # The writer's record (issue 16): their address, name and standing rule.
    session.execute(delete(Writer).where(func.lower(Writer.email) == email.lower()))
    session.execute(delete(WriterEmail).where(func.lower(WriterEmail.email) == email.lower()))
    shared_contact.forget(session, ids)     # their phone and address, and the flags naming them
    for letter in letters:
        if settings.keep_published and letter.status is Status.PUBLISHED:
            _strip_contact(letter, keep_text=publication_text(letter))
        else:
            message = letter.message
            session.delete(letter)
            session.delete(message)
    session.flush()
    optimize_search(session)
    audit.record(session, actor, "reader-erased", after=result.counts())
    return result


@dataclass
class Purge:
    unpublished: int = 0
    published: int = 0
    attachments: int = 0
    mail_sent: int = 0
    letter_ids: list[int] = field(default_factory=list)


def purge(session: Session, settings: Settings, *, actor: audit.Actor = "retention",
          dry_run: bool = False, limit: int | None = None, optimize: bool = True) -> Purge:
    """Retention: contact data, raw messages, headers and attachments of unpublished letters
    older than ``INBOX_RETAIN_UNPUBLISHED_DAYS`` and of published ones older than
    ``INBOX_RETAIN_PUBLISHED_DAYS`` are erased (the letters and their text stay, flagged
    ``contact-data-purged``), with the mail sent about them. ``limit`` caps the letters taken
    under each rule (the caller repeats until none is left); ``optimize=False`` leaves the search
    index's merge (which rewrites it whole on SQLite) to the caller's last batch."""
    now = utcnow()
    result = Purge()
    rules = ((Status.PUBLISHED, settings.retain_published_days, "published"),
             (None, settings.retain_unpublished_days, "unpublished"))
    for status, days, name in rules:
        condition = Letter.status == Status.PUBLISHED if status else Letter.status != Status.PUBLISHED
        due = list(session.scalars(select(Letter).join(Letter.message).where(
            condition, Letter.received_at < now - timedelta(days=days), Message.size > 0)
            .order_by(Letter.id).limit(limit)))
        setattr(result, name, len(due))
        for letter in due:
            result.letter_ids.append(letter.id)
            result.attachments += len(letter.attachments)
    ids = result.letter_ids
    mail = list(session.scalars(select(OutboundMail).where(OutboundMail.letter_id.in_(ids)))) if ids else []
    result.mail_sent = len(mail)
    if dry_run or not ids:
        return result
    for row in mail:
        session.delete(row)
    shared_contact.forget(session, ids)
    for letter in session.scalars(select(Letter).where(Letter.id.in_(ids))):
        _strip_contact(letter, keep_text=None)
        letter.flags = [*(letter.flags or []), PURGED]
    session.flush()
    if optimize:
        optimize_search(session)
    audit.record(session, actor, "retention-purge",
                 after={"unpublished": result.unpublished, "published": result.published,
                        "attachments": result.attachments, "mail_sent": result.mail_sent})
    return result
