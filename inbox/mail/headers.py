"""Header values to clean text: unfolding, raw 8-bit bytes, RFC 2047 encoded words, ids and dates.

The stdlib's header objects (``policy.default``) are not used: building them costs about a
millisecond per message, raises on hostile values (CR/LF inside an address) and takes seconds on
a To header with 20,000 addresses. Here every value is the raw string the parser kept, with
undecodable bytes carried as surrogates, and every function is linear in its input.
"""
from __future__ import annotations

import binascii
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from inbox.mail.charsets import decode_bytes, decode_header_bytes
from inbox.text import clean_line

MAX_VALUE = 64 * 1024       # longer header values are junk or an attack; the raw mail keeps them
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")
_ANGLE_ID = re.compile(r"<([^<>\s]{1,900})>")
_EARLIEST, _LATEST = 1970, 2100     # a Date outside these years is a broken or forged clock


def unfold(value: str) -> str:
    """RFC 5322 unfolding: a line break followed by white space is no line break."""
    return _FOLD.sub("", value[:MAX_VALUE])


def raw_to_text(value: str, hints: tuple[str, ...] = ()) -> str:
    """Turn the parser's surrogate-escaped raw bytes into text (RFC 6532 or a careless client)."""
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:   # real characters: the value did not come from bytes
        return value
    return decode_header_bytes(data, hints)


def _b_decode(payload: str) -> bytes:
    payload = _NOT_BASE64.sub("", payload)
    if len(payload) % 4 == 1:          # one stray character cannot be decoded; drop it
        payload = payload[:-1]
    payload += "=" * (-len(payload) % 4)
    try:
        return binascii.a2b_base64(payload)
    except binascii.Error:
        return payload.encode("ascii")


def _q_decode(payload: str) -> bytes:
    data = payload.replace("_", " ").encode("utf-8", "surrogateescape")
    return _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def decode_words(text: str) -> str:
    """Decode RFC 2047 encoded words anywhere in ``text`` (also inside quotes, as clients do).

    White space between adjacent encoded words is dropped, and adjacent words in one charset are
    joined as bytes before decoding, so a multi-byte character split across two words survives.
    """
    if "=?" not in text:
        return text
    pieces: list[str] = []
    pending: tuple[str, bytearray] | None = None
    position = 0

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            pieces.append(decode_bytes(bytes(pending[1]), pending[0])[0])
            pending = None

    for match in _ENCODED_WORD.finditer(text):
        gap = text[position:match.start()]
        if pending is None or gap.strip():
            flush()
            pieces.append(gap)
        charset, encoding, payload = match.groups()
        data = _b_decode(payload) if encoding in "bB" else _q_decode(payload)
        charset = charset.lower()
        if pending is not None and pending[0] == charset:
            pending[1].extend(data)
        else:
            flush()
            pending = (charset, bytearray(data))
        position = match.end()
    flush()
    pieces.append(text[position:])
    return "".join(pieces)


def decode_value(value: str, hints: tuple[str, ...] = ()) -> str:
    """An unstructured header value (Subject, or any header for display) as one clean line."""
    return clean_line(decode_words(raw_to_text(unfold(value), hints)))


def message_id(value: str | None) -> str | None:
    """The first ``<id>`` in a Message-ID or In-Reply-To value, without brackets; None if empty."""
    if not value:
        return None
    value = clean_line(unfold(value))
    match = _ANGLE_ID.search(value)
    if match:
        return match.group(1)
    bare = value.strip("<> ").split()
    return bare[0][:900] if bare else None


def references(value: str | None, limit: int = 100) -> tuple[str, ...]:
    """Every id in a References value, oldest first, at most ``limit``."""
    if not value:
        return ()
    value = clean_line(unfold(value))
    ids = [match.group(1) for match in _ANGLE_ID.finditer(value)]
    if not ids:
        ids = [token.strip("<>") for token in value.split() if token.strip("<>")]
    return tuple(ids[:limit])


def parse_date(value: str | None) -> datetime | None:
    """The Date header as an aware UTC datetime, or None when absent, unreadable or absurd."""
    if not value:
        return None
    value = clean_line(unfold(value))[:200]
    try:
        when = parsedate_to_datetime(value)
    except Exception:   # ValueError, TypeError, IndexError, OverflowError across versions
        return None
    if when.tzinfo is None:             # "-0000": UTC with no claim about the sender's zone
        when = when.replace(tzinfo=timezone.utc)
    try:
        when = when.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    return when if _EARLIEST <= when.year <= _LATEST else None
