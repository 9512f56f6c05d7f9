"""Published letters as the public sees them (the CMS API and the Atom feeds), and the CMS's
write-back: a letter marked published with the URL where it appeared.

Only the publication version leaves the inbox: headline, text, sign-off name and town, with any
email address removed (inbox/export/prepare.py's rules, the same as the page exports). Never the
reader's address, headers or anything else they did not write for print.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inbox.desk import audit
from inbox.desk.articles import article_condition
from inbox.desk.moderation import InvalidChange, get_letter
from inbox.export.prepare import EMAIL, publication_text, without_emails
from inbox.models import Kind, Letter, Status, utcnow
from inbox.readers import notices
from inbox.text import clean_line
from inbox.urlforms import url_key

API_PUBLISHED = "api-published"      # the audit action of the CMS's write-back


@dataclass(frozen=True)
class PublishedLetter:
    id: int
    article: str | None              # the article's slug
    article_title: str | None
    headline: str
    text: str
    signoff_name: str
    signoff_town: str
    published_at: datetime | None
    published_url: str | None


def _chosen(edited: str | None, parsed: str | None) -> str:
    return clean_line(parsed if edited is None else edited)


def public_view(letter: Letter) -> PublishedLetter:
    name = _chosen(letter.signoff_name, letter.author_name)
    if EMAIL.search(name):       # a bare address as the only name: not for print
        name = clean_line(EMAIL.sub("", name).strip("<>()[]\" "))
    return PublishedLetter(
        id=letter.id, article=letter.article.slug if letter.article else None,
        article_title=letter.article.title if letter.article else None,
        headline=without_emails(clean_line(letter.headline or letter.subject or "")),
        text=without_emails(publication_text(letter)), signoff_name=name,
        signoff_town=without_emails(_chosen(letter.signoff_location, letter.author_location)),
        published_at=letter.status_changed_at, published_url=letter.published_url)


def published_letters(session: Session, *, article: str | None = None, since: date | None = None,
                      limit: int | None = 100) -> list[PublishedLetter]:
    """Published letters, newest first; ``article`` a slug (or "unassigned"), ``since`` a date
    (UTC) the letter was published on or after."""
    query = (select(Letter).options(selectinload(Letter.article))
             .where(Letter.status == Status.PUBLISHED, Letter.kind == Kind.LETTER))
    condition = article_condition(session, article)
    if condition is not None:
        query = query.where(condition)
    if since is not None:
        query = query.where(Letter.status_changed_at >= datetime.combine(since, time(), timezone.utc))
    query = query.order_by(Letter.status_changed_at.desc(), Letter.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [public_view(letter) for letter in session.scalars(query)]


def mark_published(session: Session, letter_id: int, *, url: str, actor: audit.Actor) -> Letter:
    """The CMS printed the letter at ``url``: it becomes Published (from the shortlist, or again
    with a new URL). A letter nobody chose cannot be published this way (InvalidChange)."""
    letter = get_letter(session, letter_id)
    if letter.kind is not Kind.LETTER or letter.status not in (Status.SHORTLISTED, Status.PUBLISHED):
        raise InvalidChange("Only a shortlisted or published letter can be marked published.")
    if url_key(url) is None:
        raise InvalidChange(f"{url!r} is not a web address.")
    before = {"status": letter.status.value, "published_url": letter.published_url}
    if letter.publication_text is None:
        letter.publication_text = letter.text
    if letter.status is not Status.PUBLISHED:
        letter.status = Status.PUBLISHED
        letter.status_changed_at = utcnow()
    letter.published_url = url[:1000]
    session.flush()
    audit.record(session, actor, API_PUBLISHED, letter_id=letter.id, before=before,
                 after={"status": Status.PUBLISHED.value, "published_url": letter.published_url})
    # The writer's "published" notice, with this link, unless they had it already (once per letter).
    notices.status_changed(session, letter)
    return letter
