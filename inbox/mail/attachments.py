"""Attachments: every part that is not the body, with a file name that is safe to store and serve.

A leaf becomes an attachment when it has a file name or ``Content-Disposition: attachment``, or
when it is not text (images, PDFs, calendars, delivery reports). Leftover inline text/plain and
text/html parts are other renderings of the body and are skipped; S/MIME and PGP signatures are
skipped. An image with a Content-ID inside the multipart/related that holds the HTML body (or
referenced as ``cid:`` from it) is ``inline``. Enclosed messages (message/rfc822) are handed back
separately: ``parse`` decides whether one is the letter itself or an ``.eml`` attachment.

File names: directories dropped (``1234/../../1234.txt`` is ``1234.txt``, backslashes too),
control and reserved characters removed, no leading dots, at most 255 bytes, and never empty
(``attachment-N`` plus an extension for the type).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import Message
from email.policy import compat32

from inbox.text import clean_line
from inbox.mail.mime import MAX_DEPTH, RENDERINGS, SIGNATURE_TYPES
from inbox.mail.parts import (ENCLOSED_TYPES, Budget, Context, children, content_id, content_type,
                              disposition, payload_bytes, raw_filename, repaired)
from inbox.mail.parsed import ParsedAttachment

MAX_NAME_BYTES = 255
_UNSAFE = re.compile(r'[<>:"|?*\ufffd\x00-\x1f]')
_DOTS = re.compile(r"\.{2,}")      # "report..pdf" is harmless, but ".." never needs to survive
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
             *(f"lpt{n}" for n in range(1, 10))}
_EXTENSIONS = {
    "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
    "image/webp": ".webp", "image/heic": ".heic", "image/tiff": ".tif", "image/bmp": ".bmp",
    "image/svg+xml": ".svg", "text/plain": ".txt", "text/html": ".html", "text/calendar": ".ics",
    "text/csv": ".csv", "text/vcard": ".vcf", "text/x-vcard": ".vcf", "message/rfc822": ".eml",
    "message/delivery-status": ".txt", "text/rfc822-headers": ".txt", "application/zip": ".zip",
    "application/gzip": ".gz", "application/x-gzip": ".gz", "application/msword": ".doc",
    "application/rtf": ".rtf", "audio/mpeg": ".mp3", "video/mp4": ".mp4",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt", "application/vnd.ms-excel": ".xls",
}


def safe_filename(name: str | None, ctype: str, index: int) -> str:
    """A file name with no directories, controls or leading dots; ``attachment-N.ext`` if none."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _DOTS.sub(".", _UNSAFE.sub("", clean_line(name))).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if not stem.strip(" ."):                      # ".txt", "..", or nothing left at all
        suffix = f".{extension}" if extension and len(extension) <= 10 else ""
        return f"attachment-{index}{suffix or _EXTENSIONS.get(ctype, '.bin')}"
    if stem.lower().split(".")[0] in _RESERVED:   # CON.txt and friends upset Windows
        name = f"_{name}"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        tail = f".{extension}" if dot and len(extension) <= 16 else ""
        room = MAX_NAME_BYTES - len(tail.encode("utf-8"))
        head = name[: len(name) - len(tail)] if tail else name
        head = head.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
        name = head + tail
    return name


def serialised(message: Message) -> bytes:
    """An enclosed or report part as bytes; its exact original bytes are in the raw mail."""
    try:
        return message.as_bytes(policy=compat32)
    except Exception:
        try:
            return message.as_string(policy=compat32).encode("utf-8", "surrogateescape")
        except Exception:
            return b""


def enclosed_message(part: Message) -> Message | None:
    """The message inside a message/rfc822 part, if the parser found one."""
    kids = children(part)
    return kids[0] if kids else None


def _leaves(part: Message, context: Context, budget: Budget, depth: int,
            related: Message | None) -> Iterator[tuple[Message, Message | None]]:
    if depth > MAX_DEPTH or not budget.spend():
        return
    ctype = content_type(part)
    if ctype in ENCLOSED_TYPES or (part.is_multipart() and ctype.startswith("message/")):
        yield part, related          # enclosed messages and reports are taken whole
        return
    if part.is_multipart():
        inner = part if ctype == "multipart/related" else related
        for kid in children(part):
            yield from _leaves(kid, context, budget, depth + 1, inner)
        return
    if ctype.startswith("multipart/"):
        fixed = repaired(part, context)
        if fixed is not None:
            yield from _leaves(fixed, context, budget, depth + 1, related)
        return
    yield part, related


def collect(message: Message, context: Context, used: set[int], body_related: Message | None,
            body_html: str | None) -> tuple[list[ParsedAttachment], list[Message]]:
    """(the attachments, the enclosed message/rfc822 parts) of ``message``, body parts excepted."""
    attachments: list[ParsedAttachment] = []
    enclosed: list[Message] = []
    budget = Budget(context)
    for part, related in _leaves(message, context, budget, 0, None):
        ctype = content_type(part)
        if ctype in ENCLOSED_TYPES:
            enclosed.append(part)
            continue
        if id(part) in used or ctype in SIGNATURE_TYPES:
            continue
        name = raw_filename(part, context)
        if name is None and disposition(part) != "attachment" and ctype in RENDERINGS:
            continue                 # another rendering of the body, not a file
        data = serialised(part) if part.is_multipart() else payload_bytes(part, context)
        cid = content_id(part)
        inline = cid is not None and related is not None and related is body_related
        inline = inline or bool(cid and body_html and f"cid:{cid}" in body_html)
        attachments.append(ParsedAttachment(
            filename=safe_filename(name, ctype, len(attachments) + 1),
            content_type=ctype, size=len(data), content=data, inline=inline, content_id=cid))
    return attachments, enclosed


def as_attachment(part: Message, context: Context, index: int) -> ParsedAttachment:
    """An enclosed message that is not the letter, kept as an ``.eml`` file."""
    inner = enclosed_message(part)
    data = serialised(inner) if inner is not None else payload_bytes(part, context)
    return ParsedAttachment(
        filename=safe_filename(raw_filename(part, context), "message/rfc822", index),
        content_type="message/rfc822", size=len(data), content=data,
        content_id=content_id(part))
