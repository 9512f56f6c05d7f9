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

from inbox.mail.contact import has_postcode, is_phone, is_street, phone_value, town_of

_TITLES = {"dr", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron", "rev",
           "revd", "reverend", "canon", "father", "fr", "mr", "mrs", "ms", "miss", "mx", "col",
           "colonel", "major", "maj", "capt", "captain", "brig", "brigadier", "gen", "general",
           "lt", "cllr", "councillor", "rt", "hon", "the", "rabbi", "bishop", "dean", "judge",
           "admiral", "cdr", "commander", "sgt"}
_PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "le", "la",
              "al", "bin", "ben", "ter", "y", "dos", "das", "af", "zu"}
_POSTNOMINALS = {"phd", "dphil", "bsc", "msc", "ma", "ba", "mba", "qc", "kc", "mp", "msp", "obe",
                 "mbe", "cbe", "kbe", "dbe", "frs", "fba", "frsa", "frcp", "frcs", "fca", "esq",
                 "jp", "dl", "rn", "cb", "cmg", "jr", "sr"}
_CONNECTORS = {"upon", "on", "under", "in", "le", "de", "la", "the", "by", "of", "and", "en",
               "sur", "am", "an", "der", "im", "next", "super"}
_VALEDICTION_WORDS = {
    "yours", "sincerely", "faithfully", "truly", "ever", "regards", "wishes", "best", "kind",
    "kindest", "warm", "warmest", "thanks", "thank", "many", "cheers", "love", "respectfully",
    "cordially", "sincere",
    "grüße", "grüßen", "grüsse", "grüssen", "gruß", "gruss", "beste", "viele", "liebe",
    "herzliche", "freundlichen", "freundliche", "cordialement", "salutations", "amitiés",
    "saludos", "saludo", "atentamente", "cordiali", "saluti", "groet", "groeten", "vriendelijke",
    "pozdrawiam", "pozdrowienia", "hälsningar", "hälsning", "mvh", "mfg", "vg", "lg", "ta",
}
# Greeting words: never part of a name or a town, but a line of them opens a letter ("Hello",
# "Dear Editor"), it does not close one.
_GREETING_WORDS = {"dear", "hello", "hi", "editor", "sent", "ps", "p.s.", "greetings"}
# Words that may join valediction words on a valediction line ("with", "all the", "mit", "bien").
_VALEDICTION_FILLER = {"with", "all", "the", "you", "very", "most", "my", "and", "again", "mit",
                       "bien", "à", "vous", "un", "met", "med", "vänlig", "x", "xx", "xxx"}
_FUNCTION_WORDS = {"and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "is", "are",
                   "was", "be", "not", "it", "this", "that", "my", "our", "your", "his", "her",
                   "their", "a", "an", "i", "we", "you", "he", "she", "they", "me", "us", "all",
                   "very", "just", "so", "but", "if", "as", "no", "yes", "the", "please"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}$|[^\W\d_]$")
_RETIRED = re.compile(r"\s*\((?:retd|ret'd|rtd|retired|ret\.|rn|ra|raf|usn|usa)\.?\)(?=\s|$)", re.I)
_DASH_PREFIX = re.compile(r"^(?:[-–—~]{1,2})\s*(?=\w)")
_AFFILIATION = re.compile(
    r"\b(?:university|universit[äéà]t?|college|department|dept|school|institute|faculty|centre|"
    r"center|society|trust|foundation|council|association|academy|museum|hospital|ltd|plc|"
    r"group|professor|lecturer|fellow|director|chairman|chair|president|secretary|"
    r"chief executive|editor|mp for|member of parliament|emeritus|reader in|partner|"
    r"king's|queen's|institution|library|committee|campaign|party|church|diocese|parish|"
    r"house of lords|house of commons|parliament|senate|assembly)\b",
    re.I,
)
# A salutation is a few words and a comma: "Hello Megan, agreed." is already the letter.
_SALUTATION = re.compile(r"^\s*(?:dear(?:\s+[^\s,.!:]{1,25}){1,5}|sir|madam|sirs|sir or madam|"
                         r"(?:hello|hi|good (?:morning|afternoon|evening)|sehr geehrte[rs]?|liebe[rs]?|hallo|"
                         r"cher|chère|chers|madame|monsieur|bonjour|estimad[oa]s?|querid[oa]s?|"
                         r"hola|gentile|egregio|ciao|geachte|beste|hej|hei|szanown[iya]|"
                         r"уважаем\w{0,4}|здравствуйте)(?:\s+[^\s,.!:]{1,25}){0,3}|"
                         r"[^\W\d]{1,6}(?:様|さま|先生|您好|你好)|"
                         r"to the editor|editor|the editor|greetings)\s*[,:!.，：、]?\s*$", re.I)
