"""Each line at a letter's foot classified on its own: is it a valediction, a name (with titles
and honours), a town, a "Name, Town" line, an affiliation, a salutation. Pure predicates over one
line; ``signoff`` walks the foot from the bottom up with them."""
from __future__ import annotations

import re

from inbox.mail.contact import ends_in_street
from inbox.mail.signoff_words import (_AFFILIATION, _CONNECTORS, _FUNCTION_WORDS, _GREETING_WORDS,
                                       _PARTICLES, _POSTNOMINALS, _SALUTATION, _TITLES,
                                       _VALEDICTION_FILLER, _VALEDICTION_FORMULA,
                                       _VALEDICTION_PHRASES, _VALEDICTION_WORDS)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}$|[^\W\d_]$")
_RETIRED = re.compile(r"\s*\((?:retd|ret'd|rtd|retired|ret\.|rn|ra|raf|usn|usa)\.?\)(?=\s|$)", re.I)
_DISTRICT = re.compile(r"\d{1,2}$")
_SEPARATORS = (" / ", " | ", " – ", " — ", " - ", ", ", " (")


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
            and not line.rstrip().endswith((".", "!", "?", ":")) and not _is_valediction(line)
            and not ends_in_street(line))          # "Church Lane" is a street, not a church
