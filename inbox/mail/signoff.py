"""The sign-off at the foot of a letter: valediction, name (with titles and honours),
affiliation, town, and the private contact lines under them.

Recognised endings, read from the bottom up (each line classified on its own)::

    Yours faithfully,              Best wishes,                     — Tom Baker, Manchester
    Margaret Holloway              Colonel Hugh Fanshawe (retd)     -Abhishek Kona
    Guildford, Surrey              12 The Close                     Peter        (the From name:
                                   Salisbury                                       Peter Mallory)
    Professor Sir Richard Evans FBA   Wiltshire SP1 2EF
    Department of War Studies,     Tel: 01722 123456
      King's College London

The name is 2-4 capitalised words (initials, Mc/O'/hyphenated surnames, particles like "de" or
"van"), after optional titles ("Dr", "Colonel", "Professor Sir") and before post-nominals
("FBA", "OBE", "(retd)"); a single first name counts when it is the first name of the From
header's display name, which then gives the full name. The town is a short capitalised phrase;
an affiliation line (a university, department, company, office) stays with the name.

Policy: ``ParsedLetter.text`` is the letter as published, so the valediction, the name, the
affiliation and the town leave the text (the letters page prints name and town in its own
style); street, postcode and phone go to ``author_contact``, never to the text or an export.
The salutation ("Sir,") stays. When unsure nothing is taken and the From name is used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from inbox.mail.contact import address_town, has_postcode, is_link, is_phone, is_street, phone_value
from inbox.mail.parsed import kind_runs
from inbox.mail.signoff_lines import (_RETIRED, _is_affiliation, _is_location, _is_name,
                                      _is_valediction, _split_combined)
from inbox.mail.signoff_words import _FUNCTION_WORDS, _GREETING_WORDS, _ROLE, _VALEDICTION_WORDS

_DASH_PREFIX = re.compile(r"^(?:[-–—~]{1,2})\s*(?=\w)")
_SIGNED_INITIALS = re.compile(r"^(?:[A-Z]\.? ?){2,3}$")
_POSTSCRIPT = re.compile(r"^\s*p\.? ?(?:p\.? ?)?s\b\.?:?\s", re.I)    # "P.S. ", "PS ", "PPS: "
_SENTENCE_END = tuple(".!?:;\"”’')…")

@dataclass
class SignOff:
    """What the foot of the letter yields, and the text without it."""

    text: str
    name: str | None = None
    location: str | None = None
    address: str | None = None
    phone: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)


def _first_name_of(header_name: str | None, line: str) -> str | None:
    """"Peter" signed by "Peter Mallory", or "J.R." by "James Rowntree": the full name from
    the header."""
    words = (header_name or "").split()
    token = line.strip().rstrip(".,")
    if len(words) >= 2 and token.isalpha() and token[:1].isupper() and (
            token.lower() == words[0].lower()
            or (len(token) >= 3 and words[0].lower().startswith(token.lower()))):
        return header_name      # "Peter" for Peter Mallory; "Josh" for Joshua Kim-Hall
    if len(words) >= 2 and _SIGNED_INITIALS.match(line.strip()) and \
            [c for c in line if c.isalpha()] == [word[0].upper() for word in words]:
        return header_name
    return None


def _name_of(line: str, header_name: str | None) -> str | None:
    line = _DASH_PREFIX.sub("", line.strip()).rstrip(",")
    if _is_name(line):
        return line
    return _first_name_of(header_name, line)


def _valediction_with_name(line: str, header_name: str | None) -> str | None:
    """"Kind regards, John Smith" on one line: the name."""
    if "," not in line:
        return None
    head, tail = (part.strip() for part in line.split(",", 1))
    return _name_of(tail, header_name) if _is_valediction(head) and tail else None


_DASHED_WORD = re.compile(r"^[-–—~]\s?[^\W\d_]{2,20}\.?$")


def _is_single_name(line: str) -> bool:
    token = line.strip().rstrip(".,!")
    return (token.isalpha() and token[:1].isupper() and 2 <= len(token) <= 20
            and token.lower() not in _VALEDICTION_WORDS and token.lower() not in _GREETING_WORDS
            and token.lower() not in _FUNCTION_WORDS
            and not token.isupper())


def _last_text_line(lines: list[str]) -> int:
    return next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)


def _stands_apart(lines: list[str], index: int) -> bool:
    """The sign-off starting at ``index`` follows the letter, which has content of its own."""
    content = [line for line in lines[:index] if line.strip()]
    if not content or all(_is_valediction(line) for line in content):
        return False
    before = lines[index - 1].strip() if index else ""
    return not before or _is_valediction(before) or before.endswith(_SENTENCE_END)


class _Foot:
    """The bottom-up walk's findings: indexes of the lines it took, and what they gave."""

    def __init__(self) -> None:
        self.places: list[tuple[int, str]] = []       # town, street and postcode lines
        self.phones: list[tuple[int, str]] = []
        self.affiliation: tuple[int, str] | None = None
        self.name: tuple[int, str] | None = None
        self.valediction: int | None = None
        self.links: list[int] = []      # an e-mail address or home page under the name
        self.streets: set[int] = set()  # place lines that are the address, never the town
        self.town_above = False         # "Harrogate" over "Margaret Ainsworth"


