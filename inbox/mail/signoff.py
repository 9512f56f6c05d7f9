"""The sign-off at the foot of a letter: the name and town the letters page prints under it.

Recognised endings (the name is 2-4 capitalised words, initials, Mc/O'/hyphenated surnames and
lower-case particles like "de" or "van" allowed, after an optional title such as "Dr"; the town
is a short capitalised phrase, commas and postcodes allowed)::

    Margaret Holloway            Margaret Holloway, Guildford        Yours faithfully,
    Guildford, Surrey            Margaret Holloway / Guildford       John Smith

The sign-off must stand apart from the prose: the line before it is blank, a valediction, or
ends a sentence. When unsure the answer is (None, None, text) and the From name is used instead.

Policy: ``ParsedLetter.text`` is the letter as published, so the name and town lines are removed
from it (they become ``author_name`` / ``author_location``, printed by the letters page in its
own style); the valediction ("Yours faithfully,") and everything above it stay.
"""
from __future__ import annotations

import re

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
    "cordially", "dear", "hello", "hi", "editor", "sent", "ps", "p.s.", "greetings", "sincere",
    "grüße", "grüßen", "grüsse", "grüssen", "gruß", "gruss", "beste", "viele", "liebe",
    "herzliche", "freundlichen", "freundliche", "cordialement", "salutations", "amitiés",
    "saludos", "saludo", "atentamente", "cordiali", "saluti", "groet", "groeten", "vriendelijke",
    "pozdrawiam", "pozdrowienia", "hälsningar", "hälsning", "mvh", "mfg", "vg", "lg", "ta",
}
# Words that may join valediction words on a valediction line ("with", "all the", "mit", "bien").
_VALEDICTION_FILLER = {"with", "all", "the", "you", "very", "most", "my", "and", "again", "mit",
                       "bien", "à", "vous", "un", "met", "med", "vänlig", "x", "xx", "xxx"}
_FUNCTION_WORDS = {"and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "is", "are",
                   "was", "be", "not", "it", "this", "that", "my", "our", "your", "his", "her",
                   "their", "a", "an", "i", "we", "you", "he", "she", "they", "me", "us", "all",
                   "very", "just", "so", "but", "if", "as", "no", "yes", "the", "please"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}$|[^\W\d_]$")
_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?$|\d[A-Z]{2}$")
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
    tokens = line.split()
    if not 2 <= len(tokens) <= 7 or len(line) > 60:
        return False
    if any(char.isdigit() or char in "@:;!?<>()[]\"/|,&" for char in line):
        return False
    titled = 0
    while tokens and tokens[0].lower().rstrip(".") in _TITLES and len(tokens) > 1:
        tokens, titled = tokens[1:], titled + 1
    while len(tokens) > 2 and tokens[-1].lower().rstrip(".") in _POSTNOMINALS:
        tokens = tokens[:-1]
    words = 0
    for position, token in enumerate(tokens):
        lower = token.lower().rstrip(".")
        if lower in _VALEDICTION_WORDS or (lower in _FUNCTION_WORDS and not titled):
            return False
        if token in _PARTICLES and 0 < position < len(tokens) - 1:
            continue
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
    if len(parts) > 3 or sum(len(part.split()) for part in parts) > 7:
        return False
    for part in parts:
        tokens = part.split()
        if not 1 <= len(tokens) <= 4:
            return False
        for position, token in enumerate(tokens):
            lower = token.lower()
            if lower in _VALEDICTION_WORDS:
                return False
            if _POSTCODE.match(token):
                continue
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


def _stands_apart(lines: list[str], index: int) -> bool:
    """The sign-off starting at ``index`` follows the letter, which has some content of its own."""
    content = [line for line in lines[:index] if line.strip()]
    if not content or all(_is_valediction(line) for line in content):
        return False
    before = lines[index - 1].strip()
    return not before or _is_valediction(before) or before.endswith(_SENTENCE_END)


def find_signoff(text: str) -> tuple[str | None, str | None, str]:
    """(name, location, text without the name and location lines), or (None, None, text)."""
    lines = text.rstrip().split("\n")
    if len(lines) < 2:
        return None, None, text
    last, previous = lines[-1].strip(), lines[-2].strip()
    if _is_name(previous) and _is_location(last) and _stands_apart(lines, len(lines) - 2):
        return previous, last.rstrip("."), "\n".join(lines[:-2]).rstrip()
    if _stands_apart(lines, len(lines) - 1):
        combined = _split_combined(last)
        if combined:
            return combined[0], combined[1], "\n".join(lines[:-1]).rstrip()
        if _is_name(last):
            return last, None, "\n".join(lines[:-1]).rstrip()
    return None, None, text

