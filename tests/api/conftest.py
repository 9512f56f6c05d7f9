"""The CMS API over real HTTP: the app under waitress on a free port, tokens made by the service,
a published letter to fetch."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
import requests
from waitress.server import create_server

from inbox.db import transaction
from inbox.desk import tokens
from inbox.models import Letter, Status
from inbox.web import create_app
from tests.conftest import free_port
from tests.web.conftest import app, store_letter, users  # noqa: F401  (fixtures)


@pytest.fixture
def server(settings, db):
    web_app = create_app(settings, db=db)
    port = free_port()
    web = create_server(web_app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    web.close()
    thread.join(5)


@pytest.fixture
def secrets(db):
    with transaction(db.factory) as s:
        read = tokens.create_token(s, "cms-read", "read", actor="test")[1]
        write = tokens.create_token(s, "cms-write", "write", actor="test")[1]
        revoked = tokens.create_token(s, "old", "write", actor="test")[1]
        tokens.revoke_token(s, "old", actor="test")
    return {"read": read, "write": write, "revoked": revoked}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def published(db):
    """Three letters: one published (with contact data in it), one shortlisted, one new."""
    pub = store_letter(db, subject="Taiwan", text="Sir, write to me at ann@example.org about the Strait.",
                       author_name="Ann Reader", author_email="ann@example.org", author_location="York",
                       status=Status.PUBLISHED, article_slug="blinken-beijing")
    short = store_letter(db, subject="Chips", text="Sir, chips.", author_email="bob@example.org",
                         author_name="Bob", author_location="Leeds", status=Status.SHORTLISTED,
                         article_slug="blinken-beijing")
    new = store_letter(db, subject="New", text="Sir, new.", status=Status.NEW)
    with transaction(db.factory) as s:
        letter = s.get(Letter, pub)
        letter.headline, letter.publication_text = "The Strait matters", "Sir, the Strait matters (ann@example.org)."
        letter.status_changed_at = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
    return {"published": pub, "shortlisted": short, "new": new}


@pytest.fixture
def http():
    with requests.Session() as s:
        yield s
