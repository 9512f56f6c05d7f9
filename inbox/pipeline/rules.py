"""The house rules, as checks over one stored letter: each returns a one-line explanation (and
perhaps the letter it refers to) or nothing. No database work here except what a check is given.

Newsroom letters policies agree on these: a word limit, exclusivity, a recent article, one letter
per writer per few weeks, a full name and a town, and a letter written by the person who signs
it. The checks never reject: they tell the editor, who decides. :data:`RULES` is the one list of
what each flag means and which setting governs it, read by the House rules page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from inbox.config import Settings
from inbox.enums import Flag
from inbox.mail.addresses import is_ours, parse_mailboxes, split_plus
from inbox.models import Letter


@dataclass(frozen=True)
class Rule:
    flag: Flag
    title: str
    setting: str | None          # the INBOX_* variable, None when the rule has no setting
    value: object = None         # read from Settings by :func:`rules_with_settings`
    attribute: str | None = None


RULES = (
    Rule(Flag.OVER_WORD_LIMIT, "The letter is longer than the house word limit.",
         "INBOX_HOUSE_WORD_LIMIT", attribute="house_word_limit"),
    Rule(Flag.FREQUENT_WRITER, "The same writer had another letter received within the interval (days).",
         "INBOX_WRITER_INTERVAL_DAYS", attribute="writer_interval_days"),
    Rule(Flag.NO_FULL_NAME, "Signed with a single name, initials only, a pseudonym or \"Name withheld\".", None),
    Rule(Flag.NO_TOWN, "No town in the sign-off.", None),
    Rule(Flag.NOT_EXCLUSIVE, "Also addressed (To/Cc, Resent or a forward trail) to another publication's "
         "letters desk, or to many recipients.", "INBOX_OTHER_PUBLICATIONS", attribute="other_publications"),
    Rule(Flag.NOT_EXCLUSIVE, "Other recipients that make a letter a round robin.", "INBOX_MANY_RECIPIENTS",
         attribute="many_recipients"),
    Rule(Flag.STALE_ARTICLE, "The linked article is older than this (days) when the letter arrives.",
         "INBOX_ARTICLE_MAX_AGE_DAYS", attribute="article_max_age_days"),
    Rule(Flag.REPLY_TO_MISMATCH, "Reply-To, or an address in the sign-off, differs from the sender's.", None),
    Rule(Flag.CAMPAIGN, "Near-identical to letters from other writers (MinHash LSH, confirmed by a fuzzy "
         "score).", "INBOX_CAMPAIGN_DETECTION", attribute="campaign_detection"),
    Rule(Flag.SHARED_CONTACT, "One phone number or street address behind letters signed with different "
         "names; a number without an international prefix is read in this region.", "INBOX_PHONE_REGION",
         attribute="phone_region"),
)


def rules_with_settings(settings: Settings) -> list[Rule]:
    """The rules with their current values, for the House rules page."""
    out = []
    for rule in RULES:
        value = getattr(settings, rule.attribute) if rule.attribute else None
        if isinstance(value, tuple):
            value = ", ".join(value) or "(none)"
        out.append(Rule(rule.flag, rule.title, rule.setting, value, rule.attribute))
    return out


@dataclass(frozen=True)
class Finding:
    flag: Flag
    detail: str
    related_letter_id: int | None = None
    related: tuple[dict, ...] = ()      # several letters it names: ({"id": ..., "label": ...}, ...)


def _day(moment) -> str:
    return f"{moment.day} {moment:%b %Y}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def word_limit(letter: Letter, settings: Settings) -> Finding | None:
    if letter.word_count > settings.house_word_limit:
        return Finding(Flag.OVER_WORD_LIMIT,
                       f"{letter.word_count} words; the house limit is {settings.house_word_limit}")
    return None


_WITHHELD = re.compile(r"\b(withheld|anonymous|anon|name supplied|name and address supplied|no name)\b", re.I)
# A pseudonym rather than a name: "A Reader", "The Patriot", "Concerned Citizen", "Disgusted of
# Tunbridge Wells". (Reader and Patriot are surnames too: the words alone are not enough.)
_PSEUDONYM_START = {"a", "an", "the", "concerned", "disgusted", "angry", "worried", "outraged", "proud",
                    "loyal", "frustrated", "long-suffering", "lifelong"}
_PSEUDONYM_WORDS = {"reader", "citizen", "taxpayer", "voter", "patriot", "resident", "pensioner",
                    "observer", "subscriber", "grandmother", "grandfather", "mum", "dad", "veteran",
                    "local", "friend", "fan", "anon", "parent", "motorist", "commuter"}


def full_name(letter: Letter, settings: Settings) -> Finding | None:
    name = (letter.author_name or "").strip()
    if not name:
        return Finding(Flag.NO_FULL_NAME, "No name: neither a sign-off nor a sender's name")
    if _WITHHELD.search(name):
        return Finding(Flag.NO_FULL_NAME, f"Signed \u201c{name}\u201d: no name to print")
    words = [w.strip(".,") for w in name.split() if w.strip(".,")]
    if words and all(len(w.replace(".", "")) <= 1 or (w.isupper() and len(w) <= 3) for w in words):
        return Finding(Flag.NO_FULL_NAME, f"Initials only: \u201c{name}\u201d")
    if len(words) == 1:
        return Finding(Flag.NO_FULL_NAME, f"A single name: \u201c{name}\u201d")
    lower = [w.lower() for w in words]
    if (lower[0] in _PSEUDONYM_START or " of " in f" {name.lower()} "
            or all(w in _PSEUDONYM_WORDS for w in lower)):
        return Finding(Flag.NO_FULL_NAME, f"Looks like a pseudonym: \u201c{name}\u201d")
    return None


def town(letter: Letter, settings: Settings) -> Finding | None:
    if not (letter.author_location or "").strip():
        return Finding(Flag.NO_TOWN, "No town in the sign-off")
    return None


_RECIPIENT_HEADERS = {"to", "cc", "resent-to", "resent-cc", "x-original-to"}
# "To: ..." / "Cc: ..." lines of a forwarded or quoted message in the text (a forward trail).
_TRAIL = re.compile(r"^[ \t>]*(?:To|Cc|An|À|Aan|Para)[ \t]*:[ \t]*(.+)$", re.M | re.I)
DESK_LOCAL_PARTS = {"letters", "editor", "letters-to-the-editor", "letterstotheeditor", "letters.editor",
                    "lettertotheeditor", "theeditor", "letters-editor", "editor-letters", "letter"}


def _ours(address: str, settings: Settings) -> bool:
    if is_ours(address, settings.letters_addresses):
        return True
    domain = address.rpartition("@")[2]
    return any(domain == ours.rpartition("@")[2] for ours in settings.letters_addresses)


def recipients(letter: Letter, settings: Settings) -> list[str]:
    """Every address besides ours that the letter was also sent to: its To/Cc and Resent headers,
    and the To/Cc lines of a forward trail in the text. Lower-cased, in order, once each."""
    values = [value for name, value in letter.headers or () if name.lower() in _RECIPIENT_HEADERS]
    values += _TRAIL.findall(letter.full_text or "")[:50]
    seen: dict[str, None] = {}
    for value in values:
        for mailbox in parse_mailboxes(value, limit=200):
            if mailbox.email and not _ours(mailbox.email, settings) and mailbox.email != letter.author_email:
                seen.setdefault(mailbox.email)
    return list(seen)


def exclusive(letter: Letter, settings: Settings) -> Finding | None:
    others = recipients(letter, settings)
    desks = [a for a in others
             if a in settings.other_publications or split_plus(a)[0].partition("@")[0] in DESK_LOCAL_PARTS]
    if desks:
        more = f" and {len(desks) - 3} more" if len(desks) > 3 else ""
        return Finding(Flag.NOT_EXCLUSIVE, f"Also sent to {', '.join(desks[:3])}{more}")
    if len(others) >= settings.many_recipients:
        return Finding(Flag.NOT_EXCLUSIVE, f"Also sent to {len(others)} other recipients, e.g. {others[0]}")
    return None


def article_age(letter: Letter, settings: Settings) -> Finding | None:
    article = letter.article
    if article is None or article.published_on is None:
        return None
    age = (letter.received_at.date() - article.published_on).days
    if age > settings.article_max_age_days:
        return Finding(Flag.STALE_ARTICLE, f"The article was published {_day(article.published_on)}, "
                       f"{age} days before this letter (limit {settings.article_max_age_days})")
    return None


_EMAIL_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _same(a: str, b: str) -> bool:
    return split_plus(a)[0] == split_plus(b)[0]


def reply_to(letter: Letter, settings: Settings) -> Finding | None:
    sender = letter.author_email
    if not sender:
        return None
    for name, value in letter.headers or ():
        if name.lower() == "reply-to":
            for mailbox in parse_mailboxes(value, limit=10):
                if mailbox.email and not _same(mailbox.email, sender):
                    return Finding(Flag.REPLY_TO_MISMATCH, f"Replies go to {mailbox.email}, not the sender {sender}")
    # The sign-off: an address in the letter's last lines, or in the sign-off, signature or
    # contact block the parser took out of the text, that is not the sender's.
    signed = [part.get("text") or "" for part in letter.removed or []
              if part.get("kind") in ("sign-off", "signature", "contact")]
    tail = "\n".join((letter.text or "").strip().splitlines()[-6:] + signed)
    for found in _EMAIL_IN_TEXT.findall(tail):
        found = found.lower().strip(".")
        if not _same(found, sender) and not _ours(found, settings):
            return Finding(Flag.REPLY_TO_MISMATCH, f"The sign-off gives {found}, not the sender {sender}")
    return None


# The checks that read only the letter itself (frequent-writer reads the writer's other letters).
LETTER_CHECKS = (word_limit, full_name, town, exclusive, article_age, reply_to)


def frequent(earlier: list[tuple[int, datetime]], settings: Settings) -> Finding | None:
    """``earlier``: (id, received_at) of the writer's other letters in the interval before this one,
    oldest first."""
    if not earlier:
        return None
    days = settings.writer_interval_days
    dates = ", ".join(f"{at.day} {at:%b}" for _, at in earlier[-5:])
    return Finding(Flag.FREQUENT_WRITER,
                   f"{ordinal(len(earlier) + 1)} letter from this writer in {days} days: {dates}",
                   related_letter_id=earlier[-1][0])
