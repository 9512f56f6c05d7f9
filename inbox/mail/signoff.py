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

from inbox.mail.contact import (address_town, ends_in_street, has_postcode, is_link, is_phone,
                                is_street, phone_value)
from inbox.mail.signoff_words import (_AFFILIATION, _CONNECTORS, _FUNCTION_WORDS, _GREETING_WORDS,
                                       _PARTICLES, _POSTNOMINALS, _ROLE, _SALUTATION, _TITLES,
                                       _VALEDICTION_FILLER, _VALEDICTION_FORMULA,
                                       _VALEDICTION_PHRASES, _VALEDICTION_WORDS)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}$|[^\W\d_]$")
_RETIRED = re.compile(r"\s*\((?:retd|ret'd|rtd|retired|ret\.|rn|ra|raf|usn|usa)\.?\)(?=\s|$)", re.I)
_DASH_PREFIX = re.compile(r"^(?:[-–—~]{1,2})\s*(?=\w)")
_SIGNED_INITIALS = re.compile(r"^(?:[A-Z]\.? ?){2,3}$")
_POSTSCRIPT = re.compile(r"^\s*p\.? ?(?:p\.? ?)?s\b\.?:?\s", re.I)    # "P.S. ", "PS ", "PPS: "
_DISTRICT = re.compile(r"\d{1,2}$")
_SEPARATORS = (" / ", " | ", " – ", " — ", " - ", ", ", " (")
_SENTENCE_END = tuple(".!?:;\"”’')…")


def _is_valediction(line: str) -> bool:
    """"Yours faithfully,", "Kind regards", "Mit freundlichen Grüßen", "All the best!"."""
    words = [word.strip(",.!;:-–—") for word in line.lower().split()]
    words = [word for word in words if word]
    if " ".join(words) in _VALEDICTION_PHRASES or (len(line) <= 160 and
                                                   _VALEDICTION_FORMULA.match(line.strip())):
        return True
    return 0 < len(words) <= 5 and any(word in _VALEDICTION_WORDS for word in words) and all(
        word in _VALEDICTION_WORDS or word in _VALEDICTION_FILLER for word in words)


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and _WORD.match(token) is not None


# Honours after a comma: "Chief Adebayo Ogunlesi, OFR", "Jane Smith, OBE FRS".
_COMMA_HONOURS = re.compile(r",\s*((?:[A-Za-z.]{2,8}\s*){1,4})$")


def _honours_after_comma(line: str) -> str:
    match = _COMMA_HONOURS.search(line)
    if match and all(token.lower().rstrip(".") in _POSTNOMINALS for token in match.group(1).split()):
        return line[:match.start()] + " " + match.group(1)
    return line


def _is_name(line: str) -> bool:
    line = _RETIRED.sub("", _honours_after_comma(line))
    line = re.sub(r"\((?:dr|mrs|prof|rev|revd)\.?\)", "Dr", line, flags=re.I)   # "Chief (Dr) ..."
    tokens = line.split()
    if not 2 <= len(tokens) <= 7 or len(line) > 60:
        return False
    if any(char.isdigit() or char in "@:;!?<>()[]\"/|," for char in line):
        return False
    titled = 0
    while tokens and tokens[0].lower().rstrip(".") in _TITLES and len(tokens) > 1:
        tokens, titled = tokens[1:], titled + 1
    while len(tokens) > 2 and tokens[-1].lower().rstrip(".") in _POSTNOMINALS:
        tokens = tokens[:-1]
    words = 0
    for position, token in enumerate(tokens):
        lower = token.lower().rstrip(".")
        if lower in ("and", "&") and 0 < position < len(tokens) - 2 and len(tokens) >= 4:
            continue            # "John and Mary Smith": a couple signing together
        if lower in _VALEDICTION_WORDS or lower in _GREETING_WORDS or (
                lower in _FUNCTION_WORDS and not titled):
            return False
        if (token in _PARTICLES or (titled and token == "of")) and 0 < position < len(tokens) - 1:
            continue            # "van", "de"; "of" in a peer's title ("Lord Smith of Finsbury")
        if _INITIALS.match(token) and token[0].isupper():
            words += 1
        elif _capitalised(token) and not (token.endswith(".") and len(token) > 3):
            words += 1
        else:
            return False
    has_word = any(len(token.rstrip(".")) > 1 for token in tokens)
    return has_word and (2 <= words <= 4 or (titled and words == 1))


def _is_location(line: str) -> bool:
    line = line.strip().rstrip(".")
    if not line or len(line) > 60 or line[-1] in ",;:!?" or "@" in line:
        return False
    parts = [part.strip() for part in line.split(",")]
    if len(parts) > 3 or sum(len(part.split()) for part in parts) > 8:
        return False
    for number, part in enumerate(parts):
        tokens = part.split()
        if not 1 <= len(tokens) <= 6:
            return False
        for position, token in enumerate(tokens):
            lower = token.lower()
            if number == len(parts) - 1 and position == len(tokens) - 1 and position and \
                    _DISTRICT.match(token):
                continue        # a postal district: "Dublin 6", "Manchester 20"
            if lower in _VALEDICTION_WORDS or lower in _GREETING_WORDS or (
                    token.isupper() and lower in _POSTNOMINALS):
                return False
            if position and token in _CONNECTORS:
                continue
            if lower == "the" and number and not position and len(tokens) > 1:
                continue        # a country after the town: "Utrecht, the Netherlands"
            if lower in _FUNCTION_WORDS and token != "The":
                return False
            if not _capitalised(token):
                return False
    return True


def _split_combined(line: str) -> tuple[str, str] | None:
    for separator in _SEPARATORS:
        if separator not in line:
            continue
        name, location = (part.strip() for part in line.split(separator, 1))
        if separator == " (":
            if not location.endswith(")"):
                continue
            location = location[:-1].strip()
        if _is_name(name) and _is_location(location):
            return name, location.rstrip(".")
    return None




def is_salutation(line: str) -> bool:
    """"Sir,", "Dear Editor,", "Hello": what a letter opens with (and must not be reduced to)."""
    return len(line) <= 60 and _SALUTATION.match(line) is not None


def _is_affiliation(line: str) -> bool:
    return (len(line) <= 100 and _AFFILIATION.search(line) is not None
            and not line.rstrip().endswith((".", "!", "?", ":")) and not is_valediction(line)
            and not ends_in_street(line))          # "Church Lane" is a street, not a church


def is_valediction(line: str) -> bool:
    return _is_valediction(line)


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
    runs: list[tuple[str, list[str]]] = []
    for index in range(top, len(lines)):
        if not lines[index].strip():
            continue
        kind = "contact" if index in contact_lines else "sign-off"
        if index in foot.links:     # an e-mail address is the writer's contact; a home page is not
            kind = "contact" if "@" in lines[index] else "signature"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(lines[index].strip())
        else:
            runs.append((kind, [lines[index].strip()]))
    result.removed = [(kind, "\n".join(run)) for kind, run in runs]
    if result.name is None and name_hint and _is_name(name_hint):
        result.name = name_hint
    return result


def find_signoff(text: str, header_name: str | None = None) -> tuple[str | None, str | None, str]:
    """(name, location, text without the sign-off), or (None, None, text)."""
    found = split_signoff(text, header_name)
    return found.name, found.location, found.text
