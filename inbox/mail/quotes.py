"""Quoted mail: tell the reader's own words, and the quotations they answer, from an earlier mail.

``split_quotes`` walks the lines once and sorts them into three kinds:

* the reader's text;
* **inline quotations**, "> " lines with more of the reader's text after them (a letter that
  quotes the article it answers, an interleaved reply): kept, as their own paragraphs, each
  line beginning "> ";
* the **quoted history**: everything from the first reply separator ("-----Original
  Message-----" and its translations, an Outlook "From: / Sent: / To: / Subject:" block, a
  client's "On <date>, <someone> wrote:" line, a forward marker), and a final run of "> " lines
  with nothing of the reader's after it. Removed, and reported.

An attribution only cuts by itself when a mail client wrote it (it carries an address, or a date
and a time); "On 3 March your columnist wrote:" is the reader's prose and stays, as does the
quotation under it. A client's attribution above an inline quotation is removed (it is mail
furniture, not the letter). When a quotation stands at the very top with the reader's text
under it, it may be the reader's quote or a bottom-posted history: it is kept, and ``unsure``
says so, for a human.

Every regex sees one line, cut to ``MAX_LINE`` characters, and none has nested repetition: the
walk is linear in the text. The patterns themselves, per language, are in ``quote_headers``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from inbox.mail.quote_headers import (FORWARD, FROM_NAMES, MAX_LINE, OTHER_NAMES, QUOTED, RULE,
                                      SEPARATOR, HEADER_START, ends_wrote, header_name,
                                      is_dashed_attribution, is_date_first, is_header_line, strong)

__all__ = ["QuoteSplit", "is_header_line", "split_quotes", "strip_quotes"]

_SUBJECT_NAMES = {"subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "ämne", "emne",
                  "temat", "тема", "件名", "主题", "主旨", "assunto", "aihe", "konu", "chủ đề"}


@dataclass
class QuoteSplit:
    """The reader's text (inline quotations as "> " paragraphs) and what was cut, in order."""

    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)   # (kind, text), inside the text
    tail: tuple[str, str] | None = None                            # the history cut off the end
    unsure: list[str] = field(default_factory=list)                # reasons for a human


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def trimmed(lines: list[str]) -> str:
    """The lines as text: no rule or blank lines at the end, never two blank lines running."""
    while lines and RULE.match(lines[-1]):
        lines.pop()
    squeezed = [line for position, line in enumerate(lines)
                if line.strip() or not position or lines[position - 1].strip()]
    return "\n".join(squeezed).strip()


def _quoted(line: str) -> bool:
    return QUOTED.match(line) is not None


def _is_header_block(lines: list[str], index: int) -> bool:
    """A "From: / Sent: / To: / Subject:" block (any order, any of our languages) starts here;
    also one without its From or Sent line, if it has at least three fields and a subject."""
    name = header_name(lines[index])
    if name not in FROM_NAMES and name not in OTHER_NAMES:
        return False
    seen_from, others, subject = False, 0, False
    for line in lines[index:index + 12]:
        if not line.strip():
            break
        name = header_name(line)
        if name in FROM_NAMES:
            seen_from = True
        elif name in OTHER_NAMES:
            others += 1
            subject = subject or name in _SUBJECT_NAMES
        if (seen_from and others >= 2) or (others >= 3 and subject):
            return True
    return False


def _quote_header(lines: list[str], index: int) -> tuple[int, bool] | None:
    """An "On <date>, <name> wrote:" attribution starting here: (its last line, is it strong).
    Up to three lines long, as clients wrap it; "wrote:" may stand on a line of its own."""
    first = lines[index]
    if not first.strip() or len(first) > MAX_LINE:
        return None
    if ends_wrote(first):
        return index, strong(first)
    if is_date_first(first):
        return index, True
    if not HEADER_START.match(first) and "@" not in first:
        return None
    for end in (index + 1, index + 2):
        if end >= len(lines) or not lines[end].strip() or len(lines[end]) > MAX_LINE:
            return None
        if ends_wrote(lines[end]) or is_date_first(lines[end]):
            joined = " ".join(lines[index:end + 1])
            return (end, strong(joined)) if len(joined) <= 2 * MAX_LINE else None
    return None


def _next_text_line(lines: list[str], index: int) -> int | None:
    while index < len(lines):
        if lines[index].strip():
            return index
        index += 1
    return None


