"""Scoring one parse against one expectation, the same way for the inbox and for talon.

Comparison rules (those of ``../shared/corpus/reply-suites/README.md``): whitespace runs collapse
to one space and the ends are stripped (the suites keep hard wraps; the inbox rejoins them); a
final sign-off the inbox moved into ``author_name`` / ``author_location`` counts as present, as
do signature blocks that some talon quotation expectations show (optional for this inbox), and
a forwarded letter's cover note and headers, listed as ``forward-header``, above the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP

from inbox.mail.parse import parse_message
from inbox.mail.parsed import ParsedLetter

_SPACE = re.compile(r"\s+")
FROM = "Reader Example <reader@example.org>"


def norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def as_message(body: str, sender: str = FROM, subject: str = "Re: your article",
               extra_headers: dict[str, str] | None = None) -> bytes:
    """A body wrapped as a plain UTF-8 message to the letters address."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = "letters@reaction.life"
    message["Subject"] = subject
    message["Date"] = "Mon, 26 Jun 2023 10:00:00 +0000"
    message["Message-ID"] = "<fidelity@example.org>"
    for key, value in (extra_headers or {}).items():
        message[key] = value
    message.set_content(body.replace("\r\n", "\n"), charset="utf-8", cte="8bit")
    # EmailMessage escapes "From " lines only when asked; keep the body as the sender wrote it.
    return message.as_bytes(policy=SMTP.clone(mangle_from_=False))


def candidates(parsed: ParsedLetter) -> list[str]:
    """The text, and the text with the parts this inbox moves out but a suite may count in."""
    text = parsed.text
    signoff = "\n".join(part for kind, part in parsed.removed if kind in ("sign-off", "contact"))
    signature = "\n".join(part for kind, part in parsed.removed if kind == "signature")
    # A forward's cover note and headers: the inbox takes the forwarded letter as the letter and
    # lists "FYI" and the headers above it (put back in place with one click); a suite that
    # keeps forwards whole counts them in.
    cover = "\n".join(part for kind, part in parsed.removed if kind == "forward-header")
    found = [text, f"{text}\n{signoff}", f"{text}\n{signature}\n{signoff}",
             f"{text}\n{signature}", f"{text}\n-- \n{signature}"]
    if cover and parsed.forwarded:
        found.append(f"{cover}\n\n{text}")
    return [norm(candidate) for candidate in found]


@dataclass
class Outcome:
    exact: bool | None          # None: the case has no exact expectation
    kept: bool                  # every part of the reply the case requires is there
    removed: bool               # nothing the case forbids (quote, signature) is there


def _search(pattern: dict | str, text: str) -> bool:
    if isinstance(pattern, dict):
        return re.search(pattern["re"], text, re.M) is not None
    return pattern in text


def score(texts: list[str], raw_text: str, case: dict) -> Outcome:
    """``texts``: the normalised candidates; ``raw_text``: the text as returned (for regexes
    anchored to lines, and for what must be removed)."""
    exact = case.get("exact")
    is_exact = None if exact is None else norm(exact) in texts
    contain = case.get("contain") or []
    joined = raw_text
    kept = all(_search(p, joined) or any(_search(p, t) for t in texts) for p in contain)
    if exact is not None and norm(exact):
        head = norm(exact)[:40]
        kept = kept and any(head in text for text in texts)
    removed = not any(_search(p, raw_text) for p in case.get("not_contain") or [])
    return Outcome(is_exact, kept, removed)


def ours(body: str) -> tuple[list[str], str, ParsedLetter]:
    parsed = parse_message(as_message(body))
    return candidates(parsed), parsed.text, parsed


def talon_reply(body: str):
    """talon 1.4.4: quotations, then its brute-force signature step (None when not installed)."""
    try:
        from talon import quotations
        from talon.signature.bruteforce import extract_signature
    except ImportError:
        return None
    reply = quotations.extract_from_plain(body)
    reply, _ = extract_signature(reply)
    return reply
