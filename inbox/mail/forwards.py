"""Forwarded letters: a reader resending a letter, attached or inline, under a short cover note.

Policy. When the reader's own note is only a cover note ("Resending as my first attempt
bounced", empty, or under ``COVER_NOTE_WORDS`` words once quotes and signature are gone) and the
mail forwards a message, the forwarded message is the letter (``forwarded=True``). When the note is
substantial, the note is the letter and the forwarded part is context. Forwards of forwards are
unwrapped down to the innermost message.

A cover note is removed (listed as ``forward-header`` with the forward's headers) when it is a
few words ("FYI", "Resending as it bounced") or only about the sending, sentence by sentence
("I sent this to the Telegraph last week and they didn't use it. Yours if you want it."); any
other note is the reader's own words and stays in the text above the forwarded letter, for an
editor to judge (``reader_note``).

Inline forwards are recognised by their markers: "---------- Forwarded message ---------"
(Gmail), "Begin forwarded message:" (Apple Mail), "Forwarded message:" (Sparrow), "--------
Forwarded Message --------" (Thunderbird, Yahoo) and their translations, one definition for
this module and ``quotes`` (``quote_headers.is_forward_marker``). Apple Mail and Sparrow quote
the forwarded headers and text with "> ": that run is unquoted, and what the reader wrote under
it stays with the letter. "-----Original Message-----" is ambiguous: Outlook
uses it for replies too, and a reply's short note ("Agreed!") is the letter, not the quote; it
counts as a forward only when the subject says so (Fwd:, Fw:, Tr:, WG:).
"""
from __future__ import annotations

import re

from inbox.mail.quote_headers import is_forward_marker, is_header_line
from inbox.mail.signatures import strip_reply

COVER_NOTE_WORDS = 40
READER_NOTE_WORDS = 10  # a cover note longer than this is the reader's words: kept, not removed
MAX_UNWRAP = 5
MAX_SCAN = 200_000      # characters looked at; a cover note and its forward marker come early
_ORIGINAL_MARKER = re.compile(
    r"^\s*[-=_*]{2,}\s*(?:original message|message d'origine|ursprüngliche nachricht|"
    r"original-nachricht|mensaje original|mensagem original|messaggio originale|"
    r"oorspronkelijk bericht)\s*[-=_*]{2,}\s*$",
    re.I,
)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:fwd?|fw|tr|wg|enc|doorst)\s*:", re.I)


def is_cover_note(text: str) -> bool:
    """Too short to be the letter: a note that only introduces what it forwards."""
    return len(strip_reply(text[:MAX_SCAN]).split()) < COVER_NOTE_WORDS


def _unquoted(lines: list[str]) -> list[str]:
    """Apple Mail and Sparrow quote what they forward: take one level of "> " off the quoted
    run that opens the forward (its headers and text); lines the reader wrote under it stay."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].lstrip().startswith(">"):
        return lines
    end = first
    while end < len(lines):
        if lines[end].lstrip().startswith(">"):
            end += 1
            continue
        following = next((index for index in range(end, len(lines)) if lines[index].strip()), None)
        if following is None or following == end or not lines[following].lstrip().startswith(">"):
            break
        end = following          # blank lines inside the quoted run belong to it
    out = []
    for line in lines[first:end]:
        stripped = line.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            line = stripped[1:] if stripped.startswith(" ") else stripped
        out.append(line)
    return lines[:first] + out + lines[end:]


def _text_start(lines: list[str]) -> int:
    """Where the forwarded message's text begins: its From/Date/Subject/To block and blank
    lines skipped."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    in_block = False
    while index < len(lines):
        line = lines[index]
        if is_header_line(line):
            in_block = True
        elif not (in_block and line.strip() and (
                line[:1] in " \t"          # a folded Subject: or To: line
                or (index + 1 < len(lines) and is_header_line(lines[index + 1])))):
            break                          # (or one a client folded without the space)
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _split(text: str, subject: str) -> tuple[int, list[str], int] | None:
    """(the marker's line, the forwarded text's lines, the line they start at) when ``text``
    forwards inline. Unquoting keeps one line per line, so line numbers hold across levels."""
    lines = text[:MAX_SCAN].split("\n")
    forward_subject = bool(_FORWARD_SUBJECT.match(subject or ""))
    for index, line in enumerate(lines):
        if len(line) > 200:
            continue
        if not forward_subject and (_ORIGINAL_MARKER.match(line) or line.lstrip().startswith(">")):
            return None     # a forward inside a reply's quoted history forwards no letter to us
        if is_forward_marker(line) or (forward_subject and _ORIGINAL_MARKER.match(line)):
            below = _unquoted(lines[index + 1:])
            start = _text_start(below)
            return index, below[start:], index + 1 + start
    return None