def _may_matter(lines: list[str], index: int) -> bool:
    """Could this line start a quote, a separator or a reply header? Every one of those has a
    colon on it or on one of the next two lines, or starts with a quote or rule character."""
    line = lines[index]
    head = line.lstrip()[:1]
    if head in ("", ">", "-", "_", "=", "*") or ":" in line or "：" in line:
        return head != ""
    return any(":" in following or "：" in following for following in lines[index + 1:index + 3])


def _block_end(lines: list[str], index: int) -> int:
    """The index after a run of quoted lines starting at ``index`` (blank lines inside it, with
    more quoted lines after them, belong to it)."""
    end = index
    while end < len(lines):
        if _quoted(lines[end]):
            end += 1
            continue
        following = _next_text_line(lines, end)
        if following is not None and following > end and _quoted(lines[following]):
            end = following
            continue
        break
    return end


def _is_cut(lines: list[str], index: int) -> bool:
    line = lines[index]
    return len(line) <= MAX_LINE and (SEPARATOR.match(line) is not None
                                     or is_dashed_attribution(line)
                                     or _is_header_block(lines, index))


def _reply_follows(lines: list[str], index: int) -> bool:
    """Does the reader write more after ``index``, before any signature or earlier mail?"""
    for position in range(index, len(lines)):
        line = lines[position]
        if line.rstrip() == "--" or (_may_matter(lines, position) and _is_cut(lines, position)):
            return False
        if line.strip() and not _quoted(line) and not RULE.match(line):
            return True
    return False


def _as_paragraphs(block: list[str]) -> list[str]:
    """Inline quoted lines as the letter shows them: each line "> text", blank between
    paragraphs, nested levels flattened (the reader quotes; how deep does not matter)."""
    out = [""]
    for line in block:
        content = line.lstrip()
        while content.startswith(">"):
            content = content[1:].lstrip(" ")
        content = content.rstrip()
        if content:
            out.append("> " + content)
        elif out[-1]:
            out.append("")
    if out[-1]:
        out.append("")
    return out


def _kind_of_cut(line: str) -> str:
    return "forward-header" if SEPARATOR.match(line) and FORWARD.search(line) else "quote"


def split_quotes(text: str) -> QuoteSplit:
    """The reader's text with inline quotations kept, and the quoted history removed."""
    lines = lines_of(text)
    kept: list[str] = []
    result = QuoteSplit("")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _may_matter(lines, index):      # plain prose: the common case, decided cheaply
            kept.append(line)
            index += 1
            continue
        if _is_cut(lines, index):
            result.tail = (_kind_of_cut(line), "\n".join(lines[index:]).strip())
            break
        header = _quote_header(lines, index)
        if header is not None:
            end, is_strong = header
            following = _next_text_line(lines, end + 1)
            if following is not None and _quoted(lines[following]):
                block_end = _block_end(lines, following)
                if not _reply_follows(lines, block_end):
                    result.tail = ("quote", "\n".join(lines[index:]).strip())
                    break
                attribution = lines[index:end + 1]
                if is_strong:
                    result.removed.append(("quote", "\n".join(attribution).strip()))
                else:
                    kept.extend(attribution)
                kept.extend(_as_paragraphs(lines[following:block_end]))
                index = block_end
                continue
            if is_strong:
                result.tail = ("quote", "\n".join(lines[index:]).strip())
                break
        if _quoted(line):
            block_end = _block_end(lines, index)
            if not _reply_follows(lines, block_end):
                result.tail = ("quote", "\n".join(lines[index:]).strip())
                break
            if not "".join(kept).strip():
                result.unsure.append("quoted lines at the top were kept: the reader's quotation "
                                     "or an earlier mail?")
            kept.extend(_as_paragraphs(lines[index:block_end]))
            index = block_end
            continue
        kept.append(line)
        index += 1
    result.text = trimmed(kept)
    return result


def strip_quotes(text: str) -> str:
    """The reader's own words alone: quoted history and inline quotations both removed (the
    measure a cover note is judged by)."""
    kept: list[str] = []
    for line in split_quotes(text).text.split("\n"):
        if not _quoted(line) and (line.strip() or (kept and kept[-1].strip())):
            kept.append(line)
    return trimmed(kept)
