"""Consent to edits and withdrawal: the publication version sent to its writer with the changes
shown plainly and a signed link; their answer by the link's page or by a reply; and withdrawal.

A reply is recognised by its In-Reply-To/References naming one of our outbound Message-IDs; its
text is the letter text the parser made of it (quotes and signature already stripped), so
"I approve" above a quoted copy of our mail reads as "I approve". Such a reply is not filed as a
new letter: the raw message stays in ``messages`` (linked from the request) and the answer is
audited. An automated reply (out of office) is never read as an answer.
"""
from __future__ import annotations

import html
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.config import Settings
from inbox.desk import audit
from inbox.desk.textdiff import word_diff
from inbox.enums import WITHDRAWN_AFTER_PUBLICATION, WITHDRAWN_REASON
from inbox.models import ConsentRequest, Kind, Letter, Message, OutboundMail, Status, utcnow
from inbox.readers import links, outbox
from inbox.readers.compose import AUTO_REPLIED
from inbox.readers.guard import address_refusal
from inbox.readers.notices import thread_id

AWAITING, APPROVED, SUGGESTED, WITHDRAWN, SUPERSEDED = "awaiting", "approved", "suggested", "withdrawn", "superseded"
WRITER = "writer"          # the audit actor for what a reader does
_APPROVE = re.compile(r"^\W*(?:i\s+)?(?:approve|approved)\b", re.I)
_WITHDRAW = re.compile(r"^\W*(?:(?:i|please)\s+)?withdraw\b", re.I)
_IDS = re.compile(r"<([^<>\s]+)>")


class ConsentError(ValueError):
    pass


def version_of(letter: Letter) -> str:
    return letter.publication_text if letter.publication_text is not None else letter.text


def is_edited(letter: Letter) -> bool:
    return (version_of(letter) or "").strip() != (letter.text or "").strip()


def latest(session: Session, letter_id: int) -> ConsentRequest | None:
    return session.scalar(select(ConsentRequest).where(ConsentRequest.letter_id == letter_id)
                          .order_by(ConsentRequest.id.desc()).limit(1))


def latest_by_letter(session: Session, letter_ids) -> dict[int, ConsentRequest]:
    """The latest request of each of ``letter_ids`` in one query (the planner's badges)."""
    ids = list(letter_ids)
    if not ids:
        return {}
    newest = (select(func.max(ConsentRequest.id)).where(ConsentRequest.letter_id.in_(ids))
              .group_by(ConsentRequest.letter_id))
    return {r.letter_id: r for r in session.scalars(select(ConsentRequest).where(ConsentRequest.id.in_(newest)))}


def redline_text(original: str, edited: str) -> str:
    """The changes in plain text: [-removed-] and {+added+}."""
    out = []
    for seg in word_diff(original, edited):
        out.append(seg.text if seg.op == "same" else ("[-%s-]" if seg.op == "del" else "{+%s+}") % seg.text)
    return "".join(out)


def redline_html(original: str, edited: str) -> str:
    out = []
    for seg in word_diff(original, edited):
        text = html.escape(seg.text).replace("\n", "<br>")
        out.append(text if seg.op == "same" else
                   f'<del style="color:#a00">{text}</del>' if seg.op == "del" else
                   f'<ins style="color:#060">{text}</ins>')
    return "".join(out)


def send_for_approval(session: Session, settings: Settings, letter: Letter, *, user) -> ConsentRequest:
    """Mail the writer the publication version, the changes and a signed link; supersedes any
    earlier request for this letter."""
    if settings.outbound_relay is None:
        raise ConsentError("Mail to readers is off (INBOX_OUTBOUND_SMTP is not set).")
    if letter.kind is not Kind.LETTER or letter.status not in (Status.SHORTLISTED, Status.PUBLISHED):
        raise ConsentError("Only a shortlisted or published letter can be sent for approval.")
    reason = address_refusal(letter.author_email, (*settings.letters_addresses, settings.sender_address))
    if reason:
        raise ConsentError(f"The writer's address cannot be written to ({reason}).")
    for earlier in session.scalars(select(ConsentRequest).where(
            ConsentRequest.letter_id == letter.id, ConsentRequest.state == AWAITING)):
        earlier.state = SUPERSEDED
    version = version_of(letter)
    request = ConsentRequest(letter_id=letter.id, state=AWAITING, nonce=secrets.token_urlsafe(24),
                             version_text=version, sent_at=utcnow())
    url = links.url(settings, links.make_token(settings, letter.id, links.CONSENT, request.nonce))
    name = letter.author_name or "reader"
    signoff = ", ".join(p for p in (letter.signoff_name, letter.signoff_location) if p)
    text = (f"Dear {name},\n\nWe would like to publish your letter \"{letter.subject or ''}\" as it "
            f"stands below. Please approve it, suggest a change or withdraw it here:\n{url}\n\n"
            "You can also reply to this message with \"I approve\" or \"withdraw\".\n\n"
            f"--- The version for publication ---\n\n{letter.headline or ''}\n\n{version}\n\n{signoff}\n\n"
            "--- The changes against your letter: [-removed-] {+added+} ---\n\n"
            f"{redline_text(letter.text, version)}\n\nThe letters desk, Reaction\n")
    body_html = (f"<p>Dear {html.escape(name)},</p><p>We would like to publish your letter as it stands "
                 f"below. Please <a href=\"{html.escape(url)}\">approve it, suggest a change or withdraw "
                 "it</a>, or reply to this message with “I approve” or “withdraw”.</p>"
                 f"<h3>The version for publication</h3><p>{html.escape(version).replace(chr(10), '<br>')}</p>"
                 f"<p>{html.escape(signoff)}</p><h3>The changes against your letter</h3>"
                 f"<p>{redline_html(letter.text, version)}</p><p>The letters desk, Reaction</p>")
    mail = outbox.enqueue(session, settings, kind="consent", to=letter.author_email,
                          subject=f"Your letter for approval: {letter.subject or ''}".strip(),
                          text=text, html=body_html, letter_id=letter.id,
                          reply_to_id=thread_id(letter), auto=AUTO_REPLIED)
    request.outbound_message_id = mail.message_id
    session.add(request)
    audit.record(session, user, "consent-sent", letter_id=letter.id)
    session.flush()
    return request


