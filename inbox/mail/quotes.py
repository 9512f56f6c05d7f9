"""Quoted mail: tell the reader's own words, and the quotations they answer, from an earlier mail.

``split_quotes`` walks the lines once and sorts them into three kinds:

* the reader's text;
* **inline quotations**, "> " lines with more of the reader's text after them (a letter that
  quotes the article it answers, an interleaved reply): kept, as their own paragraphs, each
  line beginning "> ";
* the **quoted history**: everything from the first reply separator ("-----Original
  Message-----" and its translations, an Outlook "From: / Sent: / To: / Subject:" block, a
  client's "On <date>, <someone> wrote:" line, a forward marker, a lone "From:" field with only
  a mailbox on it under the reader's text), and a final run of "> " lines with nothing of the
  reader's after it. Removed, and reported.

An attribution only cuts by itself when a mail client wrote it (it carries an address, or a date
and a time); "On 3 March your columnist wrote:" is the reader's prose and stays, as does the
quotation under it. A client's attribution above an inline quotation is removed (it is mail
furniture, not the letter). A client's attribution over the only quotation, with the reply
under it, is a bottom-posted reply: the quoted mail goes. A bare quotation at the very top with
the reader's text under it may be the reader's quote or a history: it is kept, and ``unsure``
says so, for a human.

Every regex sees one line, cut to ``MAX_LINE`` characters, and none has nested repetition: the
walk is linear in the text. The patterns themselves, per language, are in ``quote_headers``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from inbox.mail.quote_headers import (DATE_ADDRESS, FROM_NAMES, INLINE_START, MAX_LINE,
                                      OTHER_NAMES, QUOTED, RULE, SEPARATOR, HEADER_START,
                                      ends_wrote, header_name, is_dashed_attribution,
                                      is_forward_marker, is_from_mailbox, is_run_on_attribution,
                                      is_date_first, is_header_line, strong)

__all__ = ["QuoteSplit", "is_header_line", "split_quotes", "strip_quotes"]

_DATE_NAMES = {"date", "sent", "datum", "fecha", "data", "gesendet", "envoyé", "enviado", "inviato",
               "verzonden", "skickat", "sendt", "wysłano", "дата", "отправлено", "日期", "发送时间",
               "送信日時", "lähetetty", "tarih", "gönderildi", "ngày", "đã gửi"}
_SUBJECT_NAMES = {"subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "ämne", "emne",
                  "temat", "тема", "件名", "主题", "主旨", "assunto", "aihe", "konu", "chủ đề", "sujet"}


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
    seen_from, others, subject, dated, address = False, 0, False, False, False
    for line in lines[index:index + 12]:
        if not line.strip():
            break
        name = header_name(line)
        if name in FROM_NAMES:
            seen_from = True
        elif name in OTHER_NAMES:
            others += 1
            subject = subject or name in _SUBJECT_NAMES
            dated = dated or name in _DATE_NAMES
        address = address or "@" in line[:MAX_LINE]
        if (seen_from and others >= 2) or (others >= 3 and subject):
            return True
    # Two fields are enough when a client clearly wrote them: a date and an address
    # ("From: bob@example.com / Date: Wed, 16 May 2012 ...", "Date: ... / To: kim@example.com").
    return dated and address and (seen_from or others >= 2)


def _quote_header(lines: list[str], index: int) -> tuple[int, bool] | None:
    """An "On <date>, <name> wrote:" attribution starting here: (its last line, is it strong).
    Up to five lines long, as clients wrap it (blank lines and a "> wrote:" included)."""
    first = lines[index]
    if not first.strip() or len(first) > MAX_LINE:
        return None
    if ends_wrote(first):
        return index, strong(first)
    if is_date_first(first) or ("@" in first and DATE_ADDRESS.match(first)) \
            or is_run_on_attribution(first):
        return index, True
    if not HEADER_START.match(first) and "@" not in first:
        return None
    joined = first
    gap = False
    for end in range(index + 1, min(index + 6, len(lines))):
        line = lines[end]
        if len(line) > 200 or len(joined) > 2 * MAX_LINE:
            return None
        joined = f"{joined} {line.strip()}"
        if not line.strip():
            gap = True
            continue
        if gap and HEADER_START.match(line):
            return None     # "Tel ... | ann@x.org", blank, "On Tue ... wrote:": it starts there
        if ends_wrote(line) or is_date_first(joined):
            return end, strong(joined)
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
    if head in ("", ">", "-", "_", "=", "*") or ":" in line or "：" in line or "@" in line:
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
        if end + 1 < len(lines) and _quoted(lines[end + 1]) and _is_fragment(lines[end]):
            end += 1        # a quoted link the client wrapped without its ">": still the quote
            continue
        following = _next_text_line(lines, end)
        if following is not None and following > end and _quoted(lines[following]):
            end = following
            continue
        break
    return end


def _is_fragment(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= 120 and (
        "http" in stripped or (" " not in stripped and not stripped[:1].isupper()))


def _is_cut(lines: list[str], index: int) -> bool:
    line = lines[index]
    return len(line) <= MAX_LINE and (SEPARATOR.match(line) is not None
                                     or is_dashed_attribution(line)
                                     or _is_header_block(lines, index))


class _Ahead:
    """What lies after each line, computed in one backward pass so the walk stays linear:
    whether the reader writes more before any signature or earlier mail, and how many
    non-blank lines are left."""

    def __init__(self, lines: list[str]) -> None:
        self.reply = [False] * (len(lines) + 1)
        self.left = [0] * (len(lines) + 1)
        self.quoted = [False] * (len(lines) + 1)      # is there a quoted line from here on?
        for position in range(len(lines) - 1, -1, -1):
            line = lines[position]
            self.left[position] = self.left[position + 1] + bool(line.strip())
            self.quoted[position] = self.quoted[position + 1] or _quoted(line)
            if line.rstrip() == "--" or (_may_matter(lines, position) and _is_cut(lines, position)):
                self.reply[position] = False
            elif line.strip() and not _quoted(line) and not RULE.match(line):
                self.reply[position] = True
            else:
                self.reply[position] = self.reply[position + 1]


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


def _shared_line(line: str) -> tuple[str, str] | None:
    """(the reader's words, the attribution) when a client glued its attribution to the reply."""
    found = None
    for found in INLINE_START.finditer(line):
        pass
    if found is None or not line[:found.start()].strip():
        return None
    return line[:found.start()].rstrip(" -"), line[found.end():]


def _only_signoff_after(lines: list[str], index: int, ahead: _Ahead) -> bool:
    """Only a short sign-off follows ("Regards, Roman"): the quote above it answers nothing."""
    if not 0 < ahead.left[index] <= 2:
        return False
    rest = [line.strip() for line in lines[index:] if line.strip()]
    return 0 < len(rest) <= 2 and all(len(line) <= 40 and not _quoted(line)
                                      and not line.endswith((".", "?", ":")) for line in rest)


def _inside_paragraph(lines: list[str], index: int) -> bool:
    """A single quoted line with the reader's unquoted lines right above and below it."""
    if index == 0 or index + 1 >= len(lines):
        return False
    above, below = lines[index - 1], lines[index + 1]
    return bool(above.strip() and below.strip()) and not _quoted(above) and not _quoted(below)


def _kind_of_cut(line: str) -> str:
    return "forward-header" if is_forward_marker(line) else "quote"


def split_quotes(text: str) -> QuoteSplit:
    """The reader's text with inline quotations kept, and the quoted history removed."""
    lines = lines_of(text)
    kept: list[str] = []
    has_text = False            # has the reader written anything yet (above this line)?
    result = QuoteSplit("")
    ahead: _Ahead | None = None   # built only for a text with quotes in it

    def cut(position: int, kind: str = "quote") -> None:
        result.tail = (kind, "\n".join(lines[position:]).strip())

    index = 0
    while index < len(lines):
        line = lines[index]
        if not _may_matter(lines, index):      # plain prose: the common case, decided cheaply
            kept.append(line)
            has_text = has_text or bool(line.strip())
            index += 1
            continue
        if _is_cut(lines, index):
            cut(index, _kind_of_cut(line))
            break
        if has_text and is_from_mailbox(line):
            cut(index)           # "From: a@b.org" under the reply: an earlier mail's header
            break
        if (ends_wrote(line) and strong(line) and len(line) <= MAX_LINE
                and not HEADER_START.match(line)):
            shared = _shared_line(line)
            if shared is not None:      # "reply On Wed, 4 Apr 2012, bob@x.org wrote:"
                kept.append(shared[0])
                has_text = True
                lines[index] = shared[1]      # our own list: no copy
                continue
        header = _quote_header(lines, index)
        start = None                 # where a quoted block (and its attribution) starts
        if header is not None:
            end, is_strong = header
            following = _next_text_line(lines, end + 1)
            if following is not None and _quoted(lines[following]):
                start = following
            elif is_strong:
                cut(index)
                break
        elif _quoted(line):
            if _inside_paragraph(lines, index):
                kept.append(line)        # ">>> see below <<<" inside a paragraph: not a quote
                has_text = True
                index += 1
                continue
            start, end, is_strong = index, index - 1, False
        if start is None:
            kept.append(line)
            has_text = has_text or bool(line.strip())
            index += 1
            continue
        ahead = ahead or _Ahead(lines)
        block_end = _block_end(lines, start)
        if not ahead.reply[block_end]:
            cut(index)
            break
        if has_text and _only_signoff_after(lines, block_end, ahead):
            result.removed.append(("quote", "\n".join(lines[index:block_end]).strip()))
            index = block_end
            continue
        if is_strong and not has_text and not ahead.quoted[block_end]:
            # A client's attribution over the only quotation, the reply under it: a bottom-posted
            # reply to an earlier mail. That mail goes (listed); the reply is the letter.
            result.removed.append(("quote", "\n".join(lines[index:block_end]).strip()))
            index = block_end
            continue
        attribution = lines[index:end + 1]
        if is_strong:
            result.removed.append(("quote", "\n".join(attribution).strip()))
        elif attribution:
            kept.extend(attribution)          # the reader's own lead-in ("you wrote:")
            has_text = True
        if not has_text:
            result.unsure.append("quoted lines at the top were kept: the reader's quotation "
                                 "or an earlier mail?")
        kept.extend(_as_paragraphs(lines[start:block_end]))
        has_text = True
        index = block_end
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
