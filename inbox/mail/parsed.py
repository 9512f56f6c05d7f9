"""The immutable values the parser hands to the domain: no live ``email.message.Message`` leaves
the parser."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Iterable

from inbox.text import word_count


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str              # sanitised: no directories, no control characters, never empty
    content_type: str          # e.g. "application/pdf"
    size: int                  # decoded size in bytes
    content: bytes             # decoded payload (the caller applies the storage size cap)
    inline: bool = False       # a cid: image that belongs to the HTML body
    content_id: str | None = None


@dataclass(frozen=True)
class ParsedLetter:
    message_id: str | None             # Message-ID without angle brackets, or None when absent
    subject: str                       # decoded, control characters removed ("" when absent)
    from_name: str | None              # display name, decoded; "Last, First" turned into "First Last"
    from_email: str | None             # lower-cased address, or None when unusable
    to: tuple[str, ...]                # addresses from To/Cc (capped)
    sent_at: datetime | None           # the Date header, UTC
    in_reply_to: str | None
    references: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]   # every header, decoded and stripped of control chars
    full_text: str                     # the best text part, whole (HTML converted to paragraphs)
    text: str                          # the letter itself: quotes, signature, cover note removed
    html: str | None                   # the original HTML body, unsanitised (the UI sanitises)
    author_name: str | None            # from the sign-off when present, else the display name
    author_location: str | None        # the town from the sign-off, or None
    attachments: tuple[ParsedAttachment, ...] = ()
    defects: tuple[str, ...] = ()      # what the parser had to work around, for a human
    unparseable: bool = False          # nothing usable could be read: store raw, flag for a human
    forwarded: bool = False            # the letter was taken from an enclosed/forwarded message
    # What was taken out of ``text``, in message order: (kind, text), kind one of
    # letter_text.REMOVED_KINDS ("quote", "signature", "sign-off", "contact", ...).
    removed: tuple[tuple[str, str], ...] = ()
    author_address: str | None = None  # private: street, town and postcode as signed
    author_phone: str | None = None    # private: never printed
    review: tuple[str, ...] = ()       # why a human should check the text (the parser was unsure)

    @property
    def author_contact(self) -> dict[str, str | None] | None:
        """The private contact lines of the sign-off, or None when the reader gave none."""
        if self.author_address is None and self.author_phone is None:
            return None
        return {"address": self.author_address, "phone": self.author_phone}

    @property
    def word_count(self) -> int:
        return word_count(self.text)     # the one definition the UI's house limit uses too


def kind_runs(lines: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, line) pairs in message order as removed parts: each run of one kind one part, so
    every part is contiguous in the original (what put-back looks for)."""
    return [(kind, "\n".join(line for _, line in run)) for kind, run in groupby(lines, key=lambda pair: pair[0])]
