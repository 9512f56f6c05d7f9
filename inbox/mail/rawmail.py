"""The raw bytes before and after the real parse: the header/body split, header-injection
hygiene and salvage.

``split_raw``: where the header block ends, for the parser and the listener's fingerprint alike.

``neutralise_bare_cr``: the stdlib's feedparser ends a line at a bare CR as well as at CRLF and
LF, but no MTA or mail client does, so ``Subject: hi\\rX-Injected: 1`` would be one header to the
reader's mail client and two to us. In the header block a bare CR becomes a space. A bare LF stays
a line end, as it is for Postfix, the stdlib and every MUA (half the corpus uses bare LF).

``too_nested``: the feedparser recurses once per nested multipart; 1,000 levels raise
RecursionError after a second of work, and the cost grows with the square of the depth. More than
``MAX_CONTAINERS`` multipart/message declarations means a hostile or broken message, which is not
handed to the feedparser at all.

``salvage``: the ParsedLetter for mail we cannot read: headers if a header-only parse finds them,
the text decoded leniently with MIME scaffolding lines dropped, ``unparseable=True``.
"""
from __future__ import annotations

import re
from email.parser import BytesParser
from email.policy import compat32

from inbox.mail.addresses import parse_mailboxes
from inbox.mail.charsets import decode_bytes
from inbox.text import clean_text
from inbox.mail.headers import decode_value, message_id, parse_date, raw_to_text, unfold
from inbox.mail.parsed import ParsedLetter

MAX_CONTAINERS = 100
MAX_SALVAGE = 1_000_000
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MIME_SCAFFOLDING = re.compile(r"^(?:--\S+\s*|content-[\w-]+:.*|mime-version:.*)$", re.I)
_BARE_CR = re.compile(rb"\r(?!\n)")
_CONTAINER = re.compile(rb"content-type:[ \t]*(?:multipart|message)/", re.I)


def as_bytes(raw: object) -> bytes:
    """Whatever the caller passed, as bytes (the signature says bytes; be forgiving anyway)."""
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, (bytearray, memoryview)):
        return bytes(raw)
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogatepass")   # any str at all, lone surrogates included
    return b""


def split_raw(data: bytes) -> tuple[bytes, bytes]:
    """The header block and the body of a raw message: they part at the first empty line (CRLF or
    LF, mixed too). Without one, it is all header. The one definition, used by the parser and by
    the listener's fingerprint alike."""
    end = _HEADER_END.search(data)
    return (data[:end.start()], data[end.end():]) if end else (data, b"")


def neutralise_bare_cr(data: bytes) -> bytes:
    head, _ = split_raw(data)
    stop = len(head)
    if b"\r" not in head:
        return data
    return _BARE_CR.sub(b" ", data[:stop]) + data[stop:]


def too_nested(data: bytes) -> bool:
    for count, _ in enumerate(_CONTAINER.finditer(data), start=1):
        if count > MAX_CONTAINERS:
            return True
    return False


def drop_mime_scaffolding(text: str) -> str:
    """Boundary and part-header lines, left in text salvaged from a broken MIME structure."""
    return "\n".join(line for line in text.split("\n") if not _MIME_SCAFFOLDING.match(line))


def salvaged_text(data: bytes) -> str:
    """Text from bytes whose MIME structure could not be used: decoded leniently, scaffolding out."""
    text, _ = decode_bytes(data[:MAX_SALVAGE], None)
    return clean_text(drop_mime_scaffolding(clean_text(text)), trim_lines=True)


def salvage(data: bytes, reason: str) -> ParsedLetter:
    """A best-effort ParsedLetter for mail the parser cannot read; never raises."""
    items: list[tuple[str, str]] = []
    body = data
    try:
        items = [(str(k), str(v)) for k, v in
                 BytesParser(policy=compat32).parsebytes(data, headersonly=True).raw_items()][:300]
        if items:
            body = split_raw(data)[1]
    except Exception:
        items = []
    try:
        text = salvaged_text(body)
    except Exception:
        text = clean_text(body[:MAX_SALVAGE].decode("utf-8", "replace"), trim_lines=True)

    def first(name: str) -> str | None:
        return next((value for key, value in items if key.lower() == name), None)

    headers: tuple[tuple[str, str], ...] = ()
    subject, sent_at, ident, name, email = "", None, None, None, None
    try:
        headers = tuple((decode_value(k)[:100], decode_value(v)[:8000]) for k, v in items)
        subject = decode_value(first("subject") or "")
        sent_at = parse_date(first("date"))
        ident = message_id(first("message-id"))
        sender = next(iter(parse_mailboxes(raw_to_text(unfold(first("from") or "")), 5)), None)
        name, email = (sender.name, sender.email) if sender else (None, None)
    except Exception:
        pass
    return ParsedLetter(
        message_id=ident, subject=subject, from_name=name, from_email=email, to=(),
        sent_at=sent_at, in_reply_to=None, references=(), headers=headers, full_text=text,
        text=text, html=None, author_name=name, author_location=None,
        defects=(reason,), unparseable=True,
    )
