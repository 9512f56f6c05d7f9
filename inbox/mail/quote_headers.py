"""What mail clients write above the mail they quote, per language: the words only, no logic.

``quotes`` uses these to find where the reader's letter ends and an earlier mail begins:

* separators: "-----Original Message-----", "---------- Forwarded message ---------", "Begin
  forwarded message:" and their translations, and dash-decorated attributions
  ("---- John Smith wrote ----", "------On 3 May, Ann wrote-----");
* header-block field names (Outlook desktop/web/mobile, Thunderbird, Apple Mail forwards) in
  English, French (with its space before the colon), German, Spanish, Italian, Portuguese, Dutch,
  Swedish, Norwegian, Danish, Finnish, Polish, Russian, Turkish, Japanese, Chinese, Vietnamese;
* attribution verbs ("wrote", "a écrit", "ha scritto", "het volgende geschreven", "написал",
  "đã viết", "写道", "のメール"...), and the Gmail date-first form that has no verb at all
  ("2017-11-24 16:32 GMT+01:00 Name <addr>:").

Every pattern is meant for one line, already cut to a bounded length by the caller, and has no
nested repetition, so matching is linear in the line.
"""
from __future__ import annotations

import re

MAX_LINE = 400     # a header or attribution line longer than this is prose

QUOTED = re.compile(r"^ {0,3}>")

_SEPARATOR_WORDS = (
    "original message|forwarded message|forwarded by|reply message|message d'origine|"
    "message original|message transféré|ursprüngliche nachricht|weitergeleitete nachricht|"
    "original-nachricht|mensaje original|mensaje reenviado|mensagem original|"
    "mensagem encaminhada|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|"
    "origineel bericht|doorgestuurd bericht|originalmeddelande|ursprungligt meddelande|"
    "vidarebefordrat meddelande|opprinnelig melding|videresendt melding|oprindelig meddelelse|"
    "videresendt meddelelse|alkuperäinen viesti|välitetty viesti|původní zpráva|"
    "wiadomość oryginalna|oryginalna wiadomość|przekazana wiadomość|исходное сообщение|"
    "пересылаемое сообщение|пересланное сообщение|orijinal mesaj|iletilen mesaj|"
    "tin nhắn gốc|thư gốc|thư chuyển tiếp|元のメッセージ|転送メッセージ|原始邮件|转发邮件|"
    "原始郵件|轉寄郵件|původní e-mail|přeposlaná zpráva|eredeti üzenet|továbbított üzenet|"
    "αρχικό μήνυμα|προωθημένο μήνυμα|mesaj original|mesaj redirecționat|neges wreiddiol"
)
SEPARATOR = re.compile(
    rf"^\s*[-_=*]{{2,}}\s*(?:{_SEPARATOR_WORDS})\b.{{0,80}}$"
    r"|^\s*(?:begin forwarded message|début du message réexpédié|anfang der weitergeleiteten"
    r" nachricht|inicio del mensaje reenviado|inizio messaggio inoltrato|"
    r"início da mensagem reencaminhada|begin doorgestuurd bericht)\s*:?\s*$"
    r"|^\s*forwarded message\s*:\s*$",        # Sparrow, over Apple-style quoted headers
    re.I,
)
FORWARD = re.compile(r"forward|transf|weitergeleitet|reenviado|encaminhad|inoltrat|doorgestuurd|"
                     r"vidarebefordrat|videresendt|välitetty|przekazana|пересыла|переслан|"
                     r"iletilen|chuyển tiếp|転送|转发|轉寄|réexpédié|přeposlan|továbbított|"
                     r"προωθημένο|redirecționat", re.I)


def is_forward_marker(line: str) -> bool:
    """A separator that forwards ("---------- Forwarded message ---------", "Begin forwarded
    message:", "Début du message réexpédié :", "-------- Message transféré --------" ...), not
    one that introduces a reply's history ("-----Original Message-----")."""
    line = line[:MAX_LINE]
    return SEPARATOR.match(line) is not None and FORWARD.search(line) is not None

FROM_NAMES = {"from", "de", "von", "van", "da", "från", "fra", "od", "от", "kimden", "lähettäjä",
              "feladó", "từ", "发件人", "寄件者", "差出人", "送信者", "보낸 사람", "mittente", "από",
              "de la", "oddi wrth", "gan"}
OTHER_NAMES = {
    "sent", "date", "to", "subject", "cc", "bcc", "reply-to", "envoyé", "gesendet", "datum", "an",
    "betreff", "objet", "à", "para", "asunto", "enviado", "enviado el", "fecha", "oggetto",
    "inviato", "a", "data", "onderwerp", "verzonden", "aan", "ämne", "skickat", "till", "emne",
    "sendt", "til", "temat", "wysłano", "do", "тема", "отправлено", "кому", "дата", "件名",
    "送信日時", "宛先", "日付", "主题", "发送时间", "收件人", "日期", "主旨", "寄件日期", "收件者",
    "副本", "抄送", "cc.", "kopie", "enviada", "enviada em", "assunto", "destinatario", "lähetetty",
    "vastaanottaja", "aihe", "päivämäärä", "kopio", "gönderildi", "gönderilen", "kime", "konu",
    "tarih", "bilgi", "đã gửi", "ngày", "đến", "chủ đề", "gửi", "копия", "dw", "kopia", "objeto",
    "cco", "ccn", "blindkopie", "envoyé le", "répondre à", "sujet", "pour",
    "komu", "předmět", "odesláno", "címzett", "tárgy", "dátum", "elküldve", "másolat", "προς",
    "θέμα", "ημερομηνία", "στάλθηκε", "κοιν", "către", "subiect", "dată", "trimis", "at", "pwnc",
    "anfonwyd", "dyddiad",
}
# A field name, optionally in *bold* stars (Outlook's plain text of bold) or _underscores_, then a
# colon: ASCII, or full-width for Chinese and Japanese clients. French puts a space before it.
HEADER_LINE = re.compile(r"^\s*[*_]{0,2}([^\W\d][\w .-]{0,20}?)\s*[*_]{0,2}\s*[:：]")

