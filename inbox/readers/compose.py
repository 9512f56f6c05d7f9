"""One message to a reader as the bytes we will send: headers that keep machines from answering
(``Auto-Submitted``, ``X-Auto-Response-Suppress``), threading to the reader's own message, and a
Message-ID of our own (by which their reply is recognised)."""
from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid

AUTO_REPLIED = "auto-replied"        # an answer to the reader's letter
AUTO_GENERATED = "auto-generated"    # a notice about a change of status


def compose(*, sender: str, to: str, subject: str, text: str, html: str | None = None,
            reply_to_id: str | None = None, auto: str = AUTO_REPLIED) -> tuple[str, bytes]:
    """Returns (Message-ID without <>, the message's bytes)."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr(("Reaction letters", sender))
    msg["To"] = to
    # Header injection is impossible through the email package (it refuses CR/LF in values);
    # subjects come from templates, so fold whitespace anyway.
    msg["Subject"] = " ".join(subject.split())[:900]
    msg["Date"] = formatdate(usegmt=True)
    domain = sender.rsplit("@", 1)[-1] or None
    message_id = make_msgid(domain=domain)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = auto
    msg["X-Auto-Response-Suppress"] = "All"
    if reply_to_id:
        msg["In-Reply-To"] = f"<{reply_to_id}>"
        msg["References"] = f"<{reply_to_id}>"
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return message_id.strip("<>"), msg.as_bytes()
