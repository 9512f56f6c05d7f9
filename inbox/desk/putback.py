"""Putting a part the parser removed back into the publication text where it stood.

The parser lists what it removed in message order but does not say between which paragraphs
each part stood; the original text (``full_text``) does. So the part, the letter's paragraphs
and the other removed parts are found in the original, and the part goes into the publication
text beside its nearest neighbour in the original that is still there (a paragraph of the
letter, or a removed part already put back): after the one before it, or before the one after
it when that is nearer. The publication text may have been edited: a paragraph the editor rewrote is
simply not an anchor, and the next one is tried. A part that cannot be found in the original
(letters stored without one) goes where it most likely stood: a forward's cover note on top,
anything else at the end.
"""
from __future__ import annotations

import re

from inbox.desk.reading import removed_spans

_BLANK = re.compile(r"\n[ \t]*\n\s*")
_PROBE = 12          # words: enough to find a paragraph in the original, cheap to search for


def _words(text: str) -> list[str]:
    """The words, quote markers aside: the parser turns ">From" back into "From", rewraps
    lines and keeps "> " quotations, and none of that should stop a paragraph being found."""
    return [word.lstrip(">") for word in text.split() if word.strip(">")]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in _BLANK.split(text.strip()) if part.strip()]


def _locate(words: list[str], haystack: str, cursor: int) -> tuple[int, int] | None:
    """(start, end) of the words in ``haystack`` from ``cursor``, across any line breaks and
    quote markers; found by the first and last few words."""
    if not words:
        return None
    gap = r"[\s>]+"
    head = re.search(gap.join(map(re.escape, words[:_PROBE])), haystack[cursor:])
    if head is None:
        return None
    start = cursor + head.start()
    tail = re.search(gap.join(map(re.escape, words[-_PROBE:])), haystack[start:])
    return start, start + (tail.end() if tail else head.end() - head.start())


def _in_original(text: str, full_text: str, removed: list[dict]) -> list[tuple[int, str | int]]:
    """(position in the original, item) for the letter's paragraphs (their text) and the
    removed parts (their index), in message order; what cannot be found is left out."""
    items: list[tuple[int, str | int]] = []
    cursor = 0
    for paragraph in _paragraphs(text):
        span = _locate(_words(paragraph), full_text, cursor)
        if span is not None:
            items.append((span[0], paragraph))
            cursor = span[1]
    items += [(start, index) for index, (start, _) in removed_spans(full_text, removed).items()]
    return sorted(items, key=lambda item: item[0])


def _find_run(content: str, paragraphs: list[str], cursor: int) -> tuple[int, int] | None:
    """The run of publication paragraphs, from ``cursor``, that is exactly ``content``
    (whitespace and quote markers aside)."""
    wanted = _words(content)
    size = len(_paragraphs(content)) or 1
    for first in range(cursor, len(paragraphs) - size + 1):
        if _words("\n\n".join(paragraphs[first:first + size])) == wanted:
            return first, first + size
    return None


def put_back_in_place(publication: str, text: str, full_text: str, removed: list[dict],
                      index: int) -> str:
    """``publication`` with ``removed[index]`` put back between the paragraphs it stood
    between in ``full_text``. ``text`` is the parsed letter the publication text began as."""
    part = str(removed[index].get("text") or "").strip()
    paragraphs = _paragraphs(publication)
    items = _in_original(text, full_text or "", removed)
    if all(item != index for _, item in items):                           # not found in the original: the old rule
        at_top = removed[index].get("kind") == "forward-header"
        return "\n\n".join([part, *paragraphs] if at_top else [*paragraphs, part])
    rank = next(number for number, (at, item) in enumerate(items) if item == index)
    found: list[tuple[int, tuple[int, int]]] = []   # (rank in the original, run in the text)
    cursor = 0
    for number, (_, item) in enumerate(items):
        if item == index:
            continue
        content = item if isinstance(item, str) else str(removed[item].get("text") or "")
        run = _find_run(content, paragraphs, cursor)
        if run is not None:
            found.append((number, run))
            cursor = run[1]
    before = [(rank - number, run[1]) for number, run in found if number < rank]
    after = [(number - rank, run[0]) for number, run in found if number > rank]
    # The nearest neighbour still there anchors it, the one before it on a tie.
    nearest = sorted([*before[-1:], *after[:1]], key=lambda pair: pair[0])
    if nearest:
        slot = nearest[0][1]
    else:                                          # nothing of the original is left to go by
        slot = 0 if rank == 0 else len(paragraphs)
    return "\n\n".join([*paragraphs[:slot], part, *paragraphs[slot:]])
