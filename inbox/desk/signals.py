"""Header signals shown beside a letter's verification: what the mail itself says about its
sender. Read from the stored headers (cheap, pure), never decisive on their own.

* ``Authentication-Results`` (RFC 8601) added by a receiving server we trust
  (``INBOX_TRUSTED_AUTHSERV_ID``): SPF, DKIM and DMARC pass or fail. Anyone can write such a
  header; only one whose authserv-id is our own server's means anything.
* A free-mail address signing with an official title (a councillor, an MP, a chief executive
  writing from gmail.com): worth a call before print.
* A known advocacy platform in the sender or the headers: the letter was likely a form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from inbox.models import Letter

FREE_MAIL = {"gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com",
             "live.co.uk", "yahoo.com", "yahoo.co.uk", "aol.com", "icloud.com", "me.com", "btinternet.com",
             "protonmail.com", "proton.me", "gmx.com", "gmx.co.uk", "mail.com", "zoho.com", "yandex.com",
             "sky.com", "talktalk.net", "virginmedia.com"}
ADVOCACY_PLATFORMS = ("38degrees.org.uk", "change.org", "actionnetwork.org", "everyaction.com", "ngpvan.com",
                      "votervoice.net", "phone2action.com", "quorum.us", "countable.us", "newmode.net",
                      "e-activist.com", "engagingnetworks.net", "speakout.org", "writetothem.com",
                      "action.sumofus.org", "avaaz.org", "salsalabs.com", "advocacy.ms")
_TITLE = re.compile(r"\b(MP|MSP|MLA|MEP|MS|Cllr|Councillor|Mayor|Professor|Prof|Bishop|Rev(?:erend)?|"
                    r"Lord|Baroness|Dame|QC|KC|Ambassador|Minister|Secretary of State|Chief Executive|CEO|"
                    r"Chair(?:man|woman)?|Director|President|Headteacher|Principal)\b")
_RESULT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.I)


@dataclass(frozen=True)
class Signal:
    name: str            # "authentication", "free-mail title", "advocacy platform"
    detail: str
    good: bool | None    # True reassures, False warns, None is neutral


def authentication(letter: Letter, trusted: tuple[str, ...]) -> Signal:
    if not trusted:
        return Signal("authentication", "INBOX_TRUSTED_AUTHSERV_ID is not set: Authentication-Results "
                      "are not read (anyone can write one)", None)
    for name, value in letter.headers or ():
        if name.lower() != "authentication-results":
            continue
        authserv = value.split(";", 1)[0].strip().split()[0].lower() if value.strip() else ""
        if authserv not in trusted:
            continue
        results = {}
        for method, result in _RESULT.findall(value):
            results.setdefault(method.lower(), result.lower())
        if results:
            text = ", ".join(f"{m.upper()} {results[m]}" for m in ("spf", "dkim", "dmarc") if m in results)
            good = all(r == "pass" for r in results.values())
            return Signal("authentication", f"{text} (checked by {authserv})", good)
    return Signal("authentication", f"No Authentication-Results from {', '.join(trusted)}", False)


def free_mail_title(letter: Letter) -> Signal | None:
    domain = (letter.author_email or "").rpartition("@")[2]
    if domain not in FREE_MAIL:
        return None
    signoff = " ".join([letter.author_name or ""] + (letter.text or "").strip().splitlines()[-4:])
    match = _TITLE.search(signoff)
    if match:
        return Signal("free-mail title", f"Signs as \u201c{match.group(0)}\u201d from a free-mail address ({domain})",
                      False)
    return None


def advocacy_platform(letter: Letter) -> Signal | None:
    haystack = " ".join([letter.author_email or ""] + [f"{n}: {v}" for n, v in letter.headers or ()]).lower()
    for platform in ADVOCACY_PLATFORMS:
        if platform in haystack:
            return Signal("advocacy platform", f"Sent through an advocacy platform ({platform})", False)
    return None


def signals(letter: Letter, trusted_authserv_ids: tuple[str, ...]) -> list[Signal]:
    found = [authentication(letter, trusted_authserv_ids), free_mail_title(letter), advocacy_platform(letter)]
    return [s for s in found if s is not None]
