"""From a body's text to the letter as published, and an account of everything taken out.

The steps, each its own module and each judged on its own:

1. ``paragraphs.unescape_from``: ">From " written by mail software back to the reader's "From ".
2. ``quotes.split_quotes``: the quoted history off; inline quotations kept as "> " paragraphs;
   then ``copies.split_copy`` and ``copies.split_leading_copy``: a copy of the article the
   letter answers (its text handed in as ``sources``) pasted under or above the letter, off too.
3. ``signatures.split_signature``: signatures, device lines, disclaimers, list footers.
4. ``signoff.split_signoff``: valediction, name, affiliation, town; address and phone to the
   private contact.
5. ``paragraphs.rejoin``: hard-wrapped paragraphs back to one line each.

``removed`` lists every part taken out, as (kind, text) in message order, so an editor can see
and put back anything. The guard at the end keeps the reader's words when the steps would leave
nothing but a salutation: a reason goes to ``review`` (the removed parts are all listed).
"""
from __future__ import annotations

from dataclasses import dataclass

from inbox.mail.contact import has_postcode, is_phone, is_street, phone_value
from inbox.mail.copies import (LEADING_UNSURE, is_article_copy, quoted_top_is_copy, split_copy,
                               split_leading_copy)
from inbox.mail.paragraphs import rejoin, unescape_from
from inbox.mail.parsed import kind_runs
from inbox.mail.quotes import split_quotes
from inbox.mail.signatures import is_device_line, split_signature
from inbox.mail.signoff import split_signoff
from inbox.mail.signoff_lines import is_salutation

REMOVED_KINDS = ("quote", "signature", "disclaimer", "list-footer", "forward-header", "contact",
                 "sign-off")


@dataclass(frozen=True)
class LetterText:
    text: str
    removed: tuple[tuple[str, str], ...] = ()
    name: str | None = None
    location: str | None = None
    address: str | None = None
    phone: str | None = None
    review: tuple[str, ...] = ()        # why a human should look: the parser was unsure


def _words(text: str) -> int:
    return len(text.split())


def only_salutation(text: str) -> bool:
    """Nothing but a salutation (or nothing at all) is left of the letter."""
    lines = [line for line in text.split("\n") if line.strip()]
    return all(is_salutation(line) for line in lines)


def _cover(before: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """A forward's cover as removed parts: its device lines ("Sent from my iPhone" over
    "Begin forwarded message:") are a signature, the rest the forward's header."""
    parts: list[tuple[str, str]] = []
    for kind, part in before:
        lines = part.split("\n")
        if kind == "forward-header" and any(is_device_line(line) for line in lines):
            parts += [("signature", line.strip()) for line in lines if is_device_line(line)]
            part = "\n".join(line for line in lines if not is_device_line(line)).strip()
        parts.append((kind, part))
    return parts


def _contact_in_signatures(removed: list[tuple[str, str]], personal: list[str], address: str | None,
                           phone: str | None) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """A "-- " signature (the writer's own, not an employer's block) that carries the address
    or phone the sign-off did not: those lines are the private contact (``author_contact``,
    kind ``contact``); the rest stays a signature."""
    if address and phone:
        return removed, address, phone
    out: list[tuple[str, str]] = []
    for kind, part in removed:
        lines = [line.strip() for line in part.split("\n") if line.strip()]
        if kind != "signature" or part not in personal or len(lines) > 8:
            out.append((kind, part))
            continue
        # Each line once: a phone, a postal line, or the signature's own.
        kinds = [("signature" if phone else "phone") if is_phone(line) else
                 "place" if not address and (is_street(line) or has_postcode(line)) else "signature"
                 for line in lines]
        if kinds.count("signature") == len(lines):
            out.append((kind, part))
            continue
        phone = phone or ", ".join(phone_value(line) for line, k in zip(lines, kinds) if k == "phone") or None
        address = address or ", ".join(line for line, k in zip(lines, kinds) if k == "place") or None
        out += kind_runs(("signature" if k == "signature" else "contact", line) for line, k in zip(lines, kinds))
    return out, address, phone


def extract(body: str, header_name: str | None = None,
            before: tuple[tuple[str, str], ...] = (), sources: tuple[str, ...] = ()) -> LetterText:
    """The reader's letter from the body text; never raises on any string. ``before``: parts
    already taken off above it (the cover note and headers of a forward), listed first;
    ``sources``: the text of the article(s) the letter may copy."""
    body = unescape_from(body)
    quotes = split_quotes(body)
    own, copy = split_copy(quotes.text, sources)
    own, pasted, pasted_unsure = split_leading_copy(own, sources)
    signature = split_signature(own)
    signoff = split_signoff(signature.text, header_name, signature.name_hint)
    text = rejoin(signoff.text)
    # Message order: inline attributions, then the sign-off, then what the client or list put
    # under it (device lines stand under the sign-off too, as clients append them), then the
    # quoted history.
    tail, address, phone = _contact_in_signatures(signature.removed, signature.personal,
                                                 signoff.address, signoff.phone)
    removed = [*_cover(before), *signature.head, *([("quote", pasted)] if pasted else []),
               *quotes.removed, *signoff.removed, *tail]
    if copy:
        removed.append(("quote", copy))
    if quotes.tail:
        removed.append(quotes.tail)
    review = list(quotes.unsure)
    if review and quoted_top_is_copy(quotes.text, sources):
        review = []        # the quotation at the top is the article's own words: the reader's
    if pasted_unsure:
        review.append(LEADING_UNSURE)
    tail_is_article = bool(quotes.tail) and is_article_copy(quotes.tail[1], sources)
    if quotes.tail and not tail_is_article and quotes.tail[1].lstrip().startswith(">") and \
            _words(quotes.tail[1]) > max(_words(text), 1) * 3 and _words(text) < 15:
        review.append("the unattributed quotation removed is far longer than the reader's text")
    if only_salutation(text) and _words(body) > _words(text) + 3:
        # Whatever took the rest may have been the letter: everything is in ``removed`` for the
        # editor to see and put back, and the letter is not left to look finished.
        review.append("letter reduced to its salutation: check what was removed")
    return LetterText(text, tuple((kind, part) for kind, part in removed if part.strip()),
                      signoff.name, signoff.location, address, phone, tuple(review))