def split_inline_forward(text: str, subject: str = "") -> tuple[str, str] | None:
    """(the note above the forward, the forwarded text) when ``text`` forwards inline."""
    found = _split(text, subject)
    if found is None:
        return None
    marker, inner, _ = found
    return "\n".join(text[:MAX_SCAN].split("\n")[:marker]), "\n".join(inner)


def forwarded_letter(text: str, subject: str = "") -> tuple[str, str] | None:
    """(the forwarded letter, the cover above it as the reader's mail has it: note, markers,
    headers) when ``text`` is a cover note over an inline forward, else None."""
    found, skipped, current = None, 0, text
    for _ in range(MAX_UNWRAP):
        split = _split(current, subject)
        if split is None:
            break
        marker, inner, start = split
        note = "\n".join(current.split("\n")[:marker])
        letter = "\n".join(inner)
        if not is_cover_note(note) or not letter.strip():
            break
        skipped += start
        found = current = letter
    if found is None:
        return None
    return found, "\n".join(text.split("\n")[:skipped])


# What a note to the desk about the sending says: where it went before, that it is attached or
# below, that the desk may use it. Every sentence of a note "about the sending" has one.
_ABOUT_SENDING = re.compile(
    r"\b(?:fyi|sent|send|sending|resend|resending|re-sending|forward(?:ed|ing)?|attached|below|"
    r"bounced|didn't arrive|did not arrive|in case|of interest|if you have room|if you want it|"
    r"welcome to it|yours if|use it|used it|run it|print(?:ed)?|publish(?:ed)?|passed|"
    r"letters? (?:page|editor)|for the letters|my letter|this letter|submitted|submission|"
    r"consider(?:ation)?|right address|wrong address|by mistake|perhaps you (?:will|can|might|could)|"
    r"you (?:might|may) (?:use|run|like|want)|if you (?:like|wish|can|have space))\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")


def _about_the_sending(note: str) -> bool:
    """A note to the desk, not to readers: every sentence is about sending the letter ("I sent
    this to the Telegraph and they didn't use it. You are welcome to it."); a one-word name
    under it is its signature."""
    lines = [line.strip() for line in strip_reply(note[:MAX_SCAN]).split("\n") if line.strip()]
    if lines and len(lines[-1].split()) == 1 and lines[-1][:1].isupper():
        lines = lines[:-1]          # "Pat"
    sentences = [part for part in _SENTENCES.split(" ".join(lines)) if part.strip(" -–—")]
    return bool(sentences) and all(_ABOUT_SENDING.search(sentence) for sentence in sentences)


def reader_note(cover: str, subject: str = "") -> tuple[str, str]:
    """(the reader's note to keep in the letter, the rest of the cover to remove): the note
    above the forward marker is kept when it has more than ``READER_NOTE_WORDS`` words of the
    reader's own (quotes and signature aside) and is not only about the sending; else nothing
    is kept (the note is listed as removed, one click from being put back)."""
    split = split_inline_forward(cover, subject)
    note = split[0] if split is not None else cover
    if len(strip_reply(note[:MAX_SCAN]).split()) <= READER_NOTE_WORDS or _about_the_sending(note):
        return "", cover
    return note.strip(), cover[len(note):].strip()
