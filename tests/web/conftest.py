"""Web fixtures: the real app (CSRF on) over the per-test database, accounts, and letters.

``sign_in`` goes through the real form with its CSRF token; ``csrf_token`` reads a token from any
page, the way a browser would have it.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from urllib.parse import quote
from datetime import datetime, timedelta, timezone

import pytest

from inbox.desk import accounts
from inbox.db import transaction
from inbox.models import Article, Attachment, Kind, Letter, Message, Status
from inbox.web import create_app

EDITOR = ("editor@reaction.life", "editor passphrase 123")
ADMIN = ("admin@reaction.life", "admin passphrase 456")
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app(settings, db):
    app = create_app(settings, db=db, test_config={"TESTING": True})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def users(db):
    with transaction(db.factory) as s:
        editor = accounts.create_user(s, EDITOR[0], EDITOR[1], name="Eddie Editor", role="editor")
        admin = accounts.create_user(s, ADMIN[0], ADMIN[1], name="Ada Admin", role="admin")
        ids = {"editor": editor.id, "admin": admin.id}
    return ids


def csrf_token(client, path: str = "/") -> str:
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, email: str, password: str, *, next_path: str | None = None):
    token = csrf_token(client, "/signin")
    url = "/signin" + (f"?next={quote(next_path, safe='')}" if next_path else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def editor_client(client, users):
    assert sign_in(client, *EDITOR).status_code == 302
    return client


@pytest.fixture
def admin_client(app, users):
    c = app.test_client()
    assert sign_in(c, *ADMIN).status_code == 302
    return c


def store_letter(db, *, subject="Taiwan", text="Sir, the Strait matters to everyone.", author_name="Ann Reader",
                 author_email="ann@example.org", author_location="York", status=Status.NEW,
                 kind=Kind.LETTER, received_at: datetime | None = None, html: str | None = None,
                 article_slug: str | None = None, needs_review=False, attachments=(), raw: bytes | None = None,
                 automated_reason=None) -> int:
    """A letter straight into the database, as processing would store it (no parser needed)."""
    raw = raw or f"From: {author_name} <{author_email}>\r\nSubject: {subject}\r\n\r\n{text}\r\n".encode()
    received_at = received_at or datetime.now(timezone.utc)
    with transaction(db.factory) as s:
        article = None
        if article_slug:
            article = s.query(Article).filter_by(slug=article_slug).one()
        message = Message(fingerprint=hashlib.sha256(uuid.uuid4().bytes).hexdigest(), raw=raw, size=len(raw),
                          mail_from=author_email, rcpt_tos=["letters@reaction.life"], received_at=received_at,
                          processed_at=received_at)
        letter = Letter(message=message, kind=kind, status=status, subject=subject, text=text, full_text=text,
                        author_name=author_name, author_email=author_email, author_location=author_location,
                        received_at=received_at, word_count=len(text.split()), html=html, article=article,
                        headers=[["From", f"{author_name} <{author_email}>"], ["Subject", subject]],
                        needs_review=needs_review, automated_reason=automated_reason,
                        message_id=f"{uuid.uuid4().hex}@example.org")
        for name, ctype, content, inline, cid in attachments:
            letter.attachments.append(Attachment(filename=name, content_type=ctype, size=len(content),
                                                 content=content, inline=inline, content_id=cid))
        s.add(letter)
        s.flush()
        return letter.id


@pytest.fixture
def letter_id(db):
    return store_letter(db)


@pytest.fixture
def many_letters(db):
    """30 letters a minute apart, oldest first."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [store_letter(db, subject=f"Letter {i}", received_at=start + timedelta(minutes=i),
                         author_email=f"r{i}@example.org") for i in range(30)]
