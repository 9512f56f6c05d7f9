"""The private part of a sign-off: street address, postcode and telephone number.

A reader writing to a letters page often signs with a full postal address and a phone number
so the desk can check the letter is genuine. Those lines must never be printed: ``signoff``
moves them to ``author_contact`` (``{"address": ..., "phone": ...}``) and keeps only the town
(with its county or country) as ``author_location``.

Recognised lines, one at a time (each at most 120 characters; every regex anchored, no nested
repetition)::

    Tel: 01722 123456        +44 7700 900123          Mob. 07700 900 123
    12 The Close             Flat 3, 14 High Street   The Old Rectory, Church Lane
    Wiltshire SP1 2EF        Oxford OX1 4AB           London SW1A 1AA
    75001 Paris              10115 Berlin             1012 AB Amsterdam        Cambridge, MA 02139
    Co Cork P81 X2Y3 (Eircode)
"""
from __future__ import annotations

import re

MAX_LINE = 120

_PHONE = re.compile(
    r"^(?:(?:tel|telephone|phone|ph|mob|mobile|cell|m|t|home|work|h|w)\.?\s*(?:no\.?\s*)?"
    r"[:.]?\s*)?\(?\+?\d[\d ().-]{6,20}\d(?:\s*(?:ext\.?|x)\s*\d{1,5})?$",
    re.I,
)
_PHONE_LABEL = re.compile(r"^(?:tel|telephone|phone|ph|mob|mobile|cell)\b", re.I)
# UK postcodes (the whole postcode, or its outward half after a London district), US ZIP with
# a state, and the leading or trailing postcodes of continental Europe.
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_US_ZIP = re.compile(r"\b[A-Z]{2} \d{5}(?:-\d{4})?$")
_ZIP_DIGITS = re.compile(r"(?<=\b[A-Z]{2}) \d{5}(?:-\d{4})?$")    # the state stays with the town
_EIRCODE = re.compile(r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$")
_EU_LEADING = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}(?: [A-Z]{2})? (?=\D)")
_EU_TRAILING = re.compile(r"(?:,\s*|\s)\d{4,5}$")
# Words that make a street by themselves ("High Street"), and words that are street words only
# after a house number ("12 The Close"): alone they are surnames as often ("Paul Green").
_STREET_WORDS = (
    "street|road|rd|avenue|ave|crescent|terrace|gardens|mews|parade|wharf|quay|boulevard|"
    "strasse|straße|rue|calle|viale|piazza|laan|straat|gracht|gatan|gata|vej|veien|katu|ulica|"
    "улица"
)
_COMPOUND_STREET = "straße|strasse|str\\.|weg|gasse|platz|allee|laan|straat|gatan|vej|veien|katu"
_STREET = re.compile(
    rf"^(?:flat|apartment|apt|unit|suite|no\.?)\s+\w{{0,5}}\d\w{{0,3}}\b"
    rf"|^\d{{1,5}}[a-zA-Z]?,?\s+\S.{{0,60}}$"
    rf"|^.{{0,60}}\b(?:{_STREET_WORDS})\.?(?:,.{{0,40}})?$"
    rf"|^(?:{_STREET_WORDS}|via|rue)\s+\S.{{0,40}}\d{{1,4}}[a-z]?$"
    rf"|^\S{{0,30}}(?:{_COMPOUND_STREET})\s+\d{{1,4}}[a-z]?$"
    r"|^(?:p\.?o\.? box|postfach|bp|apartado)\s*\d",
    re.I,
)
_HOUSE_NAME = re.compile(r"^the old \w+|^\w+ (?:cottage|rectory|vicarage|farmhouse)\b", re.I)


# An e-mail address, a web address, or a bare host name ("marshnotes.example.com") alone on a
# line: what a writer puts under the name. A host needs a dot and a letters-only last label.
_LINK = re.compile(r"^(?:https?://|www\.)\S{1,150}$|^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+$"
                   r"|^(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,12}(?:/\S{0,60})?$")
_SEGMENTS = re.compile(r"\s[|•·]\s")


def is_link(line: str) -> bool:
    return _LINK.match(line.strip()[:200]) is not None


def is_deep_link(line: str) -> bool:
    """A link to a page, not a home page: a citation the reader makes, part of the letter."""
    path = re.sub(r"^(?:https?://)?[^/]+", "", line.strip().rstrip("/"), count=1)
    return "@" not in line and (path.count("/") >= 3 or len(path) > 40)


def _single_phone(line: str) -> bool:
    digits = sum(char.isdigit() for char in line)
    return digits >= 7 and _PHONE.match(line) is not None


