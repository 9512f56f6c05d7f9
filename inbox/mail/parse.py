"""Raw message bytes to a ParsedLetter: the parser's one entry point, and it never raises.

Pipeline: neutralise bare CRs in the header block -> ``email.message_from_bytes`` (compat32
policy: the same feedparser as ``policy.default``, ten times faster, since headers are decoded
here rather than by the stdlib's header objects) -> headers decoded by hand -> body part chosen
(``mime``) -> forwarded letters unwrapped (``forwards``) -> the letter's text and what was
removed from it (``letter_text``: quotes, signatures, sign-off, contact, paragraphs) ->
attachments (``attachments``).

``full_text`` is the chosen body part, whole; ``text`` is the letter as it would be published,
and ``removed`` lists every part taken out of it, so nothing of the reader's goes unaccounted.
Anything the parser had to work around is listed in ``defects``; a message with no header fields
at all, or one that defeats the parser, comes back ``unparseable`` with whatever text could be
salvaged, so the raw mail can go to a human.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from email.policy import compat32

from inbox.mail.addresses import parse_mailboxes
from inbox.mail.attachments import as_attachment, collect, enclosed_message
from inbox.text import clean_line, clean_text
from inbox.mail.forwards import forwarded_letter, is_cover_note, reader_note
from inbox.mail.headers import (decode_value, message_id, parse_date, raw_to_text, references,
                                unfold)
from inbox.mail.mime import Body, find_body
from inbox.mail.parts import ENCLOSED_TYPES, Budget, Context, children, content_type, param
from inbox.mail.parsed import ParsedAttachment, ParsedLetter
from inbox.mail.letter_text import extract
from inbox.mail.rawmail import (as_bytes, neutralise_bare_cr, salvage, salvaged_text, split_raw,
                                too_nested)

MAX_HEADERS = 300
MAX_HEADER_CHARS = 8000
MAX_RECIPIENTS = 200
MAX_SUBJECT = 998      # RFC 5322's line limit; anything longer is padding or an attack
MAX_NAME = 300
MAX_LETTER = 200_000   # characters; a letter to the editor runs to a few thousand
_WORD_CHARSET = re.compile(r"=\?([^?\s]{1,40})\?[bBqQ]\?")


def parse_message(raw: bytes, sources: tuple[str, ...] = ()) -> ParsedLetter:
    """Parse one raw RFC 5322 message. Never raises, whatever the bytes. ``sources``: the text
    of the article(s) the letter answers, when known (a copy of one is not the letter)."""
    data = as_bytes(raw)
    try:
        if too_nested(data):
            return salvage(data, "too many nested MIME parts: structure not read, text salvaged")
        return _parse(neutralise_bare_cr(data), sources)
    except Exception as error:   # the last line of defence: a parser bug must not lose the mail
        reason = f"parser failure ({type(error).__name__}): text salvaged"
    try:
        return salvage(data, reason)
    except Exception:
        return ParsedLetter(message_id=None, subject="", from_name=None, from_email=None, to=(),
                            sent_at=None, in_reply_to=None, references=(), headers=(),
                            full_text="", text="", html=None, author_name=None,
                            author_location=None, defects=(reason,), unparseable=True)


def _values(items: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in items if key.lower() == name]


def _hints(message: Message, items: list[tuple[str, str]]) -> tuple[str, ...]:
    """Charsets the sender used elsewhere: the best guess for raw 8-bit bytes in a header."""
    found = [param(message, "charset") or ""]
    for _, value in items[:50]:
        if "=?" in value:
            found.extend(_WORD_CHARSET.findall(value[:2000]))
    return tuple(dict.fromkeys(hint.lower() for hint in found if hint))[:5]


def _sender(values: list[str], hints: tuple[str, ...], context: Context
            ) -> tuple[str | None, str | None]:
    """(display name, address) from the first From field that holds a usable mailbox."""
    if not values:
        context.defect("no From field")
    elif len(values) > 1:
        context.defect(f"{len(values)} From fields: the first usable one was taken")
    fallback_name = None
    for value in values[:10]:
        mailboxes = list(parse_mailboxes(raw_to_text(unfold(value), hints), limit=20))
        if len(mailboxes) > 1:
            context.defect("From holds several mailboxes: the first usable one was taken")
        for mailbox in mailboxes:
            if mailbox.problem:
                context.defect(f"From: {mailbox.problem}")
            if mailbox.email:
                return (mailbox.name or "")[:MAX_NAME] or None, mailbox.email
            fallback_name = fallback_name or mailbox.name
    return (fallback_name or "")[:MAX_NAME] or None, None


def _recipients(values: list[str], hints: tuple[str, ...], context: Context) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for value in values:
        for mailbox in parse_mailboxes(raw_to_text(unfold(value), hints), limit=5 * MAX_RECIPIENTS):
            if mailbox.email:
                found[mailbox.email] = None
            if len(found) >= MAX_RECIPIENTS:
                context.defect(f"more than {MAX_RECIPIENTS} recipients: the rest were not kept")
                return tuple(found)
    return tuple(found)


def _first(items: list[tuple[str, str]], name: str, context: Context) -> str | None:
    values = _values(items, name)
    if len(values) > 1:
        context.defect(f"{len(values)} {name} fields: the first was used")
    return values[0] if values else None


def _stdlib_defects(message: Message, context: Context) -> None:
    for count, part in enumerate(message.walk()):
        if count >= 100:
            break
        for defect in getattr(part, "defects", [])[:10]:
            context.defect(f"MIME: {type(defect).__name__}")


def _enclosed_letter(message: Message, enclosed: list[Message], note: str, context: Context
                     ) -> tuple[Message, Message, Body] | None:
    """(the message/rfc822 part, its message, its body) when the mail forwards a letter."""
    top = content_type(message)
    if not enclosed or top not in ("multipart/mixed", *ENCLOSED_TYPES) or not is_cover_note(note):
        return None
    direct = {id(kid) for kid in children(message)} | {id(message)}
    for part in enclosed:
        inner = enclosed_message(part) if id(part) in direct else None
        if inner is None:
            continue
        body = find_body(inner, context, Budget(context), 1)
        if body is not None and body.text.strip():
            return part, inner, body
    return None


@dataclass
class _Content:
    """What the body parts amount to, once forwards are unwrapped."""

    full_text: str
    letter: str
    html: str | None
    attachments: list[ParsedAttachment]
    forwarded: bool = False
    inner_sender: tuple[str | None, str | None] | None = None
    cover: str = ""      # the reader's note above a forwarded letter, reported as removed
    review: tuple[str, ...] = ()


def _content(message: Message, data: bytes, subject: str, context: Context) -> _Content:
    body = find_body(message, context, Budget(context))
    if (body is None or not body.text.strip()) and any("deeper than" in d for d in context.defects):
        body = Body(salvaged_text(split_raw(data)[1]))   # the text sits below our nesting cap
    note = clean_text(body.text) if body else ""
    html = body.html if body else None
    attachments, enclosed = collect(message, context, body.parts if body else set(),
                                    body.related if body else None, html)
    content = _Content(note, note, html, attachments)
    found = _enclosed_letter(message, enclosed, note, context)
    if found is not None:
        used_part, inner, inner_body = found
        content.letter, content.forwarded = clean_text(inner_body.text), True
        content.cover = note.strip()
        content.full_text = f"{note}\n\n{content.letter}" if note.strip() else content.letter
        content.html = html or inner_body.html
        inner_attachments, inner_enclosed = collect(
            inner, context, inner_body.parts, inner_body.related, inner_body.html)
        attachments += inner_attachments
        enclosed = [part for part in enclosed if part is not used_part] + inner_enclosed
        inner_items = [(str(key), str(value)) for key, value in inner.raw_items()]
        content.inner_sender = _sender(_values(inner_items, "from"), context.hints, Context())
    else:
        inline = forwarded_letter(note, subject)
        if inline is not None:
            (content.letter, cover), content.forwarded = inline, True
            content.cover = cover.strip()
    attachments += [as_attachment(part, context, len(attachments) + number)
                    for number, part in enumerate(enclosed, start=1)]
    if content.forwarded and content.cover:
        kept, content.cover = reader_note(content.cover, subject)
        if kept:          # more than "FYI": the reader's own words are never removed
            content.letter = f"{kept}\n\n{content.letter}"
            content.review = ("a note above the forwarded letter was kept: is it part of the "
                              "letter?",)
    return content


def _parse(data: bytes, sources: tuple[str, ...] = ()) -> ParsedLetter:
    message = message_from_bytes(data, policy=compat32)
    items = [(str(key), str(value)) for key, value in message.raw_items()]
    if not items:
        return salvage(data, "no header fields: not an e-mail message")
    hints = _hints(message, items)
    context = Context(hints=hints)
    headers = tuple((clean_line(key)[:100], decode_value(value[:2 * MAX_HEADER_CHARS], hints)
                     [:MAX_HEADER_CHARS]) for key, value in items[:MAX_HEADERS])
    subject = decode_value(_first(items, "subject", context) or "", hints)[:MAX_SUBJECT]
    from_name, from_email = _sender(_values(items, "from"), hints, context)

    content = _content(message, data, subject, context)
    letter = content.letter
    if len(letter) > MAX_LETTER:
        context.defect(f"letter longer than {MAX_LETTER:,} characters: the rest is only in full_text")
        letter = letter[:MAX_LETTER]
    if from_email is None and not _values(items, "from") and content.inner_sender \
            and content.inner_sender[1]:
        context.defect("no From field: the sender was taken from the forwarded message")
        from_name, from_email = content.inner_sender
    _stdlib_defects(message, context)
    letter_name = content.inner_sender[0] if content.forwarded and content.inner_sender else None
    found = extract(letter, letter_name or from_name,
                    (("forward-header", content.cover[:MAX_LETTER]),) if content.cover else (),
                    tuple(source[:MAX_LETTER] for source in sources))
    return ParsedLetter(
        message_id=message_id(_first(items, "message-id", context)),
        subject=subject,
        from_name=from_name,
        from_email=from_email,
        to=_recipients(_values(items, "to") + _values(items, "cc"), hints, context),
        sent_at=parse_date(_first(items, "date", context)),
        in_reply_to=message_id(_first(items, "in-reply-to", context)),
        references=references(_first(items, "references", context)),
        headers=headers,
        full_text=content.full_text.rstrip(),
        text=clean_text(found.text, trim_lines=True)[:MAX_LETTER],
        html=content.html,
        author_name=found.name or from_name,
        author_location=found.location,
        attachments=tuple(content.attachments),
        defects=tuple(context.defects),
        forwarded=content.forwarded,
        removed=found.removed,
        author_address=found.address,
        author_phone=found.phone,
        review=found.review + content.review,
    )
