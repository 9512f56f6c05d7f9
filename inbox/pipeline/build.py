"""From one stored raw message to a letter row: parse, screen, link. No database work here.

A message the parser cannot make sense of still becomes a letter, flagged for a human with its
raw bytes kept (``unreadable``): nothing acknowledged is ever invisible to the editors.
"""
from __future__ import annotations

import logging

from inbox.config import Settings
from inbox.desk.sanitize import TOO_COMPLEX_FLAG, inline_image_ids, sanitize_html
from inbox.mail.addresses import plus_tags
from inbox.mail.copies import shares_runs
from inbox.mail.parse import parse_message
from inbox.mail.parsed import ParsedLetter
from inbox.models import Attachment, Kind, Letter, LinkMethod, Message
from inbox.pipeline.linking import ArticleIndex, Link
from inbox.pipeline.screening import automated_reason
from inbox.text import clean_line, clean_text, storable

log = logging.getLogger(__name__)
# The domain of the Message-ID we give a message that had none (never threaded to).
GENERATED_ID_DOMAIN = "@generated.letters.invalid"


def build_letter(message: Message, *, settings: Settings, index: ArticleIndex) -> Letter:
    """Parse, screen and link one stored message into a (not yet added) letter. No database work."""
    try:
        parsed = parse_message(message.raw)
    except Exception:  # the parser promises not to raise; if it does, a human looks at the raw bytes
        log.exception("parser failed on message %s", message.id)
        parsed = None
    return _letter_from(parsed, message, settings, index) if parsed else unreadable(message)


def _fit(value: str | None, column) -> str | None:
    """Cut a value to its column's length: PostgreSQL refuses longer strings (SQLite stores them),
    and a hostile 5,000-character Subject must not turn a readable letter into a failed one."""
    limit = column.type.length
    return value[:limit] if value is not None and limit else value


def _contact(parsed: ParsedLetter) -> dict[str, str | None] | None:
    contact = parsed.author_contact
    return None if contact is None else {key: storable(value) for key, value in contact.items()}


def _letter_from(parsed: ParsedLetter, message: Message, settings: Settings, index: ArticleIndex) -> Letter:
    reason = automated_reason(parsed, message.mail_from)
    # Automated mail answers no article: never linked, whatever its subject or references.
    link = Link(None, LinkMethod.NONE) if reason else index.link(
        plus_tags=plus_tags(message.rcpt_tos, settings.letters_addresses),
        subject=parsed.subject, body=parsed.text,
        reply_refs=[r for r in (parsed.in_reply_to, *parsed.references) if r],
        received_at=message.received_at)
    parsed = _without_article_copy(parsed, message, index, link)
    flags = []
    if parsed.unparseable:
        flags.append("unparseable")
    if parsed.defects:
        flags.append("defects")
    if parsed.forwarded:
        flags.append("forwarded")
    html = storable(parsed.html)
    sanitised = sanitised_html(html, parsed.attachments)
    if sanitised is None:
        flags.append(TOO_COMPLEX_FLAG)
    flags += [f"review: {reason}" for reason in parsed.review]
    letter = Letter(
        message_pk=message.id, kind=Kind.AUTOMATED if reason else Kind.LETTER, automated_reason=reason,
        article_id=link.article_id, link_method=link.method, link_suggestions=list(link.suggestions),
        # A message without a Message-ID gets one, derived from its fingerprint so it is stable.
        message_id=(_fit(parsed.message_id, Letter.message_id)
                    or f"{message.fingerprint[:32]}{GENERATED_ID_DOMAIN}"),
        author_name=_fit(parsed.author_name, Letter.author_name),
        # An address too long for the column is not a usable address; never store a cut one.
        author_email=parsed.from_email if parsed.from_email and len(parsed.from_email) <= 320 else None,
        author_location=_fit(parsed.author_location, Letter.author_location),
        subject=_fit(parsed.subject, Letter.subject),
        received_at=message.received_at, sent_at=parsed.sent_at, word_count=parsed.word_count,
        text=storable(parsed.text), full_text=storable(parsed.full_text), html=html,
        html_sanitised=sanitised or "",
        headers=[list(h) for h in parsed.headers], flags=flags + [f"defect: {d}" for d in parsed.defects[:20]],
        needs_review=parsed.unparseable or bool(parsed.review),
        removed=[{"kind": kind, "text": storable(text)} for kind, text in parsed.removed],
        author_contact=_contact(parsed),
    )
    for att in parsed.attachments:
        keep = att.size <= settings.attachment_max_bytes
        letter.attachments.append(Attachment(
            filename=_fit(att.filename, Attachment.filename),
            content_type=_fit(att.content_type, Attachment.content_type), size=att.size,
            content=att.content if keep else None, inline=att.inline,
            content_id=_fit(att.content_id, Attachment.content_id)))
    return letter


def _without_article_copy(parsed: ParsedLetter, message: Message, index: ArticleIndex,
                          link: Link) -> ParsedLetter:
    """Parsed again with the linked article's text when the letter shares runs of words with
    it: a pasted copy of the article leaves the text, a quotation of it needs no review."""
    body = index.article_text(link.article_id) if link.article_id is not None else ""
    if not body or not (parsed.review or shares_runs(parsed.text, body)):
        return parsed
    return parse_message(message.raw, sources=(body,))


def sanitised_html(html: str | None, parts) -> str | None:
    """The HTML as the frame shows it ("" when there is none), or None when it cannot be cleaned
    within the bound. Done here, once, so that no page view ever pays for it."""
    if not html:
        return ""
    cleaned = sanitize_html(html, inline_ids=inline_image_ids(p for p in parts if p.inline))
    return None if cleaned is None else storable(cleaned)


def unreadable(message: Message) -> Letter:
    """The letter of a message that could not be processed: its raw text, flagged for a human."""
    # clean_text drops NUL and other control characters: PostgreSQL refuses NUL in text columns,
    # and this fallback must store *something* whatever the raw bytes hold.
    text = clean_text(message.raw.decode("utf-8", errors="replace"))
    return Letter(message_pk=message.id, kind=Kind.LETTER, received_at=message.received_at,
                  subject=clean_line(text.split("\n", 1)[0])[:200] or None, text="", full_text=text,
                  flags=["unparseable", "processing-failed"], needs_review=True, html_sanitised="",
                  message_id=f"{message.fingerprint[:32]}{GENERATED_ID_DOMAIN}")