def is_phone(line: str) -> bool:
    """A phone line: "Tel: 01722 123456", or one among links ("Tel 07700 900123 | a@b.uk")."""
    line = line.strip()
    if len(line) > MAX_LINE:
        return False
    if _single_phone(line):
        return True
    segments = [segment.strip() for segment in _SEGMENTS.split(line)]
    return len(segments) > 1 and any(_single_phone(segment) for segment in segments) and all(
        _single_phone(segment) or is_link(segment) for segment in segments)


def has_postcode(line: str) -> bool:
    line = line.strip()[:MAX_LINE]
    return bool(_UK_POSTCODE.search(line) or _US_ZIP.search(line) or _EU_LEADING.match(line)
                or _EIRCODE.search(line)
                or (_EU_TRAILING.search(line) and any(c.isalpha() for c in line)))


_ENDS_IN_STREET = re.compile(rf"\b(?:{_STREET_WORDS}|lane|close|drive|way|place|row|court)\.?$", re.I)
_POSTCODE_TOWN = re.compile(r"^\d{4,5} [^\W\d][\w-]*(?: [^\W\d][\w-]*)?$")


def ends_in_street(line: str) -> bool:
    """"Church Lane", "Market Place": a street's name, with or without a number."""
    return _ENDS_IN_STREET.search(line.strip()[:MAX_LINE]) is not None


def is_street(line: str) -> bool:
    line = line.strip()
    if len(line) > MAX_LINE or not line or (_POSTCODE_TOWN.match(line) and
                                            not _ENDS_IN_STREET.search(line)):
        return False        # "10115 Berlin" is a postcode and a town; "1420 Elm Street" is not
    if _STREET.match(line) is None and _HOUSE_NAME.match(line) is None:
        return False
    # "3 cheers" or "Park" as a name: a street line has a number or a street word with a
    # capital, and no sentence in it.
    return not line.endswith((".", "!", "?")) or line.endswith(("St.", "Rd.", "Ave."))


def town_of(line: str) -> str:
    """The place words of a postcode line: "Wiltshire SP1 2EF" -> "Wiltshire", "Evanston, IL
    60201" -> "Evanston, IL" (a state, like a county, stays)."""
    line = line.strip()[:MAX_LINE]
    line = _UK_POSTCODE.sub("", line)
    line = _ZIP_DIGITS.sub("", line)
    line = _EIRCODE.sub("", line)
    line = _EU_LEADING.sub("", line)
    line = _EU_TRAILING.sub("", line)
    return re.sub(r"\s{2,}", " ", line).strip(" ,")


def address_town(places: list[tuple[int, str]], streets: set[int]) -> str | None:
    """The town of the place lines (in message order). In a postal address the postcode line
    gives it: its own place words ("Lower Slaughter, Gloucestershire GL54 2HP"), or, when they
    are only a county or nothing ("Wiltshire SP1 2EF", "OX4 1HP"), the line just above it as
    well ("Salisbury"); lines further up are the street and house ("Church Lane", "The Old
    Rectory"); over a bare postcode ("HU17 8QT") the two lines above it may be the town and its
    county. Without a postcode every place line is the town ("Hebden Bridge", "West
    Yorkshire")."""
    lines = [(i, p) for i, p in places if i not in streets]
    postal = [n for n, (_, p) in enumerate(lines) if has_postcode(p)]
    if not postal:
        towns = [p for _, p in lines if not is_street(p)]
    else:
        last = postal[-1]
        line = lines[last][1]
        if is_street(line):        # "14 Marine Parade, Brighton BN2 1TL": the last part
            line = line.rsplit(",", 1)[1] if "," in line else ""
        own = town_of(line)
        towns = [own]
        # The place lines just above the postcode line: the town ("Salisbury" over "Wiltshire
        # SP1 2EF"); over a bare postcode, the town and its county ("Beverley", "East
        # Yorkshire" over "HU17 8QT"). A street or house line ends the search.
        for above in range(last - 1, max(last - (2 if not own else 1), 0) - 1, -1):
            place = lines[above][1]
            if "," in own or is_street(place) or has_postcode(place) or ends_in_street(place):
                break
            towns.insert(0, place)
    return ", ".join(dict.fromkeys(town for town in towns if town)) or None


def is_contact_line(line: str) -> bool:
    return is_phone(line) or is_street(line) or has_postcode(line)


def phone_value(line: str) -> str:
    """The number as written, without its label ("Tel: 01722 123456" -> "01722 123456"); of a
    line of several segments, the phones only."""
    line = line.strip()
    segments = [segment.strip() for segment in _SEGMENTS.split(line)]
    if len(segments) > 1:
        return ", ".join(phone_value(segment) for segment in segments if _single_phone(segment))
    match = re.match(r"^(?:[A-Za-z]{1,9}\.?\s*(?:no\.?\s*)?[:.]?\s*)(?=[+(\d])", line)
    return line[match.end():] if match and (_PHONE_LABEL.match(line) or len(match.group(0)) <= 3) \
        else line
