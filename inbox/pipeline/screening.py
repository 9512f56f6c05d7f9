"""Is this mail a person's letter, or a machine's reply? Small named rules walked by a plain loop.

Each rule looks at one signal and returns a short reason or None; ``automated_reason`` returns the
first reason found (Mailman's chain style: adding a rule is adding a function to ``RULES``).
Only the top-level headers count: a reader who forwards a bounce or an auto-reply as an
attachment (forwarded/stalwart__thirdparty-015 encloses two mails with ``Auto-Submitted:
auto-generated``) is still a person writing, and the parser keeps enclosed headers out of
``ParsedLetter.headers``.

Signals used: an empty return path (``MAIL FROM:<>``, RFC 5321 reserves it for notifications, or a
``Return-Path: <>`` header), ``Auto-Submitted`` other than "no" (RFC 3834), multipart/report
(delivery status, read receipt, abuse feedback), a MAILER-DAEMON or postmaster sender,
``X-Failed-Recipients``, vacation headers (``X-Autoreply``, ``X-Autorespond``,
``X-Apple-Criteria``, ``Precedence: auto_reply``) and auto-reply or bounce subject prefixes.

List mail and newsletters are ``list-mail``: a ``List-Id`` or ``List-Unsubscribe`` header together
with ``Precedence: bulk`` / ``list`` / ``junk``, or an unsubscribe footer (the parser's
``list-footer`` part) under a text that does not address the editor (no "Sir," or "Dear ...").

Deliberately not signals: ``Precedence: bulk`` or ``list`` alone (mailing lists forward real
letters with it: replies/cpython__msg_32, malformed/flanker__from-encoding), ``List-Id`` alone
(a reader writing through a list), and
``X-Auto-Response-Suppress`` (a request *not to be* auto-answered, which Exchange and bulk
senders put on ordinary mail too).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from inbox.mail.parsed import ParsedLetter
from inbox.mail.signoff_lines import is_salutation

Rule = Callable[[ParsedLetter, str | None], str | None]

# Not "postmaster": RFC 5321 makes it a mailbox a human reads, and people write from it
# (html/flanker__long-links is Bob at postmaster@); real bounces from postmaster@ carry the other
# signals (empty return path, Auto-Submitted, multipart/report).
_DAEMONS = {"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon"}
_AUTOREPLY_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|autorespon\w*|auto[- ]?response|"
    r"out of (?:the )?office(?: auto[- ]?reply)?\s*:|automatyczna odpowied\w*|"
    r"réponse automatique|automatische antwort|abwesenheitsnotiz|risposta automatica|"
    r"respuesta automática|resposta automática|automatisch antwoord|autosvar|"
    r"automaattinen vastaus|vacation reply|away from (?:the|my) office\s*:)",
    re.I,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered mail|undeliverable mail|delivery status notification|"
    r"mail delivery failed|returned mail\s*:|failure notice\s*$|delivery failure|"
    r"mail delivery failure|delivery has failed|non[- ]?delivery|message not delivered|"
    r"unzustellbar|non remis|nicht zustellbar|email bounce notification|"
    r"mail system error|warning: could not send message)",
    re.I,
)
_MAIL_FAILURE = re.compile(r"\bmail failure\.?\s*$", re.I)   # mail.ru: "<...>. Mail failure."


def _header(parsed: ParsedLetter, name: str) -> str | None:
    name = name.lower()
    return next((value for key, value in parsed.headers if key.lower() == name), None)


def null_return_path(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    if mail_from is not None and mail_from.strip() in ("", "<>"):
        return "empty return path"
    value = _header(parsed, "Return-Path")
    if value is not None and value.replace(" ", "") == "<>":
        return "empty return path"
    return None


def auto_submitted(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    value = (_header(parsed, "Auto-Submitted") or "").strip().lower()
    if not value or value.startswith("no"):
        return None
    kind = re.split(r"[\s;(]", value, maxsplit=1)[0]
    return f"auto-submitted: {kind}"


def report(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    value = (_header(parsed, "Content-Type") or "").lower()
    if not value.lstrip().startswith("multipart/report"):
        return None
    if "disposition-notification" in value:
        return "read receipt"
    if "feedback-report" in value:
        return "abuse feedback report"
    return "delivery status report"


def daemon_sender(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    addresses = [parsed.from_email or "", mail_from or ""]
    if any(address.split("@", 1)[0].lower() in _DAEMONS for address in addresses if address):
        return "mailer-daemon sender"
    name = (parsed.from_name or "").lower().replace(" ", "-")
    if name in _DAEMONS:
        return "mailer-daemon sender"
    return None


def failed_recipients(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    return "delivery failure report" if _header(parsed, "X-Failed-Recipients") else None


def vacation_headers(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    for name in ("X-Autoreply", "X-Autorespond", "X-Apple-Criteria", "X-Vacation"):
        if _header(parsed, name) is not None:
            return f"auto-reply header {name}"
    precedence = (_header(parsed, "Precedence") or "").strip().lower()
    if precedence in ("auto_reply", "auto-reply"):
        return "precedence: auto_reply"
    return None


def subject_keywords(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    subject = parsed.subject
    match = _AUTOREPLY_SUBJECT.match(subject) or _BOUNCE_SUBJECT.match(subject)
    if match:
        return f"subject: {match.group(0).strip().rstrip(':').strip()}"
    if _MAIL_FAILURE.search(subject):
        return "subject: mail failure"
    return None


_UNSUBSCRIBE = re.compile(r"unsubscri|abbestell|désinscri|désabonn|darse de baja|uitschrijv|"
                          r"avregistr|afmeld|avmeld|wypisz|отпис|配信停止|退订", re.I)


def list_mail(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    precedence = (_header(parsed, "Precedence") or "").strip().lower()
    has_list = _header(parsed, "List-Id") is not None or \
        _header(parsed, "List-Unsubscribe") is not None
    if has_list and precedence in ("bulk", "list", "junk"):
        return "list-mail"
    footer = any(kind == "list-footer" and _UNSUBSCRIBE.search(part[:2000])
                 for kind, part in parsed.removed)
    first = next((line for line in parsed.text.split("\n") if line.strip()), "")
    if footer and not is_salutation(first):
        return "list-mail"
    return None


RULES: tuple[Rule, ...] = (
    null_return_path,
    auto_submitted,
    report,
    daemon_sender,
    failed_recipients,
    vacation_headers,
    subject_keywords,
    list_mail,
)


def automated_reason(parsed: ParsedLetter, mail_from: str | None) -> str | None:
    """Why this mail is an auto-reply, bounce or report rather than a letter; None for a letter.

    ``mail_from`` is the SMTP envelope sender ("" for ``MAIL FROM:<>``), or None when unknown
    (a message imported from a file).
    """
    for rule in RULES:
        reason = rule(parsed, mail_from)
        if reason:
            return reason
    return None
