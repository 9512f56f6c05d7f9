"""What an editor changed: a word-level diff of the publication text against the original.

Returns plain segments; the template renders them with autoescaping as ``<del>``/``<ins>``, so
markup in a letter stays text.

Linear in practice, whatever the letter's length: paragraphs are matched first, then sentences
inside the paragraphs that changed, then words inside the sentences that changed, after trimming
what they share at both ends. A word diff (difflib) is quadratic in the words of a block when
common words repeat; a block still too big for it after all that is shown as removed and
inserted whole rather than taking seconds. Nothing is computed when the texts differ at most in
whitespace (:func:`same_words`).
"""
from __future__ import annotations

import difflib
import os.path
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")
# What ends a paragraph (blank lines) and a sentence (its punctuation and the space after, or a
# line break). Each unit keeps its separator, so the units put together are the text again.
_LEVELS = (re.compile(r"\n[ \t]*\n\s*"),
           re.compile(r"[.!?]+[\"'’”)\]]*\s+|\n\s*"))
# difflib's word match is quadratic when common words repeat (a letter of "x y x y ..." took
# 10 s per view at 16,000 words, issue 13). Past this product of the two sides' tokens in one
# changed block, the block is shown removed and inserted whole. A 300-word letter rewritten end to
# end is about 360,000; 1,000,000 costs difflib about 0.25 s at worst.
MAX_MATCH_WORK = 1_000_000


@dataclass(frozen=True)
class Segment:
    op: str      # "same", "del" or "ins"
    text: str


def _keys(tokens: list[str]) -> list[str]:
    """What tokens compare by: words as they are; whitespace by shape only (within a paragraph,
    or a paragraph break), so re-wrapping or CRLF line endings do not show up as changes."""
    return [t if not t[0].isspace() else ("\n\n" if t.count("\n") > 1 else " ") for t in tokens]


def _normal(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n")


def same_words(original: str | None, edited: str | None) -> bool:
    """The two texts differ at most in whitespace (a linear check, before any diff)."""
    return original == edited or (original or "").split() == (edited or "").split()


def _words(a: list[str], b: list[str]) -> list[Segment]:
    """Word diff of two token lists, trimmed of their common start and end first."""
    ka, kb = _keys(a), _keys(b)
    start = len(os.path.commonprefix([ka, kb]))
    end = len(os.path.commonprefix([ka[:start - 1:-1] if start else ka[::-1], kb[:start - 1:-1] if start else kb[::-1]]))
    out = [Segment("same", "".join(b[:start]))] if start else []
    mid_a, mid_b = slice(start, len(a) - end), slice(start, len(b) - end)
    if len(ka[mid_a]) * len(kb[mid_b]) > MAX_MATCH_WORK:
        out += [Segment("del", "".join(a[mid_a])), Segment("ins", "".join(b[mid_b]))]
    else:
        matcher = difflib.SequenceMatcher(a=ka[mid_a], b=kb[mid_b], autojunk=False)
        ta, tb = a[mid_a], b[mid_b]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out.append(Segment("same", "".join(tb[j1:j2])))
                continue
            if tag in ("replace", "delete"):
                out.append(Segment("del", "".join(ta[i1:i2])))
            if tag in ("replace", "insert"):
                out.append(Segment("ins", "".join(tb[j1:j2])))
    if end:
        out.append(Segment("same", "".join(b[len(b) - end:])))
    return out


def _split(text: str, level: int) -> list[str]:
    units, start = [], 0
    for m in _LEVELS[level].finditer(text):
        units.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        units.append(text[start:])
    return units


def _units(a: str, b: str, level: int) -> list[Segment]:
    """Match units of this level (paragraphs, then sentences) by their words; compare the
    changed ones a level down, words last."""
    if level == len(_LEVELS):
        return _words(_TOKENS.findall(a), _TOKENS.findall(b))
    ua, ub = _split(a, level), _split(b, level)
    # Units compare without their separator; one re-wrapped is compared again a level down,
    # where whitespace counts by shape only.
    matcher = difflib.SequenceMatcher(a=[u.rstrip() for u in ua], b=[u.rstrip() for u in ub], autojunk=False)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for pa, pb in zip(ua[i1:i2], ub[j1:j2]):
                out += _same_unit(pa, pb)
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # Unit for unit (the usual edit): each pair compared on its own.
            for pa, pb in zip(ua[i1:i2], ub[j1:j2]):
                out += _units(pa, pb, level + 1)
        elif tag == "replace":
            out += _units("".join(ua[i1:i2]), "".join(ub[j1:j2]), level + 1)
        elif tag == "delete":
            out.append(Segment("del", "".join(ua[i1:i2])))
        else:
            out.append(Segment("ins", "".join(ub[j1:j2])))
    return out


def _same_unit(a: str, b: str) -> list[Segment]:
    """Two units with the same words: the same text, and their separators (which may differ, or
    be missing after the last unit) as whitespace-only changes, so each side reads as written."""
    if a == b:
        return [Segment("same", b)]
    core = b.rstrip()
    out, sep_a, sep_b = [Segment("same", core)], a[len(a.rstrip()):], b[len(core):]
    if sep_a == sep_b:
        return out + ([Segment("same", sep_b)] if sep_b else [])
    return out + [Segment(op, sep) for op, sep in (("del", sep_a), ("ins", sep_b)) if sep]


def word_diff(original: str, edited: str) -> list[Segment]:
    return _units(_normal(original), _normal(edited), 0)


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "same" and s.text.strip() for s in segments)
