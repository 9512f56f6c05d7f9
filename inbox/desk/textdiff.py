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


def word_diff(original: str, edited: str) -> list[Segment]:
    a = _TOKENS.findall((original or "").replace("\r\n", "\n"))
    b = _TOKENS.findall((edited or "").replace("\r\n", "\n"))
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=[_key(t) for t in a], b=[_key(t) for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("same", "".join(b[j1:j2])))
            continue
        if tag in ("replace", "delete"):
            out.append(Segment("del", "".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            out.append(Segment("ins", "".join(b[j1:j2])))
    return out


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "same" and s.text.strip() for s in segments)
