"""What mail software and employers add under a letter: signatures, disclaimers, list footers.

``split_signature`` removes, from the end of the reader's text (quotes already gone):

* a "-- " signature block, when it is short;
* "Sent from my iPhone", "Get Outlook for Android", "Gesendet von Outlook für Android",
  "Envoyé de mon iPhone", "Sent from TypeApp" and the like, in our languages, wherever they stand;
* a mailing-list footer ("_______________ / riak-users mailing list / ...listinfo...", "You
  received this message because you are subscribed", "To unsubscribe ...");
* a confidentiality disclaimer paragraph ("This e-mail and any attachments are confidential ...
  If you are not the intended recipient ...");
* a corporate signature block with no "-- " line: a last paragraph of short lines most of which
  are contact furniture ("T: +44 ...", "www.example.com", "Kate Ellis | Senior Analyst |
  Example Ltd"). Its first line's name, when it has one, is handed back for the sign-off.

Each removed part is reported as (kind, text) in message order. Every regex sees one line of at
most 300 characters and has no nested repetition.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from inbox.mail.contact import is_deep_link, is_link, is_phone
from inbox.mail.quote_headers import RULE
from inbox.mail.quotes import strip_quotes

_MAX_LINE = 300
_SIGNATURE_MAX_LINES = 30
_SIGNATURE_WINDOW = 40

_DEVICES = (
    r"iphone|ipad|ipod|android|samsung|galaxy|blackberry|mobile|phone|smartphone|tablet|huawei|"
    r"xiaomi|pixel|motorola|nokia|oneplus|outlook|yahoo|aol|gmail|windows|protonmail|proton mail|"
    r"sparrow|spark|airmail|bluemail|edison|superhuman|fastmail|tutanota|zoho|thunderbird|"
    r"apple mail|ios|ipados|apple watch|typeapp|blue mail|k-9 mail|fairemail|mail\.ru|"
    r"handy|móvil|movil|celular|telefono|telefone|telefoon|mobiel|matkapuhelin|puhelin|телефон|"
    r"iphone'umdan|điện thoại|携帯|手机|手機"
)
DEVICE_LINE = re.compile(
    rf"^\s*(?:sent|sent from|sent with|sent via|sent using|sent on)\s+.{{0,60}}\b(?:{_DEVICES})\b.{{0,60}}$"
    rf"|^\s*get (?:outlook|the [\w ]{{1,20}} app)\b.{{0,40}}$"
    r"|^\s*(?:von meinem|gesendet von|gesendet mit|envoyé de mon|envoyé depuis|obtenir outlook|"
    r"enviado desde|enviado do|enviado de mi|obtener outlook|obtenha o outlook|inviato da|"
    r"inviato dal|scarica outlook|verstuurd vanaf|verzonden vanaf|verzonden met|"
    r"download outlook|skickat från|skickades från|hämta outlook|sendt fra|hent outlook|"
    r"få outlook|lähetetty|hanki outlook|wysłane z|wysłano z|pobierz outlook|"
    r"отправлено с|отправлено из|получите outlook|iphone'umdan gönderildi|"
    r"outlook'u edinin|được gửi từ|gửi từ|tải outlook|στάλθηκε από|εστάλη από|odesláno z|"
    r"odesláno ze|trimis de pe|trimis din|anfonwyd o|anfonwyd gan)\s?.{0,60}$"
    r"|^\s*.{0,30}(?:iphone|ipad|android)-?(?:ról|ről|omról|emről|ómról) küldve\s*$"
    r"|^\s*(?:sent|envoyé|enviado|gesendet|inviato)\b.{0,80}\bblackberry\b.{0,80}$"
    r"|^\s*(?:sent )?via (?:mobile|iphone|android|phone|my phone)\s*\.?$"
    r"|^\s*(?:iphoneから送信|android端末から送信|送信元:? ?(?:iphone|android)|从我的.{0,20}发送|"
    r"發自我的.{0,20}|发自我的.{0,20}|来自我的.{0,20}|.{0,20}(?:から送信|'(?:umdan|imden|undan|"
    r"den|dan|ten|tan) gönderildi))\s*$",
    re.I,
)
_LIST_FOOTER = re.compile(
    r"mailing list|listinfo|list-unsubscribe|\bunsubscribe\b|you received this (?:message|email)"
    r" because|to stop receiving|manage your subscription|abbestellen|désinscri|désabonner|"
    r"darse de baja|cancelar (?:la )?suscripción|annulla iscrizione|uitschrijven|"
    r"avregistrera|avmeld|afmeld|peruuta tilaus|wypisz się|отписаться|abonelikten çık|"
    r"hủy đăng ký|配信停止|退订|取消订阅",
    re.I,
)
_DISCLAIMER = re.compile(
    r"intended (?:solely )?(?:only )?for the (?:use of the )?(?:named )?(?:addressee|recipient)|"
    r"not the intended recipient|confidential and (?:may be )?(?:legally )?privileged|"
    r"(?:is|are|may be) (?:strictly )?confidential|privileged (?:and|or) confidential|"
    # (a lookahead: "This email and any attachments are confidential" is two phrases)
    r"this (?:e-?mail|message|communication) (?:and any attachments? )?(?=is|are|may contain)|"
    r"virus(?:es)? (?:free|checked|scanned)|please consider the environment before printing|"
    r"vertraulich|nicht der beabsichtigte empfänger|confidentiel|destinataire prévu|"
    r"destinatario previsto|riservat[oa]|vertrouwelijk|konfidentiell|fortrolig|luottamuksellinen|"
    r"poufn|конфиденциальн|gizli bilgi|bảo mật|"
    # Each language's second phrase: a disclaimer needs two, and few say "confidential" twice.
    r"nicht der (?:richtige|vorgesehene) (?:adressat|empfänger)|irrtümlich erhalten|"
    r"(?:benachrichtigen|informieren) sie (?:bitte )?(?:sofort |umgehend )?den absender|"
    r"unerlaubte kopieren|unbefugte weitergabe|"
    r"confidencial|dirigid[oa]s? exclusivamente|secreto profesional|"
    r"si (?:usted )?no es el destinatario|"
    r"si vous n'êtes pas le destinataire|merci de (?:le )?détruire|strictement interdite|"
    r"se (?:avete|hai) ricevuto questo messaggio per errore|"
    r"uitsluitend bestemd voor de geadresseerde|onterecht ontvangt|"
    r"niet de (?:beoogde )?geadresseerde|"
    # An employer's other notices: flexible working ("I work flexibly and may send emails outside
    # normal hours. Please do not feel obliged to reply"), a registered charity or company line.
    r"i work flexibly|(?:send|sending) (?:e-?mails? )?outside (?:of )?(?:normal|usual|working|office) "
    r"hours|(?:do not|don't) feel (?:obliged|any pressure|you need) to (?:reply|respond)|"
    r"(?:registered )?charity (?:number|no\.?|registration)|registered charity|"
    r"registered in england(?: and wales)?|company (?:number|no\.?|registration)",
    re.I,
)
# A registration line alone is the employer's too ("The University of Glasgow, charity number
# SC004401"): one phrase is enough when the paragraph is that one short line with its number.
_REGISTRATION = re.compile(
    r"(?:charity|company|registration|registered) (?:number|no\.?)\s*:?\s*[A-Z]{0,3}\d{5,}",
    re.I,
)
_CONTACT_FURNITURE = re.compile(
    r"^\s*(?:t|tel|phone|ph|m|mob|mobile|cell|f|fax|e|email|e-mail|w|web|dd|office|direct)\s*[.:]"
    r"|\bwww\.|https?://|@[\w-]+\.\w|^\s*(?:[a-z0-9-]+\.){1,4}[a-z]{2,12}/?\s*$|\+\d[\d ()-]{6,}|\b\d{3,5}[ -]?\d{3}[ -]?\d{3,4}\b"
    r"|\s\|\s|\b(?:ltd|limited|plc|llp|inc|gmbh|llc|s\.a\.|b\.v\.)\b"
    r"|registered (?:in|office|number)|company (?:no|number|registration)",
    re.I,
)
# Cheap substring tests (lower-cased) before the regexes: a letter's long prose paragraphs
# would otherwise be searched for dozens of alternatives at every position.
_FOOTER_HINTS = ("list", "subscri", "receiv", "abbestell", "désinscri", "désabonn", "baja",
                 "suscrip", "iscrizione", "uitschrijv", "avregistr", "avmeld", "afmeld", "peruuta",
                 "wypisz", "отпис", "abonelik", "hủy", "配信停止", "退订", "订阅")
_DISCLAIMER_HINTS = ("confidential", "intended", "privileged", "virus", "environment", "this e",
                     "this message", "this communication", "vertraulich", "empfänger",
                     "confidentiel", "destinat", "riservat", "vertrouwelijk", "konfidentiell",
                     "fortrolig", "luottamuksellinen", "poufn", "конфиденциальн", "gizli",
                     "bảo mật", "adressat", "irrtümlich", "absender", "confidencial",
                     "exclusivamente", "geadresseerde", "bestemd", "per errore", "flexibl",
                     "hours", "obliged", "charity", "registered", "company")


def _hinted(text: str, hints: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(hint in lower for hint in hints)


# A line that leaves a line's sentence: a corporate block's lines are short and unpunctuated.
_PROSE_END = re.compile(r"[.!?]\s*$")


@dataclass
class SignatureSplit:
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    name_hint: str | None = None       # a name heading a removed corporate block
    personal: list[str] = field(default_factory=list)   # the "-- " blocks: the writer's own
    head: list[tuple[str, str]] = field(default_factory=list)   # above the letter (a banner)


def _trim(lines: list[str]) -> list[str]:
    while lines and RULE.match(lines[-1]):
        lines.pop()
    return lines


def is_device_line(line: str) -> bool:
    return len(line) <= 160 and DEVICE_LINE.match(line) is not None


_DASHES = re.compile(r"^\s*-{2,}\s*$")


def _dash_block(lines: list[str]) -> tuple[list[str], list[str]]:
    """A signature under "-- " (or a longer rule of dashes, as some clients and people write
    it): short, and not the whole text."""
    start = max(0, len(lines) - _SIGNATURE_WINDOW)
    for index in range(start, len(lines)):
        line = lines[index]
        if line.rstrip() != "--" and not _DASHES.match(line[:100]):
            continue
        after = [line for line in lines[index + 1:] if line.strip()]
        before = "\n".join(lines[:index]).strip()
        if line.rstrip() != "--" and any(len(line) > 80 for line in after):
            continue       # a rule above more prose is a section break, not a signature
        if before and len(after) <= _SIGNATURE_MAX_LINES:
            return lines[:index], lines[index + 1:]
    return lines, []


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines)
            if line.strip() and (index == 0 or not lines[index - 1].strip())]


def _paragraph_at(lines: list[str], index: int) -> tuple[int, int]:
    begin = end = index
    while begin > 0 and lines[begin - 1].strip():
        begin -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return begin, end


def _list_footer(lines: list[str]) -> int | None:
    """Where a list footer starts, looking at the last 12 lines only. A footer paragraph is
    short and carries a link, an address, a rule or the words "mailing list": a reader's
    sentence that mentions unsubscribing is not one."""
    for index in range(max(0, len(lines) - 12), len(lines)):
        line = lines[index]
        if len(line) > 200 or line.lstrip().startswith(">") or not _hinted(line, _FOOTER_HINTS) \
                or not _LIST_FOOTER.search(line):
            continue
        begin, end = _paragraph_at(lines, index)
        paragraph = lines[begin:end]
        joined = "\n".join(part[:_MAX_LINE] for part in paragraph).lower()
        if len(paragraph) <= 8 and ("http" in joined or "@" in joined or "mailing list" in joined
                                    or any(RULE.match(part) for part in paragraph)):
            return begin
    return None


_DISCLAIMER_HEADING = re.compile(r"^\s*[*_]*\s*(?:disclaimer|confidentiality(?: notice)?|"
                                 r"legal notice|important notice|haftungsausschluss|"
                                 r"avertissement|aviso legal|avviso)\b", re.I)


def _disclaimer(lines: list[str]) -> int | None:
    """Where the disclaimer paragraphs at the end start (never at the letter's first
    paragraph). Two disclaimer phrases in a paragraph, or a heading and one: a reader writing
    that something is confidential does not make a disclaimer."""
    starts = _paragraph_starts(lines)
    found_at = None
    for begin in reversed(starts[1:][-3:]):
        _, end = _paragraph_at(lines, begin)
        paragraph = " ".join(line[:_MAX_LINE] for line in lines[begin:min(end, begin + 15)])
        if not _hinted(paragraph, _DISCLAIMER_HINTS):
            break
        found = len(set(match.group(0).lower() for match in _DISCLAIMER.finditer(paragraph)))
        registration = end - begin == 1 and len(lines[begin]) <= 200 and \
            _REGISTRATION.search(lines[begin]) is not None and (
                not _PROSE_END.search(lines[begin]) or len(lines[begin].split()) <= 8)
        if not (found >= 2 or registration or (found and _DISCLAIMER_HEADING.match(lines[begin]))):
            break
        found_at = begin
    return found_at


def _corporate_block(lines: list[str]) -> int | None:
    """Where a trailing block of contact furniture starts (the last paragraph, or the lines
    under the name at the letter's foot)."""
    starts = _paragraph_starts(lines)
    if len(starts) < 2:
        return None
    begin = starts[-1]
    block = [line for line in lines[begin:] if line.strip()]
    above = next((line.strip() for line in reversed(lines[:begin]) if line.strip()), "")
    if len(block) == 1 and is_link(block[0]):
        # A home page or address alone under the letter; a link to a page that the letter
        # introduces ("The State Department's version is here:") is the reader's citation.
        return None if above.endswith(":") or is_deep_link(block[0]) else begin
    if 2 <= len(block) <= 10 and all(len(line) <= 200 for line in block) and \
            _repeats_the_name(block, lines[max(0, begin - 8):begin]):
        return begin
    if not 2 <= len(block) <= 10 or any(len(line) > 100 for line in block):
        return None
    furniture = sum(1 for line in block if _CONTACT_FURNITURE.search(line[:_MAX_LINE])
                    or is_phone(line))
    prose = sum(1 for line in block if _PROSE_END.search(line) and " " in line.strip()
                and not _CONTACT_FURNITURE.search(line))
    if furniture >= 2 and furniture * 2 >= len(block) and prose == 0 and " | " in "".join(block) \
            or furniture >= 3 and prose == 0 and furniture * 3 >= 2 * len(block):
        return begin
    return None


def _repeats_the_name(block: list[str], above: list[str]) -> bool:
    """A block headed by the name already signed just above it, over short unpunctuated lines
    ("Jonathan Reeve / Head of Supply Chain / Hallam Capital LLP"): the employer's signature
    under the reader's own sign-off."""
    name = _name_of(block[0])
    signed = {line.strip().lstrip("-–— ").split(",")[0].strip() for line in above}
    if name is None or name not in signed:
        return False
    return all(not _PROSE_END.search(line) or _CONTACT_FURNITURE.search(line) for line in block[1:])


_PRONOUNS = re.compile(r"\s*\((?:she|he|they|ze|xe)/\w{2,5}(?:/\w{2,5})?\)", re.I)


def _name_of(block: str) -> str | None:
    first = _PRONOUNS.sub("", block.strip().split("\n", 1)[0])   # "Priya Raman (she/her)"
    name = re.split(r"\s[|•·]\s|,\s", first[:_MAX_LINE], maxsplit=1)[0].strip()
    return name if 2 <= len(name.split()) <= 5 and not _CONTACT_FURNITURE.search(name) else None


# The warning a company's mail server puts above mail from outside: "CAUTION: This email
# originated from outside of the organisation", "[EXTERNAL]", "EXTERNAL EMAIL: ...".
_BANNER = re.compile(r"^\s*(?:\[?external\]?\s*[:.-]?\s*$|(?:caution|warning|external(?: email)?|"
                     r"attention)\s*[:!-]\s*(?:this (?:e-?mail|message) (?:originated|came|was sent) "
                     r"from outside|external (?:e-?mail|sender)|do not click)).{0,300}$", re.I)


def _banner(lines: list[str]) -> int:
    """How many lines at the top are the mail server's external-sender warning (0 if none)."""
    starts = _paragraph_starts(lines)
    if len(starts) < 2 or not _BANNER.match(lines[starts[0]][:_MAX_LINE]):
        return 0
    return _paragraph_at(lines, starts[0])[1]


def split_signature(text: str) -> SignatureSplit:
    """The reader's text without the furniture under it, and what was removed, in order."""
    lines = text.split("\n")
    head = _banner(lines)
    banner = "\n".join(lines[:head]).strip()
    lines = lines[head:]
    tail: list[tuple[str, str]] = []       # built bottom-up, reversed at the end
    result = SignatureSplit("")
    for _ in range(4):                     # footer under disclaimer under signature, at most
        lines = _trim(lines)
        lines, block = _dash_block(lines)
        if block:
            # Google Groups and others put their footer under a "--" line of their own.
            kind = "list-footer" if _list_footer(block) is not None else "signature"
            tail.append((kind, "\n".join(block).strip()))
            if kind == "signature":
                result.personal.append(tail[-1][1])
            continue
        begin = _list_footer(lines)
        if begin is not None and "\n".join(lines[:begin]).strip():
            tail.append(("list-footer", "\n".join(lines[begin:]).strip()))
            lines = lines[:begin]
            continue
        begin = _disclaimer(lines)
        if begin is not None and "\n".join(lines[:begin]).strip():
            tail.append(("disclaimer", "\n".join(lines[begin:]).strip()))
            lines = lines[:begin]
            continue
        begin = _corporate_block(lines)
        if begin is not None:
            block_text = "\n".join(lines[begin:]).strip()
            result.name_hint = result.name_hint or _name_of(block_text)
            tail.append(("signature", block_text))
            lines = lines[:begin]
            continue
        break
    kept: list[str] = []
    inline: list[tuple[str, str]] = []
    for line in lines:
        if is_device_line(line):
            inline.append(("signature", line.strip()))
        else:
            kept.append(line)
    result.text = "\n".join(_trim(kept)).strip()
    result.head = [("disclaimer", banner)] * bool(banner)
    result.removed = inline + [part for part in reversed(tail) if part[1]]
    return result


def strip_signature(text: str) -> str:
    """The text without a trailing signature, disclaimer, list footer or device line."""
    return split_signature(text).text


def strip_reply(text: str) -> str:
    """The reader's own words alone: quotes (inline ones too), then the signature."""
    return strip_signature(strip_quotes(text))
