"""Character hygiene shared by every layer: what may appear in a stored value, a log line, a page
or an export.

Everything the parser hands out, and everything exported, goes through one of these functions, so
no control character, lone surrogate (left over from undecodable bytes), noncharacter or bidi
override ever reaches the database, a template or a file. Storage engines choke on NUL and lone
surrogates, XML on U+FFFE/U+FFFF; bidi overrides let a sender make a name or subject read
differently from what it contains ("Trojan Source").
"""
from __future__ import annotations

import re

# C0 controls except TAB/LF/CR, DEL, C1 controls except NEL, lone surrogates, bidi embeddings and
# overrides, and the invisible characters that only ever serve to disguise text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
# Everything a line could break or be tabbed on, for single-line values.
_LINE_SPACE = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u3000 ]+")
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")   # after CRLF became LF
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_line(value: str | None) -> str:
    """A single-line value: every control character gone, all whitespace runs one space."""
    if not value:
        return ""
    value = _LONE_SURROGATE.sub("\ufffd", value)
    value = _LINE_SPACE.sub(" ", value)  # must run before _INVISIBLE, which would eat \x85
    return _INVISIBLE.sub("", value).strip()


def storable(value: str | None) -> str | None:
    """Only what every database can store, nothing else changed: no NUL (PostgreSQL refuses it in
    text) and no lone surrogate (no backend can encode it). For values kept as received, such as
    a letter's original HTML, which is never sanitised before storage."""
    if not value or (value.isascii() and "\x00" not in value):     # the usual case, without a scan
        return value
    return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def _trimmed_lines(lines: list[str]):
    """Lines without trailing blanks, and never two blank lines in a row."""
    blank = False
    for line in lines:
        line = line.rstrip(" \u00a0")
        if line or not blank:
            yield line
        blank = not line


def clean_text(value: str | None, *, trim_lines: bool = False) -> str:
    """Multi-line text: newlines normalised to ``\\n``, tabs to spaces, other controls removed.

    With ``trim_lines`` trailing spaces go and runs of blank lines shrink to one, which is what a
    published letter wants; ``full_text`` keeps its lines as they were.
    """
    if not value:
        return ""
    value = _LONE_SURROGATE.sub("\ufffd", value)
    value = _LINE_BREAKS.sub("\n", value.replace("\r\n", "\n")).replace("\t", "    ")
    value = _INVISIBLE.sub("", value)
    if trim_lines:   # str methods: a regex for trailing blanks backtracks at every space
        value = "\n".join(_trimmed_lines(value.split("\n")))
    return value.strip("\n") if not trim_lines else value.strip()


# Han (CJK ideographs and their extensions, compatibility ideographs), hiragana, katakana (full
# and half width): scripts written without spaces, where each character counts as one word.
_CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\uff66-\uff9f\U00020000-\U0002fa1f]")
# Ideographic spaces and punctuation ("、", "。", "「」", full-width "！") separate, and count nothing.
_CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def word_count(text: str | None) -> int:
    """The one word count (the house limit, the queue, the exports): words in space-separated
    scripts, and each Han or kana character as one. A Japanese paragraph of 200 characters
    counted 4 "words" by spaces."""
    if not text:
        return 0
    if text.isascii():
        return len(text.split())
    characters = len(_CJK.findall(text))
    if not characters:
        return len(text.split())
    rest = _CJK_PUNCTUATION.sub(" ", _CJK.sub(" ", text))
    return characters + len(rest.split())


def counts_characters(text: str | None) -> bool:
    """Is most of this text's count made of CJK characters? Then the UI says "characters"."""
    if not text or text.isascii():
        return False
    return 2 * len(_CJK.findall(text)) > word_count(text)


def count_unit(text: str | None) -> str:
    return "characters" if counts_characters(text) else "words"
