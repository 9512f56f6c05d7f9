"""A copy of one of our own articles inside a letter, recognised by the article's words.

Readers paste the article they answer under their letter (from the web page: no "> ", no
attribution), or reply to the newsletter that carries it. The parser cannot tell such a paste
from the reader's own paragraphs by its form, but the pipeline knows the article the letter
answers and hands its text in (``parse_message(raw, sources=...)``): a paragraph most of whose
five-word runs are the article's is the article's.

* A trailing copy (paragraphs at the foot of the text, under the reader's own) is removed, as
  ``quote``: it is not the reader's letter.
* A leading copy (paragraphs at the top, pasted from the web page, with the reader's own
  letter under them) is removed too, as ``quote``. Only when it is plainly a paste: not quoted
  ("> ") nor in quotation marks, not introduced by the reader ("You wrote:"), nothing of the
  article further down (that is a reader answering it paragraph by paragraph), and at least a
  paragraph of the reader's own under it; a short line of the reader's above it stays. With
  only a few words of the reader's under it the copy is kept and the letter flagged.
* A quotation the reader answers stays where it is, as the issue asks; being the article's own
  words, it needs no review ("quoted lines at the top were kept" is dropped for it).

Linear in the text and the article; the article's runs are hashed once per call.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_RUN = 5                 # words in a run: shorter runs are common phrases
_SHARE = 0.6             # of a paragraph's runs found in the article: a copy
_MIN_RUNS = 4            # a paragraph shorter than this says too little to judge
_MIN_COPY_WORDS = 25     # a trailing copy this long at least: "much of the article"
_BLANK = re.compile(r"\n[ \t]*\n")


def runs(text: str) -> frozenset[int]:
    words = [word.lower() for word in _WORD.findall(text)]
    return frozenset(hash(tuple(words[i:i + _RUN])) for i in range(len(words) - _RUN + 1))


def _unquoted(paragraph: str) -> str:
    return "\n".join(line.lstrip().lstrip(">").strip() for line in paragraph.split("\n"))


def is_copy(paragraph: str, source: frozenset[int]) -> bool:
    own = runs(_unquoted(paragraph))
    return len(own) >= _MIN_RUNS and len(own & source) >= _SHARE * len(own)


def split_copy(text: str, sources: tuple[str, ...]) -> tuple[str, str]:
    """(the text without a trailing copy of a source, the copy or "")."""
    if not sources or not text.strip():
        return text, ""
    source = frozenset().union(*(runs(found) for found in sources))
    if not source:
        return text, ""
    cuts = [0] + [match.end() for match in _BLANK.finditer(text)]
    start = None
    for cut in reversed(cuts[1:]):           # paragraph starts, from the foot up
        end = start if start is not None else len(text)
        if not is_copy(text[cut:end], source):
            break
        start = cut
    if start is None or not text[:start].strip() or is_copy(text[:start], source):
        return text, ""                      # no copy, or nothing of the reader's above it
    copy = text[start:].strip()
    if len(copy.split()) < _MIN_COPY_WORDS:
        return text, ""
    return text[:start].rstrip(), copy


_OPENING_QUOTES = ("\"", "'", "\u201c", "\u2018", "\u00ab", "\u201e", ">")
LEADING_UNSURE = ("a copy of the article at the top was kept: the reader's own words under it "
                  "are only a few")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, blank ones left out."""
    spans, start = [], 0
    for match in _BLANK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_leading_copy(text: str, sources: tuple[str, ...]) -> tuple[str, str, bool]:
    """(the text without a copy of a source pasted above the reader's letter, the copy or "",
    unsure: a copy was seen but kept, for want of enough of the reader's words under it)."""
    if not sources or not text.strip():
        return text, "", False
    source = frozenset().union(*(runs(found) for found in sources))
    spans = _paragraphs(text)
    judged = [len(runs(_unquoted(text[a:b]))) >= _MIN_RUNS for a, b in spans]
    copies = [judge and is_copy(text[a:b], source) for (a, b), judge in zip(spans, judged)]
    first = next((index for index, judge in enumerate(judged) if judge), None)
    if first is None or not copies[first]:
        return text, "", False
    if any(text[a:b].rstrip().endswith((":", "\uff1a")) for a, b in spans[:first]):
        return text, "", False              # "You wrote:": the reader quotes what they answer
    last = first
    for index in range(first, len(spans)):
        if judged[index] and not copies[index]:
            break
        if copies[index]:
            last = index
    block = spans[first:last + 1]
    if any(text[a:b].lstrip().startswith(_OPENING_QUOTES) for a, b in block):
        return text, "", False              # quoted or in quotation marks: the reader's quotation
    copy = text[block[0][0]:block[-1][1]]
    if len(copy.split()) < _MIN_COPY_WORDS or any(copies[last + 1:]):
        return text, "", False              # a short quotation; or answered paragraph by paragraph
    if not any(judged[last + 1:]):
        return text, "", True               # a few words under it: keep, and say so
    above, under = text[:block[0][0]].rstrip(), text[block[-1][1]:].lstrip()
    return (f"{above}\n\n{under}" if above else under), copy.strip(), False


def shares_runs(text: str, source: str) -> bool:
    """Cheap first test: the text has a few five-word runs of the source at all."""
    return len(runs(text) & runs(source)) >= _MIN_RUNS


def is_article_copy(text: str, sources: tuple[str, ...]) -> bool:
    """The whole of ``text`` (quote markers aside) is a source's words."""
    return bool(sources) and is_copy(text, frozenset().union(*(runs(found) for found in sources)))


def quoted_top_is_copy(text: str, sources: tuple[str, ...]) -> bool:
    """The "> " lines at the top of the text are the article's own words."""
    lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith(">"):
            lines.append(line)
        elif line.strip():
            break
    return bool(lines) and is_article_copy("\n".join(lines), sources)
