"""Quoted replies and signatures: cut a reader's mail down to the reader's own words.

Two steps, kept apart because they are judged apart (the talon expectations in the corpus keep
"Sent from my iPhone" but drop the quote):

* ``strip_quotes`` removes "> " quoted lines wherever they are (so an interleaved reply keeps the
  reader's paragraphs between the quotes), and cuts everything from the first reply separator:
  "-----Original Message-----" and its translations, a "From: / Sent: / To: / Subject:" header
  block (Outlook, with or without *bold* stars), or an "On <date>, <someone> wrote:" line (up to
  three lines long, in a dozen languages). An "On ... wrote:" line only cuts by itself when it
  carries an address or a date and time, as mail clients write it; "On 3 March your columnist
  wrote:" in a letter is prose, and is removed only when "> " quoted lines follow it.
* ``strip_signature`` removes the "-- " signature block at the end (when it is short) and whole
  lines like "Sent from my iPhone" or "Get Outlook for iOS".

Both are linear in the text: every regex is anchored to one line and has no nested repetition.
"""
from __future__ import annotations

import re

_QUOTED = re.compile(r"^ {0,3}>")
_SEPARATOR_WORDS = (
    "original message|forwarded message|forwarded by|reply message|message d'origine|"
    "message transféré|ursprüngliche nachricht|weitergeleitete nachricht|original-nachricht|"
    "mensaje original|mensaje reenviado|mensagem original|mensagem encaminhada|"
    "messaggio originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|"
    "originalmeddelande|vidarebefordrat meddelande|opprinnelig melding|oprindelig meddelelse|"
    "alkuperäinen viesti|původní zpráva|wiadomość oryginalna|исходное сообщение|"
    "пересылаемое сообщение|пересланное сообщение"
)
_SEPARATOR = re.compile(
    rf"^\s*[-_=*]{{2,}}\s*(?:{_SEPARATOR_WORDS})\b.{{0,80}}$|^\s*begin forwarded message\s*:?\s*$",
    re.I,
)
_FROM_NAMES = {"from", "de", "von", "van", "da", "från", "fra", "od", "от", "kimden", "lähettäjä",
               "feladó", "发件人", "差出人", "보낸 사람"}
_OTHER_NAMES = {"sent", "date", "to", "subject", "cc", "bcc", "reply-to", "envoyé", "gesendet",
                "datum", "an", "betreff", "objet", "à", "para", "asunto", "enviado", "fecha",
                "oggetto", "inviato", "a", "data", "onderwerp", "verzonden", "aan", "ämne",
                "skickat", "till", "emne", "sendt", "til", "temat", "wysłano", "do", "тема",
                "отправлено", "кому", "дата", "件名", "送信日時", "宛先", "主题", "发送时间",
                "收件人", "日期", "cc.", "kopie"}
_HEADER_LINE = re.compile(r"^\s*[*_]{0,2}([^\W\d][\w .-]{0,20}?)\s*[*_]{0,2}\s*:", re.I)
# The verb of an attribution line, which ends with a colon: usually "... wrote:", but German and
# Dutch clients put the name after it ("Am 3. März schrieb Ann <a@b.de>:").
_WROTE = re.compile(
    r"\b(?:wrote|writes|schrieb|a écrit|escribió|escreveu|scrisse|schreef|skrev|kirjoitti|írta|"
    r"napsal\w?|napisał\w?|написал\w?|написала|yazdı|έγραψε)\b",
    re.I,
)
_HEADER_START = re.compile(r"^\s*(?:[-*>]+\s*)?(?:on|le|am|el|em|il|op|den|dne|w dniu|в|\d{1,4})\b",
                           re.I)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_RULE = re.compile(r"^[\s\-_=*~#]*$")

_DEVICES = (
    r"iphone|ipad|ipod|android|samsung|galaxy|blackberry|mobile|phone|smartphone|tablet|huawei|"
    r"xiaomi|pixel|motorola|nokia|oneplus|outlook|yahoo|aol|gmail|windows|protonmail|proton mail|"
    r"sparrow|spark|airmail|bluemail|edison|superhuman|fastmail|tutanota|zoho|thunderbird|"
    r"apple mail|ios|ipados|apple watch"
)
_DEVICE_LINE = re.compile(
    rf"^\s*(?:sent|sent from|sent with|sent via|sent using|sent on)\s+.{{0,60}}\b(?:{_DEVICES})\b.{{0,60}}$"
    rf"|^\s*get (?:outlook|the [\w ]{{1,20}} app)\b.{{0,40}}$"
    r"|^\s*(?:von meinem|envoyé de mon|envoyé depuis mon|enviado desde mi|enviado do meu|"
    r"inviato da(?:l mio)?|verstuurd vanaf mijn|skickat från min|sendt fra min|wysłane z|"
    r"отправлено с)\s.{1,50}$",
    re.I,
)
_SIGNATURE_MAX_LINES = 30
_SIGNATURE_WINDOW = 40


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _trimmed(lines: list[str]) -> str:
    while lines and _RULE.match(lines[-1]):
        lines.pop()
    return "\n".join(lines).strip()


