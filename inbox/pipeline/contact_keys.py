"""The comparable forms of a writer's name, phone number and street address (no database work).

Two letters share a contact when the normalised forms are equal, however each was written:

* a phone number becomes E.164 (``phonenumbers``, Google's libphonenumber): "01722 123456",
  "+44 (0)1722 123-456" and "0044 1722 123456" are all ``+441722123456``; a number without an
  international prefix is read in ``INBOX_PHONE_REGION`` (default GB);
* a street address is case-folded, its punctuation and spacing dropped, the usual street
  abbreviations spelt out ("Rd" is "road") and, when it has a postcode, reduced to its street
  lines plus the postcode without its space: "12 The Close, Salisbury, Wiltshire SP1 2EF" and
  "12 the close salisbury sp12ef" are the same house (the town and county add nothing a
  postcode does not say, and writers give them or not);
* a name is case-folded without titles ("Mr", "Dr"), punctuation or spacing.

The keys are stored (``contact_keys``) as ``phone:...`` and ``address:...``.
"""
from __future__ import annotations

import re
import unicodedata

from inbox.mail.contact import _UK_POSTCODE, _US_ZIP

PHONE, ADDRESS = "phone", "address"
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd", "sir", "dame",
           "lord", "lady", "cllr", "councillor"}
_ABBREVIATIONS = {"st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane",
                  "cres": "crescent", "ter": "terrace", "terr": "terrace", "gdns": "gardens",
                  "pl": "place", "sq": "square", "ct": "court", "dr": "drive", "cl": "close",
                  "apt": "flat", "apartment": "flat", "no": ""}
_STREET_ENDS = set(_ABBREVIATIONS.values()) | {
    "road", "street", "lane", "close", "way", "walk", "row", "hill", "grove", "mews", "parade", "wharf",
    "quay", "boulevard", "green", "rise", "view", "park", "strasse", "rue", "calle", "via", "straat"} - {""}
_NOT_WORD = re.compile(r"[^\w]+")


def _fold(text: str) -> list[str]:
    """Lower-case words without accents or punctuation."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [w for w in _NOT_WORD.split(text) if w]


def name_key(name: str | None) -> str | None:
    words = [w for w in _fold(name or "") if w not in _TITLES]
    return " ".join(words) or None


def phone_key(phone: str | None, region: str) -> str | None:
    """E.164, or None when the text is no possible phone number."""
    if not phone:
        return None
    import phonenumbers      # here, not at import: `inbox --help` must not pay for its metadata

    try:
        number = phonenumbers.parse(phone, region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_key(address: str | None) -> str | None:
    if not address:
        return None
    postcode = None
    for pattern in (_UK_POSTCODE, _US_ZIP):
        if found := pattern.search(address.upper()):
            postcode = found.group(0).replace(" ", "").lower()
            address = address[:found.start()] + address[found.end():]
            break
    segments = [_fold(s) for s in re.split(r"[,\n]", address)]
    segments = [[_ABBREVIATIONS.get(w, w) for w in s] for s in segments if s]
    words = [w for s in segments for w in s if w]
    if postcode:
        # The house and street only, not the town and county after them: up to the last number
        # or street word ("12 the close", "flat 3 14 high street"), else the first of several
        # lines (a house name); a town and postcode alone are not a house.
        ends = [i for i, w in enumerate(words) if w in _STREET_ENDS or any(c.isdigit() for c in w)]
        if not ends and len(segments) < 2:
            return None
        words = words[:ends[-1] + 1] if ends else [w for w in segments[0] if w]
    text = " ".join(words)
    return (f"{text}|{postcode}" if postcode else text) or None


def contact_keys(contact: dict | None, region: str) -> dict[str, str]:
    """{"phone": "phone:+44...", "address": "address:..."} for what the contact block gives."""
    contact = contact or {}
    keys = {PHONE: phone_key(contact.get(PHONE), region), ADDRESS: address_key(contact.get(ADDRESS))}
    return {kind: f"{kind}:{key}"[:300] for kind, key in keys.items() if key}