# The verb of an attribution line, which ends with a colon. German and Dutch clients put the name
# after it ("Am 3. März schrieb Ann <a@b.de>:"); CJK scripts have no word boundaries.
WROTE = re.compile(
    r"\b(?:wrote|writes|has written|sent|schrieb|a écrit|escribió|escreveu|scrisse|ha scritto|"
    r"schreef|geschreven|skrev|kirjoitti|írta|napsal\w?|napisał\w?|написал\w?|написала|"
    r"пишет|yazdı|έγραψε|đã viết|viết|a scris|ysgrifennodd)\b"
    r"|写道|寫道|のメール|は書きました|が書きました|님이 작성",
    re.I,
)
HEADER_START = re.compile(
    r"^\s*(?:[-*>]+\s*)?(?:on|le|am|el|em|il|il giorno|op|den|dne|w dniu|в|vào|ngày|în|στις|ar|"
    r"\d{1,4})\b",
    re.I,
)
TIME = re.compile(r"\d{1,2}[:.]\d{2}")
DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d{4}年")
# Gmail's date-first attribution, as it writes it in many locales: no verb, only an address and
# the colon ("2017-11-24 16:32 GMT+01:00 Name <addr>:", "2017年11月24日(金) 16:32 Name <addr>:").
ADDRESS_COLON = re.compile(r"<?[^\s<>@]{1,100}@[^\s<>@]{1,200}>?\)?\s*[:：]\s*$")
_RULE_CHARS = frozenset("-_=*")
RULE = re.compile(r"^[\s\-_=*~#]*$")
# Old Gmail: "2011/4/7 Nathan <support@example.com>", no verb and no colon.
DATE_ADDRESS = re.compile(r"^\s*\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b.{0,200}<[^<>\s@]{1,100}@[^<>\s]{1,200}>\s*$")
# Where an attribution begins inside a line the reader's text shares ("reply--- On Wed, ...").
INLINE_START = re.compile(r"(?:\s|-{2,})\s*(?=(?:On|Le|Am|El|Em|Il|Op|Den)\s)")


def header_name(line: str) -> str | None:
    match = HEADER_LINE.match(line[:MAX_LINE])
    return match.group(1).strip().lower() if match else None


def is_header_line(line: str) -> bool:
    """A "From:", "Sent:", "Subject:"... line from a quoted or forwarded message's header block."""
    name = header_name(line)
    return name is not None and (name in FROM_NAMES or name in OTHER_NAMES)


def is_from_mailbox(line: str) -> bool:
    """A quoted mail's "From:" field and nothing but a mailbox on it ("From: a@b.org", "Von:
    Ann Lee <ann@b.de>"): a client wrote it, even with no other field under it."""
    line = line[:MAX_LINE]
    if header_name(line) not in FROM_NAMES:
        return False
    value = line.split(":", 1)[1].strip() if ":" in line else line.split("：", 1)[-1].strip()
    value = value.strip("*_ ")
    name, _, address = value.rpartition(" ")
    address = address.strip("<>()")
    local, at, domain = address.partition("@")
    return (bool(at and local and "." in domain) and not any(c in domain for c in "@<>")
            and len(name) <= 80 and not any(c in name for c in "@:;"))


def ends_wrote(line: str) -> bool:
    # The cheap test first: the regex would try a dozen words at every position of a long line.
    stripped = line.rstrip()
    return stripped.endswith((":", "：")) and WROTE.search(stripped[-160:]) is not None


_WROTE_COLON = re.compile(rf"(?:{WROTE.pattern})\s?[:：]\s", re.I)


def is_run_on_attribution(line: str) -> bool:
    """Yahoo Mail for Android's attribution with the quoted mail run on after it on the same
    line ("On Mon, 26 Jun 2023 at 8:00, Ann<a@b.org> wrote:   THE WEEK ..."): a client wrote
    it (an address, or a date and a time, before the verb)."""
    line = line[:MAX_LINE]
    if ":" not in line or not HEADER_START.match(line):
        return False
    found = _WROTE_COLON.search(line)
    return found is not None and strong(line[:found.end()])


def is_dashed_attribution(line: str) -> bool:
    """"---- John Smith wrote ----", "------On Fri, 3 May 2019, Ann wrote-----". Tested with
    string slices, not a regex: ".{0,300}" between two rule runs backtracks on a line of dashes."""
    stripped = line[:MAX_LINE].strip()
    return (len(stripped) > 6 and set(stripped[:2]) <= _RULE_CHARS and set(stripped[-2:]) <= _RULE_CHARS
            and not set(stripped) <= _RULE_CHARS | {" "} and WROTE.search(stripped) is not None)


def strong(header: str) -> bool:
    """Written by a mail client (an address, or a date and a time), not a reader's prose."""
    return "@" in header or bool(TIME.search(header) and DATE.search(header))


def is_date_first(line: str) -> bool:
    """Gmail's verb-less attribution: a date and time, an address, a final colon."""
    line = line[:MAX_LINE].rstrip()
    return (line.endswith((":", "：")) and "@" in line and ADDRESS_COLON.search(line[-300:]) is not None
            and TIME.search(line) is not None and DATE.search(line) is not None)