def _header_name(line: str) -> str | None:
    match = _HEADER_LINE.match(line)
    return match.group(1).strip().lower() if match else None


def is_header_line(line: str) -> bool:
    """A "From:", "Sent:", "Subject:"... line from a quoted or forwarded message's header block."""
    name = _header_name(line)
    return name is not None and (name in _FROM_NAMES or name in _OTHER_NAMES)


def _is_header_block(lines: list[str], index: int) -> bool:
    """A "From: ... / Sent: ... / To: ... / Subject: ..." block (in some order) starts here."""
    name = _header_name(lines[index])
    if name not in _FROM_NAMES and name not in _OTHER_NAMES:
        return False
    seen_from, others = name in _FROM_NAMES, int(name in _OTHER_NAMES)
    for line in lines[index + 1:index + 10]:
        if not line.strip():
            break
        name = _header_name(line)
        if name in _FROM_NAMES:
            seen_from = True
        elif name in _OTHER_NAMES:
            others += 1
        if seen_from and others >= 2:
            return True
    return False


def _strong(header: str) -> bool:
    return "@" in header or bool(_TIME.search(header) and _DATE.search(header))


def _ends_wrote(line: str) -> bool:
    # The cheap test first: the regex would try a dozen words at every position of a long line.
    return line.rstrip().endswith(":") and _WROTE.search(line[-160:]) is not None


def _quote_header(lines: list[str], index: int) -> tuple[int, bool] | None:
    """An "On <date>, <name> wrote:" attribution starting here: (its last line, is it strong)."""
    first = lines[index]
    if not first.strip() or len(first) > 400:
        return None
    if _ends_wrote(first):
        return index, _strong(first)
    if not _HEADER_START.match(first):
        return None
    for end in (index + 1, index + 2):
        if end >= len(lines) or not lines[end].strip():
            return None
        if _ends_wrote(lines[end]):
            joined = " ".join(lines[index:end + 1])
            return (end, _strong(joined)) if len(joined) <= 500 else None
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
    if head in ("", ">", "-", "_", "=", "*") or ":" in line:
        return head != ""
    return any(":" in following for following in lines[index + 1:index + 3])


def strip_quotes(text: str) -> str:
    """The text without quoted replies, forwarded originals or reply headers."""
    lines = _lines(text)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _may_matter(lines, index):      # plain prose: the common case, decided cheaply
            kept.append(line)
            index += 1
            continue
        if _SEPARATOR.match(line) or _is_header_block(lines, index):
            break
        header = _quote_header(lines, index)
        if header is not None:
            end, strong = header
            following = _next_text_line(lines, end + 1)
            if following is not None and _QUOTED.match(lines[following]):
                index = following
                continue
            if strong:
                break
        if not _QUOTED.match(line):
            kept.append(line)
        index += 1
    return _trimmed(kept)


def split_signature(text: str) -> tuple[str, str]:
    """(the text without its signature, the signature lines that were removed)."""
    lines = _lines(text)
    removed: list[str] = []
    start = max(0, len(lines) - _SIGNATURE_WINDOW)
    for index in range(start, len(lines)):
        if lines[index].rstrip() != "--":
            continue
        after = [line for line in lines[index + 1:] if line.strip()]
        before = "\n".join(lines[:index]).strip()
        if before and len(after) <= _SIGNATURE_MAX_LINES:
            removed = lines[index + 1:]
            lines = lines[:index]
            break
    kept = []
    for line in lines:
        if len(line) <= 160 and _DEVICE_LINE.match(line):
            removed.append(line)
        else:
            kept.append(line)
    return _trimmed(kept), "\n".join(removed).strip()


def strip_signature(text: str) -> str:
    """The text without a trailing "-- " signature block or "Sent from my iPhone" lines."""
    return split_signature(text)[0]


def strip_reply(text: str) -> str:
    """The reader's own words: quotes first, then the signature."""
    return strip_signature(strip_quotes(text))
