"""What an editor changed: a word-level diff of the publication text against the original.

Returns plain segments; the template renders them with autoescaping as ``<del>``/``<ins>``, so
markup in a letter stays text.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str      # "same", "del" or "ins"
    text: str


def _key(token: str) -> str:
    """Whitespace compares by shape only (within a paragraph, or a paragraph break), so
    re-wrapping or CRLF line endings do not show up as changes."""
    if token.strip():
        return token
    return "\n\n" if token.count("\n") > 1 else " "


# difflib's matcher costs up to the product of the two lengths (a letter of "x y x y ..." took
# 10 s per letter view at 16,000 words, issue 13). The common start and end are matched first, in
# linear time; past this product the middle is shown as deleted and inserted whole. A 300-word
# letter rewritten end to end is about 360,000; 1,000,000 costs difflib about 0.25 s at worst.
MAX_MATCH_WORK = 1_000_000


def word_diff(original: str, edited: str) -> list[Segment]:
    if original == edited:          # most letters: not edited, one segment without tokenising
        return [Segment("same", (edited or "").replace("\r\n", "\n"))] if edited else []
    a = _TOKENS.findall((original or "").replace("\r\n", "\n"))
    b = _TOKENS.findall((edited or "").replace("\r\n", "\n"))
    ka, kb = [_key(t) for t in a], [_key(t) for t in b]
    start, shorter = 0, min(len(ka), len(kb))
    while start < shorter and ka[start] == kb[start]:
        start += 1
    end = 0
    while end < shorter - start and ka[-1 - end] == kb[-1 - end]:
        end += 1
    out: list[Segment] = [Segment("same", "".join(b[:start]))] if start else []
    a_mid, b_mid = slice(start, len(a) - end), slice(start, len(b) - end)
    if len(ka[a_mid]) * len(kb[b_mid]) > MAX_MATCH_WORK:
        opcodes = [("replace", 0, len(ka[a_mid]), 0, len(kb[b_mid]))]
    else:
        opcodes = difflib.SequenceMatcher(a=ka[a_mid], b=kb[b_mid], autojunk=False).get_opcodes()
    am, bm = a[a_mid], b[b_mid]
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.append(Segment("same", "".join(bm[j1:j2])))
            continue
        if tag in ("replace", "delete") and i2 > i1:
            out.append(Segment("del", "".join(am[i1:i2])))
        if tag in ("replace", "insert") and j2 > j1:
            out.append(Segment("ins", "".join(bm[j1:j2])))
    if end:
        out.append(Segment("same", "".join(b[len(b) - end:])))
    return out


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "same" and s.text.strip() for s in segments)
