"""Guarded access to the parts of a parsed message, and what one parse learns along the way.

Every stdlib call that can raise on hostile input (parameter parsing, payload decoding, file
names) is wrapped here, so the walkers in ``mime`` and ``attachments`` read as plain logic. A
multipart whose boundary is missing or wrong is split again on the delimiter lines actually found
in its body (``repaired``), once per part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from email.utils import collapse_rfc2231_value

from inbox.text import clean_line
from inbox.mail.headers import decode_words, raw_to_text, unfold

MAX_PARTS = 100
ENCLOSED_TYPES = {"message/rfc822", "message/news", "message/global"}
_KNOWN_ENCODINGS = {"", "7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode",
                    "uuencode", "x-uue", "uue"}
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_BOUNDARY_LINE = re.compile(rb"^--([^\s]{3,200}?)(?:--)?[ \t]*\r?$", re.M)


@dataclass
class Context:
    """What one parse learns along the way: defects for a human, charset hints, repairs."""

    hints: tuple[str, ...] = ()
    defects: list[str] = field(default_factory=list)
    repaired: dict[int, Message | None] = field(default_factory=dict)

    def defect(self, text: str) -> None:
        if text not in self.defects and len(self.defects) < 50:
            self.defects.append(text[:300])


class Budget:
    """Counts parts visited, so a message with 10,000 parts costs the same as one with 100."""

    def __init__(self, context: Context, limit: int = MAX_PARTS) -> None:
        self.context, self.left = context, limit

    def spend(self) -> bool:
        self.left -= 1
        if self.left < 0:
            self.context.defect(f"more than {MAX_PARTS} MIME parts: the rest were not read")
        return self.left >= 0


def content_type(part: Message) -> str:
    """The part's type, lower-cased; text/plain (RFC 2045's default) when missing or malformed."""
    try:
        value = part.get_content_type()
    except Exception:
        return "text/plain"
    words = value.split()   # "multipart/mixed\n\tboundary=..." when the ";" is missing
    if not words or not _MIME_TYPE.fullmatch(words[0]):
        return "text/plain"
    return words[0]


def param(part: Message, name: str, header: str = "content-type") -> str | None:
    try:
        value = part.get_param(name, header=header)
        if isinstance(value, tuple):
            value = collapse_rfc2231_value(value)
    except Exception:
        return None
    return None if value is None else str(value)


def disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


def raw_filename(part: Message, context: Context) -> str | None:
    """The file name as sent: RFC 2231, RFC 2047 and raw 8-bit names all decoded."""
    shadow = Message()   # the two headers, decoded, so that 8-bit names survive get_filename()
    try:
        for name, value in part.raw_items():
            if name.lower() in ("content-type", "content-disposition") and \
                    "name" in str(value).lower():
                shadow[name] = raw_to_text(unfold(str(value)), context.hints)
        if not shadow.keys():
            return None
        name = shadow.get_filename()
    except Exception:
        return None
    return decode_words(str(name)) if name else None


def header(part: Message, name: str) -> str | None:
    """A header's raw value as a str (compat32 turns 8-bit values into Header objects)."""
    try:
        value = part.get(name)
        return None if value is None else str(value)
    except Exception:
        return None


def content_id(part: Message) -> str | None:
    value = header(part, "content-id")
    if value is None:
        return None
    value = "".join(clean_line(value).split()).strip("<>")
    return value[:300] or None


def is_attachment(part: Message, context: Context) -> bool:
    return disposition(part) == "attachment" or raw_filename(part, context) is not None


def children(part: Message) -> list[Message]:
    payload = part.get_payload()
    if not isinstance(payload, list):
        return []
    return [kid for kid in payload[:MAX_PARTS] if isinstance(kid, Message)]


def payload_bytes(part: Message, context: Context) -> bytes:
    encoding = (header(part, "content-transfer-encoding") or "").strip().lower()
    if encoding not in _KNOWN_ENCODINGS:
        context.defect(f"unknown transfer encoding {encoding[:40]!r}: content taken as is")
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    return _as_bytes(part.get_payload())


def _as_bytes(payload: object) -> bytes:
    """A str payload back to the bytes it was parsed from (raw bytes ride as surrogates)."""
    if not isinstance(payload, str):
        return b""
    try:
        return payload.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return payload.encode("utf-8", "replace")


def repaired(part: Message, context: Context) -> Message | None:
    """A multipart whose boundary was missing or wrong, split on the delimiter lines in its body."""
    key = id(part)
    if key not in context.repaired:
        context.repaired[key] = _resplit(part, context)
    return context.repaired[key]


def _resplit(part: Message, context: Context) -> Message | None:
    payload = part.get_payload()
    if not isinstance(payload, str) or "--" not in payload:
        return None
    data = _as_bytes(payload)[:5_000_000]
    for attempt, match in enumerate(_BOUNDARY_LINE.finditer(data)):
        if attempt >= 5:      # each try counts through the whole body: a few tries, not thousands
            return None
        boundary = match.group(1)
        if not re.search(rb"[A-Za-z0-9]", boundary) or data.count(b"--" + boundary) < 2:
            continue
        subtype = content_type(part).split("/", 1)[1] or "mixed"
        head = b'Content-Type: multipart/%s; boundary="%s"\n\n' % (
            subtype.encode("ascii", "ignore"), boundary.replace(b'"', b""))
        try:
            fixed = message_from_bytes(head + data, policy=compat32)
        except Exception:
            return None
        if fixed.is_multipart() and children(fixed):
            context.defect("multipart without a usable boundary: split on its delimiter lines")
            return fixed
        return None
    return None
