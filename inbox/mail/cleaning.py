"""Character hygiene shared by the parser: what may appear in a header value or a letter's text.

Everything the parser hands out goes through one of these two functions, so no control character,
lone surrogate (left over from undecodable bytes) or bidi override ever reaches the database or a
template. Storage engines choke on NUL and on lone surrogates; bidi overrides let a sender make a
name or subject read differently from what it contains.
"""
from __future__ import annotations

import re

# C0 controls except TAB/LF/CR, DEL, C1 controls except NEL, lone surrogates, bidi embeddings and
# overrides, and the invisible characters that only ever serve to disguise text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
# Everything a line could break or be tabbed on, for single-line values.
_LINE_SPACE = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u3000 ]+")
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_TRAILING_SPACE = re.compile("[ \t\u00a0]+(?=\n)|[ \t\u00a0]+$")
_MANY_BLANK_LINES = re.compile("\n{3,}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_line(value: str) -> str:
    """A single-line value: every control character gone, all whitespace runs one space."""
    if not value:
        return ""
    value = _LONE_SURROGATE.sub("\ufffd", value)
    value = _LINE_SPACE.sub(" ", value)  # must run before _INVISIBLE, which would eat \x85
    return _INVISIBLE.sub("", value).strip()


def clean_text(value: str, *, trim_lines: bool = False) -> str:
    """Multi-line text: newlines normalised to ``\\n``, tabs to spaces, other controls removed.

    With ``trim_lines`` trailing spaces go and runs of blank lines shrink to one, which is what a
    published letter wants; ``full_text`` keeps its lines as they were.
    """
    if not value:
        return ""
    value = _LONE_SURROGATE.sub("\ufffd", value)
    value = _NEWLINES.sub("\n", value).replace("\t", "    ")
    value = _INVISIBLE.sub("", value)
    if trim_lines:
        value = _TRAILING_SPACE.sub("", value)
        value = _MANY_BLANK_LINES.sub("\n\n", value)
    return value.strip("\n") if not trim_lines else value.strip()
