"""The letter's lines as its writer meant them: mbox escaping undone, hard wraps rejoined.

* ``unescape_from``: mail software (Python's own ``email`` generator, many MTAs and mbox
  stores) writes a body line that begins "From " as ">From ", so that no line can be taken for
  an mbox separator. A ">From " line that is not part of a quoted block (neither neighbour is
  quoted) is the reader's "From ...": without this, "Sir,\\n\\n>From Dublin it seems ..." read as
  a quote and the letter shrank to "Sir,".
* ``rejoin``: plain-text mail is often wrapped at 72-78 columns. A paragraph whose lines run
  near the text's wrap width is joined into one line; short lines (verse, addresses, lists,
  a salutation) keep their breaks, as do list items and quoted lines of another depth. A
  short line at a sentence's end inside a wrapped paragraph, with full-width lines going on
  under it, is joined too. A link the mail program pushed onto a line of its own (too long to
  fit after the words before it, which run on mid-sentence) is joined back, and so is the
  sentence going on under it.
  ``format=flowed`` (RFC 3676, DelSp) is undone earlier, in ``mime.unflow``, from its own marks.

Linear: one pass over the lines, no regex over more than one line (each cut to 200 chars).
"""
from __future__ import annotations

import re

_QUOTED = re.compile(r"^ {0,3}>")
_ESCAPED_FROM = re.compile(r"^>From ")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–·]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s")
_MIN_WIDTH, _MAX_WIDTH = 50, 100     # outside this a text is not hard-wrapped
_SLACK = 0.72                         # a line this fraction of the width long was wrapped
_LINK = re.compile(r"^[(<\[\"']?(?:https?://|www\.)\S+$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def unescape_from(text: str) -> str:
    if ">From " not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not _ESCAPED_FROM.match(line):
            continue
        before = lines[index - 1] if index else ""
        after = lines[index + 1] if index + 1 < len(lines) else ""
        if not _QUOTED.match(before) and not _QUOTED.match(after):
            lines[index] = line[1:]
    return "\n".join(lines)


def _width(lines: list[str]) -> int:
    """The wrap width: the 90th percentile of the lengths of lines that have a space in them
    (a long URL alone on a line says nothing about the wrapping), list items aside."""
    # List items are often left long, unwrapped, by the same writer: they say nothing either.
    prose = [line for line in lines if " " in line.strip() and not _LIST_ITEM.match(line[:200])]
    lengths = sorted(len(line.rstrip()) for line in (prose if len(prose) >= 2 else
                                                       [line for line in lines if " " in line.strip()]))
    if len(lengths) < 2:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def _depth(line: str) -> int:
    return 1 if _QUOTED.match(line) else 0


def _content(line: str) -> str:
    return line.lstrip()[1:].lstrip() if _depth(line) else line


def _joins(line: str, following: str, width: int) -> bool:
    if not following.strip() or _depth(line) != _depth(following):
        return False
    body, next_body = _content(line).rstrip(), _content(following)
    if not body or not next_body.strip() or _LIST_ITEM.match(next_body[:200]):
        return False
    if len(line.rstrip()) < _SLACK * width:
        return False
    # The next line's first word would not have fitted: the writer did not break here.
    return len(line.rstrip()) + 1 + len(next_body.split()[0]) > width - 2 or \
        len(line.rstrip()) >= width - 12


def _is_link(line: str) -> bool:
    return _LINK.match(_content(line).strip()[:300]) is not None


def _pushed_link(line: str, following: str, width: int) -> bool:
    """The next line is a link alone, which would not have fitted after this line's words;
    this line stops mid-sentence: the mail program wrapped before the link."""
    body = _content(line).rstrip()
    return (_depth(line) == _depth(following) and bool(body) and _is_link(following)
            and not body.endswith((".", "!", "?", ":", ";", ","))
            and not _LIST_ITEM.match(body[:200])
            and len(line.rstrip()) + 1 + len(_content(following).strip()) > width)


def _after_link(line: str, following: str) -> bool:
    """The sentence goes on under a rejoined link ("(https://...)" then "is the only one")."""
    rest = _content(following).strip()
    return _is_link(line) and _depth(line) == _depth(following) and bool(rest) and \
        (rest[:1].islower() or rest[:1] in ",;:.)") and not _LIST_ITEM.match(rest[:200])


def _resumes(line: str, following: str, width: int) -> bool:
    """A short line inside a wrapped paragraph, at a sentence's end, with the paragraph
    running on at full width under it: an edit or a stray Enter, not a line the writer meant
    (verse and lists have no full-width lines between their short ones)."""
    return (_depth(line) == _depth(following) and line.rstrip().endswith((".", "!", "?", ";"))
            and len(following.rstrip()) >= _SLACK * width
            and not _LIST_ITEM.match(_content(following)[:200]))


def rejoin(text: str) -> str:
    """Hard-wrapped paragraphs joined into one line each; other line breaks kept."""
    lines = text.split("\n")
    width = _width([line for line in lines if not _depth(line)])
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        width = _width([line for line in lines if _depth(line)])
        if not _MIN_WIDTH <= width <= _MAX_WIDTH:
            return text
    out: list[str] = []
    last = ""          # the last physical line joined into out[-1]: its length is the test
    continued = False  # out[-1] is a wrapped paragraph (a line was joined to it)
    for line in lines:
        if out and (_joins(last, line, width) or _pushed_link(last, line, width) or (
                continued and (_resumes(last, line, width) or _after_link(last, line)))):
            previous = out[-1].rstrip()
            addition = _content(line).strip()
            glue = "" if _CJK.match(previous[-1:]) and _CJK.match(addition[:1]) else " "
            if previous.endswith("-") and not previous.endswith(" -") and addition[:1].islower():
                glue = ""        # a word hyphenated at the wrap
            out[-1] = previous + glue + addition
            continued = True
        else:
            out.append(line)
            continued = False
        last = line
    return "\n".join(out)
