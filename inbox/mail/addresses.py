"""Mailboxes from From, To and Cc values, read by hand and validated strictly.

``email.utils.parseaddr`` is not trusted (CVE-2023-27043: it reads
``alice@example.org)<bob@example.org>`` as alice). Here a mailbox is scanned once, tracking quoted
strings, comments and angle brackets; the address is the single well-formed ``<angle-addr>``, or
else the single bare addr-spec. Anything with two candidate addresses is ambiguous and yields no
address at all, with the reason in ``problem`` for the defects list.

The value must already be unfolded and its raw 8-bit bytes decoded (``headers.raw_to_text``);
RFC 2047 words are decoded here, after splitting, because an encoded word may hold a comma
(``=?UTF-8?B?Rm9vLCBCYXI=?=`` is "Foo, Bar").
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from inbox.text import clean_line
from inbox.mail.headers import decode_words

_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_EMAIL = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,63}}|xn--[a-z0-9-]{{1,59}})", re.I)
_NOT_SURNAME = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md", "qc", "kc", "mp", "obe",
                "mbe", "cbe", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "gmbh", "esq", "esq."}
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class Mailbox:
    name: str | None       # display name, decoded and cleaned; None when absent or misleading
    email: str | None      # lower-cased valid address; None when missing, invalid or ambiguous
    problem: str | None = None


def valid_email(candidate: str) -> bool:
    """A plain ``local@domain.tld`` address (Unicode letters allowed, RFC 6532), nothing exotic."""
    if not 3 <= len(candidate) <= 254 or candidate.find("@") > 64:
        return False
    return _EMAIL.fullmatch(candidate) is not None


def first_last(name: str) -> str:
    """"Holloway, Margaret" becomes "Margaret Holloway"; anything less clear-cut is left alone."""
    if name.count(",") != 1:
        return name
    last, first = (part.strip() for part in name.split(","))
    if not last or not first or first.lower() in _NOT_SURNAME:
        return name
    if not (len(last.split()) <= 3 and len(first.split()) <= 3):
        return name
    if not (last[0].isupper() and first[0].isupper()):
        return name
    if any(char.isdigit() or char in "@<>()[]:;\"/" for char in name):
        return name
    return f"{first} {last}"


def _clean_name(raw: str) -> str | None:
    name = clean_line(decode_words(raw))
    while len(name) >= 2 and name[0] in _QUOTES and name[-1] in _QUOTES:
        name = name[1:-1].strip()
    name = first_last(name)
    return name or None


def split_mailboxes(value: str, limit: int = 1000) -> Iterator[str]:
    """Top-level items of an address list: commas inside quotes, comments or <> do not split.

    Group syntax (``Friends: a@b, c@d;``) is flattened. Stops after ``limit`` items.
    """
    start = count = depth = 0
    quoted = angled = False
    escape = False
    for index, char in enumerate(value):
        if escape:
            escape = False
        elif char == "\\" and (quoted or depth):
            escape = True
        elif quoted:
            quoted = char != '"'
        elif depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        elif angled:
            angled = char != ">"
        elif char == '"':
            quoted = True
        elif char == "(":
            depth = 1
        elif char == "<":
            angled = True
        elif char == ":" and "@" not in value[start:index]:
            start = index + 1                         # a group's name, not a mailbox
        elif char in ",;":
            item = value[start:index].strip()
            start = index + 1
            if item:
                yield item
                count += 1
                if count >= limit:
                    return
    item = value[start:].strip()
    if item:
        yield item


def parse_mailbox(item: str) -> Mailbox:
    """One mailbox: ``Name <addr>``, ``"Name" <addr>``, ``addr (Name)`` or a bare ``addr``."""
    display: list[str] = []      # the text outside <>, quotes removed, comments left out
    unquoted: list[str] = []     # the part of it that was not inside quotes
    comments: list[str] = []
    angles: list[str] = []
    problems: list[str] = []
    buffer: list[str] = []
    quoted = angled = escape = False
    depth = 0
    for char in item:
        if escape:                  # escapes are only honoured inside quotes and comments
            (buffer if depth else display).append(char)
            escape = False
        elif char == "\\" and (quoted or depth):
            escape = True
        elif quoted:
            if char == '"':
                quoted = False
            else:
                display.append(char)
        elif depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth:
                buffer.append(char)
            else:
                comments.append("".join(buffer))
                buffer = []
                display.append(" ")
        elif angled:
            if char == ">":
                angles.append("".join(buffer))
                buffer = []
                angled = False
            else:
                buffer.append(char)
        elif char == '"':
            quoted = True
        elif char == "(":
            depth = 1
        elif char == "<":
            angled = True
        else:
            if char in ")>":
                problems.append(f"unbalanced {char!r}")
            display.append(char)
            unquoted.append(char)
    if quoted or depth or angled:
        problems.append("unterminated quote, comment or <address>")
        if angled:
            angles.append("".join(buffer))
    return _judge(item, "".join(display), "".join(unquoted), comments, angles, problems)


def _judge(item: str, display: str, unquoted: str, comments: list[str], angles: list[str],
           problems: list[str]) -> Mailbox:
    bare = [token.strip(".,;:") for token in unquoted.split() if "@" in token]
    if len(angles) > 1:
        return Mailbox(None, None, f"ambiguous address: several <...> in {item[:80]!r}")
    if angles:
        candidate = angles[0].strip()
        if ":" in candidate:                       # obsolete source route: <@relay:user@host>
            candidate = candidate.rsplit(":", 1)[1].strip()
        email = candidate.lower() if valid_email(candidate) else None
        name = _clean_name(display)
        if email is None:
            if bare:
                return Mailbox(None, None, f"ambiguous address in {item[:80]!r}")
            problem = f"invalid address {candidate[:80]!r}" if candidate else "empty address <>"
            return Mailbox(name, None, problem)
        others = [token for token in bare if token.lower() != email]
        if others or (name and "@" in name and email not in name.lower()):
            # The display name shows a different address: the CVE-2023-27043 shape, or spoofing.
            problems.append(f"display name {name!r} shows an address other than {email}")
            name = None
        elif name and name.lower() == email:
            name = None
        return Mailbox(name, email, "; ".join(problems) or None)
    bare = bare or [token.strip(".,;:") for token in display.split() if "@" in token]
    if len(bare) > 1:
        return Mailbox(None, None, f"ambiguous address: several addresses in {item[:80]!r}")
    if not bare:
        return Mailbox(_clean_name(display), None, f"no address in {item[:80]!r}")
    candidate = bare[0].strip("\"'")
    email = candidate.lower() if valid_email(candidate) else None
    rest = " ".join(token for token in display.split() if "@" not in token)
    name = _clean_name(" ".join(comments)) if comments else _clean_name(rest)
    if email is None:
        problems.append(f"invalid address {candidate[:80]!r}")
    elif rest.strip() and not comments:
        problems.append(f"text outside <> around {email}")
    return Mailbox(name, email, "; ".join(problems) or None)


def parse_mailboxes(value: str, limit: int = 1000) -> Iterator[Mailbox]:
    """Every mailbox of an address-list value, in order, at most ``limit``."""
    for item in split_mailboxes(value, limit):
        yield parse_mailbox(item)


def split_plus(address: str) -> tuple[str, str | None]:
    """``Letters+Blinken-Beijing@Reaction.life`` -> (``letters@reaction.life``, ``blinken-beijing``):
    the base address, lower-cased, and the ``+tag`` (None without one). Surrounding blanks and
    angle brackets are ignored. The one reading of a plus-address, for the listener's RCPT check
    and for linking alike."""
    local, _, domain = address.strip().strip("<>").lower().rpartition("@")
    base, plus, tag = local.partition("+")
    return f"{base}@{domain}", (tag if plus else None)


def is_ours(address: str, ours: tuple[str, ...]) -> bool:
    """True for one of our addresses, in any case, with or without a ``+tag``."""
    base, _ = split_plus(address)
    return not base.startswith("@") and base in ours


def plus_tags(recipients: list[str], ours: tuple[str, ...]) -> list[str]:
    """The ``<slug>`` of every ``letters+<slug>@domain`` recipient that is one of ours."""
    tags = []
    for rcpt in recipients:
        base, tag = split_plus(rcpt)
        if tag and base in ours:
            tags.append(tag)
    return tags