def _postal(foot: _Foot) -> bool:
    return any(has_postcode(place) for _, place in foot.places)


def _is_house_line(line: str) -> bool:
    """A house or farm name in a postal address: a few capitalised words, no sentence."""
    tokens = line.split()
    return 1 <= len(tokens) <= 5 and len(line) <= 40 and not any(c.isdigit() for c in line) \
        and not line.endswith(_SENTENCE_END) and all(
            token[:1].isupper() or (0 < n < len(tokens) - 1 and len(token) <= 3 and token.islower())
            for n, token in enumerate(tokens))


def _in_address(line: str) -> bool:
    """A line of a postal address above another: "Church Lane" over "Long Melford", "Beverley"
    over "East Yorkshire". Under such a line, two capitalised words are a place, not a name."""
    return is_street(line) or has_postcode(line) or (_is_location(line) and not _is_name(line))


def _walk(lines: list[str], header_name: str | None) -> _Foot | None:
    foot = _Foot()
    index = len(lines) - 1
    while index >= 0 and len(lines) - index <= 12:
        line = lines[index].strip()
        if not line:
            index -= 1
            continue
        if foot.name is not None:
            if _is_valediction(line):
                foot.valediction = index
            elif (not foot.places and not foot.town_above and foot.name[1] and index > 0
                  and _is_location(line) and (not lines[index - 1].strip()
                                              or _is_valediction(lines[index - 1]))
                  and "\n".join(lines[:index]).strip()):
                foot.places.append((index, line.rstrip(".")))   # the town over the name
                foot.town_above = True
                index -= 1
                continue
            break
        if len(line) > 100:
            break
        above = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        adjacent = index > 0 and bool(lines[index - 1].strip())
        if is_link(line) and foot.name is None and not foot.places:
            foot.links.append(index)
        elif is_phone(line):
            foot.phones.append((index, line))
        elif _is_valediction(line):
            if foot.places or foot.phones or foot.affiliation:
                return None      # a town under a valediction but no name: not a sign-off
            foot.valediction = index
            break
        elif (name := _valediction_with_name(line, header_name)) is not None:
            foot.name, foot.valediction = (index, name), index
            break
        elif (adjacent and len(foot.places) < (3 if _postal(foot) else 2) and _is_location(line)
              and not _ROLE.search(line)
              and _is_name(_RETIRED.sub("", _DASH_PREFIX.sub("", above)).rstrip(","))
              and _is_name(line.split(",")[0])):
            foot.places.append((index, line.rstrip(".")))    # "Name" over "Bury St Edmunds"
        elif (combined := _split_combined(_DASH_PREFIX.sub("", line))) is not None:
            if foot.places:
                return None
            foot.name = (index, combined[0])
            foot.places.append((index, combined[1]))
        elif is_street(line) or has_postcode(line):
            foot.places.append((index, line))
        elif (_is_name(_DASH_PREFIX.sub("", line).rstrip(","))
              and not (adjacent and _is_name(above) and not foot.places and _is_location(line))
              and not (adjacent and _postal(foot) and _is_location(line) and _in_address(above))):
            foot.name = (index, _DASH_PREFIX.sub("", line).rstrip(","))
        elif _is_affiliation(line) and foot.affiliation is None and adjacent:
            foot.affiliation = (index, line)
        elif (name := _first_name_of(header_name, _DASH_PREFIX.sub("", line))) is not None:
            foot.name = (index, name)
        elif _is_single_name(line) and _is_valediction(above):
            foot.name = (index, line.rstrip(".,!"))      # "Thanks,\nNoam": the name as signed
        elif _DASHED_WORD.match(line) and not foot.places and not foot.phones and \
                index == _last_text_line(lines):
            foot.name = (index, None)    # "-roman": signed, but the From name says it better
        elif _is_location(line) and not _ROLE.search(line) and foot.affiliation is None and sum(
                1 for _, p in foot.places if not (has_postcode(p) or is_street(p))) < (
                3 if _postal(foot) else 2):
            foot.places.append((index, line.rstrip(".")))
        elif _postal(foot) and _is_house_line(line):
            foot.places.append((index, line))      # "An Seanbhaile": a house name over the town
            foot.streets.add(index)
        else:
            break
        index -= 1
    return foot


