"""The notices readers get, each a template an admin edits (Reader mail page) and switches on or
off. Admin-edited templates are rendered in Jinja's sandbox: a template can print the values it is
given, never reach Python objects or the file system."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy.orm import Session

from inbox.desk import audit
from inbox.models import ReaderNotice, utcnow
from inbox.readers.compose import AUTO_GENERATED, AUTO_REPLIED

ACK, SELECTED, PUBLISHED, CLOSE_OUT = "acknowledgement", "selected", "published", "close-out"
_ENV = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)


@dataclass(frozen=True)
class Notice:
    name: str
    label: str
    auto: str                # Auto-Submitted value
    enabled: bool
    subject: str
    body: str


_SIGN = "\n\nThe letters desk, Reaction\n"
DEFAULTS: dict[str, Notice] = {n.name: n for n in (
    Notice(ACK, "Acknowledgement on receipt", AUTO_REPLIED, True, "Re: {{ subject }}",
           "Dear {{ name }},\n\nThank you for your letter of {{ received }}, \"{{ subject }}\". "
           "We read every letter; we cannot reply to each one, and we will write again if yours is "
           "chosen for publication.\n\nIf you would rather we did not use it, you can withdraw it "
           "here: {{ withdraw_url }}" + _SIGN),
    Notice(SELECTED, "Selected for publication (when shortlisted)", AUTO_GENERATED, True,
           "Your letter has been selected: {{ subject }}",
           "Dear {{ name }},\n\nYour letter \"{{ subject }}\" has been selected for publication. "
           "It may be shortened or lightly edited.\n\nTo withdraw it: {{ withdraw_url }}" + _SIGN),
    Notice(PUBLISHED, "Published", AUTO_GENERATED, True, "Your letter is published: {{ subject }}",
           "Dear {{ name }},\n\nYour letter \"{{ subject }}\" has been published."
           "{% if published_url %} You can read it here: {{ published_url }}{% endif %}" + _SIGN),
    Notice(CLOSE_OUT, "Close-out for letters not used", AUTO_GENERATED, False,
           "Your letter: {{ subject }}",
           "Dear {{ name }},\n\nThank you again for your letter of {{ received }}. We were not able "
           "to use it; we hope you will write again." + _SIGN),
)}
# What a template can print (listed on the Reader mail page); SAMPLE fills them in a preview.
VARIABLES = {
    "name": "the writer's name as they signed the mail (or \u201creader\u201d)",
    "subject": "the subject of their letter",
    "received": "the day it arrived, e.g. 26 June 2026",
    "withdraw_url": "the signed link to withdraw the letter (180 days)",
    "published_url": "where the letter was published, when the CMS has said (its write-back, "
                     "/api/v1/letters/ID/published); empty otherwise, so use it inside {% if published_url %}",
}
SAMPLE = {"name": "Ann Reader", "subject": "Taiwan and the Strait", "received": "26 June 2026",
          "withdraw_url": "https://letters.example/reader/...", "published_url": "https://example.org/letters"}


class TemplateInvalid(ValueError):
    pass


def notice(session: Session, name: str) -> Notice:
    default = DEFAULTS[name]
    row = session.get(ReaderNotice, name)
    if row is None:
        return default
    return Notice(name, default.label, default.auto, row.enabled, row.subject, row.body)


@lru_cache(maxsize=64)
def _compiled(template: str):
    """Compiling costs far more than rendering; a batch of acknowledgements renders one template."""
    return _ENV.from_string(template)


def render(template: str, values: dict) -> str:
    try:
        return _compiled(template).render(**values)
    except TemplateError as e:      # a syntax error, or the sandbox refusing an attribute
        raise TemplateInvalid(str(e)) from None


def save(session: Session, name: str, *, actor: audit.Actor, enabled: bool, subject: str, body: str) -> Notice:
    subject = " ".join((subject or "").split())[:300]
    body = (body or "").replace("\r\n", "\n")[:20_000]
    for part in (subject, body):
        render(part, SAMPLE)        # refuse what would fail at send time
    row = session.get(ReaderNotice, name) or ReaderNotice(name=name)
    before = {"enabled": row.enabled, "subject": row.subject} if row.subject else None
    row.enabled, row.subject, row.body, row.updated_at = enabled, subject, body, utcnow()
    session.add(row)
    audit.record(session, actor, "reader-mail-template", before=before,
                 after={"notice": name, "enabled": enabled, "subject": subject})
    return notice(session, name)
