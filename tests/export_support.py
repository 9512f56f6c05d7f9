"""Helpers for the export tests: letters put straight into the database through the models (a
Message row with raw bytes and its Letter), one at a time or ten thousand in bulk."""
from __future__ import annotations

import hashlib
import itertools
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from inbox.models import Article, Kind, Letter, LinkMethod, Message, Status, utcnow

_counter = itertools.count(1)
BASE = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def article(session: Session, slug: str, title: str) -> Article:
    found = session.scalar(select(Article).where(Article.slug == slug))
    if found is None:
        found = Article(slug=slug, title=title)
        session.add(found)
        session.flush()
    return found


def add_letter(session: Session, *, text: str = "Sir, the Strait matters.", article: Article | None = None,
               status: str = "shortlisted", kind: str = "letter", position: int | None = None,
               received_at: datetime | None = None, author_name: str | None = "Ann Reader",
               author_email: str | None = None, author_location: str | None = "York",
               message_id: str | None = None, **fields) -> Letter:
    n = next(_counter)
    author_email = author_email or f"reader{n}@example.org"
    message_id = message_id or f"msg{n}.secret@mail.example.org"
    raw = f"From: {author_name} <{author_email}>\r\nMessage-ID: <{message_id}>\r\n\r\n{text}\r\n".encode(
        "utf-8", "surrogatepass")
    message = Message(fingerprint=hashlib.sha256(raw + str(n).encode()).hexdigest(), raw=raw, size=len(raw),
                      mail_from=author_email, rcpt_tos=["letters@reaction.life"], processed_at=utcnow())
    letter = Letter(message=message, kind=Kind(kind), status=Status(status), article=article,
                    position=position, received_at=received_at or BASE + timedelta(minutes=n),
                    author_name=author_name, author_email=author_email, author_location=author_location,
                    message_id=message_id, subject=fields.pop("subject", "On the article"), text=text,
                    full_text=text, word_count=len(text.split()), **fields)
    session.add(letter)
    session.flush()
    return letter


def bulk_letters(session: Session, count: int, *, articles: list[Article | None]) -> None:
    """``count`` shortlisted letters in two INSERT statements (no ORM unit of work)."""
    now = utcnow()
    messages = []
    for i in range(count):
        raw = f"Message-ID: <bulk{i}@example.org>\r\n\r\nLetter {i}\r\n".encode()
        messages.append(dict(fingerprint=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw),
                             mail_from=f"bulk{i}@example.org", rcpt_tos=["letters@reaction.life"],
                             received_at=now, processed_at=now))
    ids = session.scalars(insert(Message).returning(Message.id, sort_by_parameter_order=True), messages).all()
    letters = []
    for i, mid in enumerate(ids):
        art = articles[i % len(articles)]
        letters.append(dict(
            message_pk=mid, kind=Kind.LETTER, status=Status.SHORTLISTED,
            article_id=art.id if art else None, link_suggestions=[], headers=[], flags=[],
            message_id=f"bulk{mid}@example.org", author_name=f"Reader {mid}",
            author_email=f"bulk{mid}@example.org", author_location="Bath", subject=f"Letter {mid}",
            received_at=BASE + timedelta(seconds=i), word_count=12, needs_review=False, version=1,
            text=f"Sir, this is letter number {mid}.\n\nIt has a second paragraph, as letters do.",
            full_text="", headline=f"Headline {mid}" if i % 3 == 0 else None,
            position=count - i if i % 2 == 0 else None))
    session.execute(insert(Letter), letters)
    session.commit()


def transient_letter(id: int, *, text: str, article: Article | None = None, position: int | None = None,
                     **fields) -> Letter:
    """A Letter that never touches a database: for content no database would store (NUL, lone
    surrogates), since export itself is pure."""
    values = dict(kind=Kind.LETTER, status=Status.SHORTLISTED, link_method=LinkMethod.NONE, flags=[],
                  needs_review=False, word_count=len(text.split()), received_at=BASE + timedelta(minutes=id),
                  author_name="Ann Reader", author_email=f"reader{id}@example.org", author_location="York",
                  message_id=f"t{id}.secret@mail.example.org", subject="On the article", automated_reason=None)
    values.update(fields)
    return Letter(id=id, text=text, article=article, position=position, attachments=[], **values)