def _postscript(lines: list[str]) -> int | None:
    """Where the P.S. paragraphs that end the letter begin (None when it does not end so)."""
    found = None
    for index in range(len(lines) - 1, 0, -1):
        if lines[index].strip() and not lines[index - 1].strip():       # a paragraph's start
            if not _POSTSCRIPT.match(lines[index][:20]):
                break
            found = index
    return found


def split_signoff(text: str, header_name: str | None = None,
                  name_hint: str | None = None) -> SignOff:
    """The sign-off split from the letter; ``SignOff(text)`` alone when there is none. A P.S.
    under the sign-off is the reader's and stays in the text, under the letter."""
    lines = text.rstrip().split("\n")
    start = _postscript(lines)
    if start is not None and "\n".join(lines[:start]).strip():
        found = _split_foot(lines[:start], header_name, name_hint)
        if found.removed:
            found.text = found.text + "\n\n" + "\n".join(lines[start:]).strip()
            return found
    return _split_foot(lines, header_name, name_hint)


def _split_foot(lines: list[str], header_name: str | None, name_hint: str | None) -> SignOff:
    text = "\n".join(lines)
    foot = _walk(lines, header_name)
    if foot is None or (foot.name is None and foot.valediction is None):
        return SignOff(text)
    if foot.name is None and (foot.places or foot.phones):
        return SignOff(text)      # a town or a phone alone: too unsure to take
    top = foot.valediction if foot.valediction is not None else foot.name[0]
    top = min([top, *(index for index, _ in foot.places)])
    if foot.valediction is None and not _stands_apart(lines, top):
        return SignOff(text)
    if not "\n".join(lines[:top]).strip():
        return SignOff(text)      # nothing but a sign-off: no letter left
    result = SignOff("\n".join(lines[:top]).rstrip())
    name = foot.name[1] if foot.name and foot.name[1] else None
    if name and foot.affiliation:
        name = f"{name}, {foot.affiliation[1].rstrip(',')}"
    result.name = name
    places = sorted(foot.places)
    private = any(has_postcode(p) or is_street(p) for _, p in places) or bool(foot.phones)
    result.location = address_town(places, foot.streets)
    if any(has_postcode(p) or is_street(p) for _, p in places):
        result.address = ", ".join(p for i, p in places if not (foot.name and i == foot.name[0]))
    if foot.phones:
        result.phone = ", ".join(phone_value(p) for _, p in sorted(foot.phones))
    contact_lines = {i for i, _ in foot.phones} | (
        {i for i, _ in places if not (foot.name and i == foot.name[0])} if private else set())
    def kind_of(index: int) -> str:
        if index in foot.links:     # an e-mail address is the writer's contact; a home page is not
            return "contact" if "@" in lines[index] else "signature"
        return "contact" if index in contact_lines else "sign-off"
    result.removed = kind_runs((kind_of(index), lines[index].strip())
                               for index in range(top, len(lines)) if lines[index].strip())
    if result.name is None and name_hint and _is_name(name_hint):
        result.name = name_hint
    return result


def find_signoff(text: str, header_name: str | None = None) -> tuple[str | None, str | None, str]:
    """(name, location, text without the sign-off), or (None, None, text)."""
    found = split_signoff(text, header_name)
    return found.name, found.location, found.text