_SEPARATORS = (" / ", " | ", " – ", " — ", " - ", ", ", " (")
_SENTENCE_END = tuple(".!?:;\"”’')…")


def _is_valediction(line: str) -> bool:
    """"Yours faithfully,", "Kind regards", "Mit freundlichen Grüßen", "All the best!"."""
    words = [word.strip(",.!;:-–—") for word in line.lower().split()]
    words = [word for word in words if word]
    return 0 < len(words) <= 5 and any(word in _VALEDICTION_WORDS for word in words) and all(
        word in _VALEDICTION_WORDS or word in _VALEDICTION_FILLER for word in words)


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and _WORD.match(token) is not None


def _is_name(line: str) -> bool:
    line = _RETIRED.sub("", line)
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
    for part in parts:
        tokens = part.split()
        if not 1 <= len(tokens) <= 6:
            return False
        for position, token in enumerate(tokens):
            lower = token.lower()
            if lower in _VALEDICTION_WORDS or lower in _GREETING_WORDS:
                return False
            if position and token in _CONNECTORS:
                continue
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
            and not line.rstrip().endswith((".", "!", "?", ":")) and not is_valediction(line))


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
    """"Peter" signed by "Peter Mallory": the full name from the header."""
    words = (header_name or "").split()
    token = line.strip().rstrip(".,")
    if len(words) >= 2 and token.isalpha() and token[:1].isupper() and token.lower() == \
            words[0].lower():
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


_LINK_ONLY = re.compile(r"^(?:https?://|www\.)\S{1,150}$|^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+$")
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
            break
        if len(line) > 100:
            break
        above = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        adjacent = index > 0 and bool(lines[index - 1].strip())
        if _LINK_ONLY.match(line) and foot.name is None and not foot.places:
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
        elif (adjacent and len(foot.places) < 2 and _is_location(line)
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
              and not (adjacent and _is_name(above) and not foot.places and _is_location(line))):
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
        elif _is_location(line) and foot.affiliation is None and sum(
                1 for _, p in foot.places if not (has_postcode(p) or is_street(p))) < 2:
            foot.places.append((index, line.rstrip(".")))
        else:
            break
        index -= 1
    return foot


def split_signoff(text: str, header_name: str | None = None,
                  name_hint: str | None = None) -> SignOff:
    """The sign-off split from the letter; ``SignOff(text)`` alone when there is none."""
    lines = text.rstrip().split("\n")
    foot = _walk(lines, header_name)
    if foot is None or (foot.name is None and foot.valediction is None):
        return SignOff(text)
    if foot.name is None and (foot.places or foot.phones):
        return SignOff(text)      # a town or a phone alone: too unsure to take
    top = foot.valediction if foot.valediction is not None else foot.name[0]
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
    towns = [town_of(p) if has_postcode(p) else p for _, p in places if not is_street(p)]
    towns = [town for town in towns if town]
    result.location = ", ".join(dict.fromkeys(towns)) or None
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
        kind = "contact" if index in contact_lines else "signature" if index in foot.links \
            else "sign-off"
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