def answer(session: Session, request: ConsentRequest, choice: str, *, via: str,
           suggestion: str | None = None, reply: Message | None = None) -> ConsentRequest:
    """The writer's answer: ``approve``, ``suggest`` (with the text) or ``withdraw``."""
    if request.state != AWAITING:
        raise ConsentError(f"This request was answered already ({request.state}).")
    request.answered_at, request.answered_via = utcnow(), via
    request.reply_message_pk = reply.id if reply is not None else None
    if choice == "approve":
        request.state = APPROVED
    elif choice == "suggest":
        request.state = SUGGESTED
        request.suggestion = (suggestion or "").replace("\r\n", "\n").strip()[:10_000] or None
    elif choice == "withdraw":
        request.state = WITHDRAWN
    else:
        raise ConsentError(f"unknown answer {choice!r}")
    audit.record(session, WRITER, f"consent-{request.state}", letter_id=request.letter_id,
                 after={"via": via})
    if choice == "withdraw":
        withdraw(session, request.letter, via=via)
    session.flush()
    return request


def withdraw(session: Session, letter: Letter, *, via: str) -> Letter:
    """The writer withdrew the letter: out of the shortlist, Rejected "withdrawn by the writer";
    a letter already published is flagged so the editors are warned (a correction may be due)."""
    if letter.reject_reason == WITHDRAWN_REASON:
        return letter
    before = {"status": letter.status.value, "reject_reason": letter.reject_reason, "position": letter.position}
    if letter.status is Status.PUBLISHED:
        letter.flags = [*(letter.flags or []), WITHDRAWN_AFTER_PUBLICATION]
        letter.needs_review = True
    letter.status, letter.status_changed_at = Status.REJECTED, utcnow()
    letter.reject_reason, letter.position = WITHDRAWN_REASON, None
    for request in session.scalars(select(ConsentRequest).where(
            ConsentRequest.letter_id == letter.id, ConsentRequest.state == AWAITING)):
        request.state, request.answered_at, request.answered_via = WITHDRAWN, utcnow(), via
    cancelled = outbox.cancel_queued(session, letter.id, reason="the writer withdrew the letter")
    audit.record(session, WRITER, "withdrawn", letter_id=letter.id, before=before,
                 after={"status": Status.REJECTED.value, "reject_reason": WITHDRAWN_REASON, "via": via,
                        "mail_cancelled": cancelled})
    session.flush()
    return letter


def _referenced_ids(letter: Letter) -> list[str]:
    ids = []
    for name, value in letter.headers or []:
        if name.lower() in ("in-reply-to", "references"):
            ids += _IDS.findall(value)
    return ids


def take_reply(session: Session, message: Message, letter: Letter) -> bool:
    """If this processed message answers one of our mails with a decision, apply it and return
    True (the caller files no letter). Replies that decide nothing are letters as usual, except
    replies to a consent request, whose text becomes the writer's suggestion."""
    if letter.kind is not Kind.LETTER:
        return False
    ids = _referenced_ids(letter)
    if not ids:
        return False
    ours = session.scalars(select(OutboundMail).where(OutboundMail.message_id.in_(ids[:50]))
                           .order_by(OutboundMail.id.desc())).first()
    # Only the writer we mailed can answer: a forwarded copy in someone else's hands cannot.
    if ours is None or ours.letter_id is None or (letter.author_email or "").lower() != ours.recipient.lower():
        return False
    text = (letter.text or "").strip()
    request = session.scalar(select(ConsentRequest).where(ConsentRequest.outbound_message_id == ours.message_id))
    if request is not None and request.state == AWAITING:
        choice = "approve" if _APPROVE.match(text) else "withdraw" if _WITHDRAW.match(text) else "suggest"
        answer(session, request, choice, via="reply", suggestion=text, reply=message)
        return True
    if _WITHDRAW.match(text):
        target = session.get(Letter, ours.letter_id)
        if target is not None:
            withdraw(session, target, via="reply")
            audit.record(session, WRITER, "withdraw-reply", letter_id=target.id, after={"message": message.id})
            return True
    return False


def missing_consent(session: Session, letters) -> list[int]:
    """The edited letters among ``letters`` whose writer has not approved the latest version."""
    missing = []
    for letter in letters:
        if is_edited(letter):
            request = latest(session, letter.id)
            if request is None or request.state != APPROVED or request.version_text != version_of(letter):
                missing.append(letter.id)
    return missing
