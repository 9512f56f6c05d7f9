"""Shared fixtures: real databases, a real listener on a free port, a real SMTP client.

Every test gets its own database. SQLite by default; with ``INBOX_TEST_DATABASE_URL`` set to a
PostgreSQL URL each test gets its own schema in that database, dropped afterwards, so runs never
see each other's rows.
"""
from __future__ import annotations

import os
import smtplib
import socket
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from inbox.config import Settings
from inbox.bootstrap import Database, open_database
from inbox.listener import Listener

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
PG_URL = os.environ.get("INBOX_TEST_DATABASE_URL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    if not PG_URL:
        yield None          # Settings falls back to SQLite in the data folder
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    return Settings(data_dir=tmp_path / "instance", database_url=database_url)


@pytest.fixture
def db(settings) -> Database:
    database = open_database(settings)
    yield database
    database.engine.dispose()


@pytest.fixture
def session(db):
    with db.factory() as s:
        yield s


@pytest.fixture
def listener(settings, db):
    """A real SMTP listener on a free port, with its writer and processor threads."""
    running = Listener(settings, db, host="127.0.0.1", port=free_port()).start()
    yield running
    running.stop()


@pytest.fixture
def send(listener):
    """send(raw, rcpt="letters@reaction.life", sender="reader@example.org") over real SMTP."""
    def _send(raw: bytes, rcpt: str | list[str] = "letters@reaction.life", sender: str = "reader@example.org"):
        with smtplib.SMTP(listener.controller.hostname, listener.controller.port, timeout=30) as client:
            return client.sendmail(sender, rcpt, raw)
    return _send


def make_letter(*, subject="Taiwan", body="Sir, the Strait matters to everyone.\n\nAnn Reader\nYork",
                sender="Ann Reader <ann@example.org>", message_id: str | None = None,
                extra_headers: str = "") -> bytes:
    """A hand-written plain letter as CRLF bytes."""
    mid = message_id or f"<{uuid.uuid4().hex}@example.org>"
    head = (f"From: {sender}\r\nTo: letters@reaction.life\r\nSubject: {subject}\r\n"
            f"Message-ID: {mid}\r\nDate: Mon, 26 Jun 2023 10:00:00 +0000\r\n{extra_headers}")
    return (head + "\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(reason=f"the shared corpus is not at {CORPUS} (it sits beside the repository in CI)")
    return CORPUS
