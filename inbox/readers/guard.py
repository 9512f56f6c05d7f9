"""May we write to this reader automatically? RFC 3834's rules, and ours, as one function.

Never to automated mail (what screening already judged so), to a message with ``Auto-Submitted``
other than ``no``, ``Precedence: bulk|list|junk``, a ``List-Id``, an empty return path, or to a
MAILER-DAEMON / postmaster / no-reply address; never to one of our own addresses. Two inboxes
pointed at each other cannot loop: each marks what it sends ``Auto-Submitted``, and each refuses
to answer that.
"""
from __future__ import annotations

import re
from typing import Iterable

_MACHINE_LOCAL = re.compile(
    r"^(?:mailer[-_]?daemon|mail[-_]?daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|"
    r"noreply[-_.\w]*|bounces?|listserv|majordomo)(?:[+-].*)?$", re.I)


def _header(headers: Iterable, name: str) -> str | None:
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), None)


def address_refusal(address: str | None, own: Iterable[str]) -> str | None:
    """Why this address must never get mail from us, or None."""
    if not address or "@" not in address:
        return "no usable address"
    local = address.rsplit("@", 1)[0]
    if _MACHINE_LOCAL.match(local):
        return f"machine address {local}@"
    if address.lower() in {a.lower() for a in own}:
        return "one of our own addresses"
    return None


def auto_reply_refusal(*, address: str | None, mail_from: str | None, headers: Iterable,
                       automated: bool, own: Iterable[str]) -> str | None:
    """Why no automatic answer may go to the writer of this message (RFC 3834 section 2), or None."""
    headers = list(headers)
    if automated:
        return "automated mail"
    if mail_from is not None and mail_from.strip() in ("", "<>"):
        return "empty return path"
    submitted = (_header(headers, "Auto-Submitted") or "no").strip().lower()
    if not submitted.startswith("no"):
        return "auto-submitted"
    if (_header(headers, "Precedence") or "").strip().lower() in ("bulk", "list", "junk"):
        return "precedence"
    if _header(headers, "List-Id") is not None:
        return "list-id"
    return address_refusal(address, own) or (address_refusal(mail_from, own) if mail_from else None)
