"""One message to a reader as the bytes we will send: headers that keep machines from answering
(``Auto-Submitted``, ``X-Auto-Response-Suppress``), threading to the reader's own message, and a
Message-ID of our own (by which their reply is recognised)."""
from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid

AUTO_REPLIED = "auto-replied"        # an answer to the reader's letter
AUTO_GENERATED = "auto-generated"    # a notice about a change of status


def _put(msg: EmailMessage, name: str, value: str) -> None:
    """A header we built from plain ASCII is stored as it is (parsing every header through the
    policy costs half the time of a message); anything else goes through the policy, which
    encodes it and refuses CR/LF."""
    if value.isascii() and len(value) < 900 and "\r" not in value and "\n" not in value:
        msg.set_raw(name, value)
    else:
        msg[name] = value


def compose(*, sender: str, to: str, subject: str, text: str, html: str | None = None,
            reply_to_id: str | None = None, auto: str = AUTO_REPLIED,
            message_id: str | None = None) -> tuple[str, bytes]:
    """Returns (Message-ID without <>, the message's bytes). ``message_id`` (without <>): a
    message rebuilt before it was sent keeps its identity."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr(("Reaction letters", sender))
    msg["To"] = to
    # Header injection is impossible through the email package (it refuses CR/LF in values);
    # subjects come from templates, so fold whitespace anyway.
    msg["Subject"] = " ".join(subject.split())[:900]
    _put(msg, "Date", formatdate(usegmt=True))
    domain = sender.rsplit("@", 1)[-1] or None
    message_id = f"<{message_id}>" if message_id else make_msgid(domain=domain)
    _put(msg, "Message-ID", message_id)
    _put(msg, "Auto-Submitted", auto)
    _put(msg, "X-Auto-Response-Suppress", "All")
    if reply_to_id:
        _put(msg, "In-Reply-To", f"<{reply_to_id}>")
        _put(msg, "References", f"<{reply_to_id}>")
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return message_id.strip("<>"), msg.as_bytes()
