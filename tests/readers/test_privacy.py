"""A writer's data: ``inbox readers export`` holds everything; after ``inbox readers erase``
neither any table (raw tables, the search index, the audit log; both backends) nor any export
contains their address, phone, street or raw message; retention purges by age."""
from __future__ import annotations

import io
import json
import smtplib
import time
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from inbox.cli import main
from inbox.db import transaction
from inbox.desk import moderation
from inbox.desk.search import search_condition
from inbox.export import FORMATS, export_letters, select_for_export
from inbox.listener import Listener
from inbox.models import AuditEvent, Letter, LetterCount, Status
from inbox.readers import consent
from tests.conftest import free_port
from tests.pipeline.test_house_rules import wait_processed
from tests.web.conftest import ADMIN, csrf_token, sign_in, store_letter

EMAIL = "ann.private@example.org"
SECRETS = [EMAIL, "555123", "acacia", "rawmarker7788"]
BODY = "Sir, the harbour plan ignores the fishermen entirely.\r\n\r\nAnn Private\r\n12 Acacia Avenue, York\r\nTel 01904 555123"


def _raw(subject: str) -> bytes:
    boundary = "b1"
    return (f"From: Ann Private <{EMAIL}>\r\nTo: letters@reaction.life\r\nSubject: {subject}\r\n"
            f"Message-ID: <{subject.replace(' ', '')}.{time.monotonic_ns()}@example.org>\r\nX-Marker: rawmarker7788\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary={boundary}\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{BODY}\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; name=cv.txt\r\nContent-Disposition: attachment; filename=cv.txt\r\n\r\n"
            f"Ann Private, 12 Acacia Avenue, 01904 555123\r\n--{boundary}--\r\n").encode()


def _run(settings, *args):
    env = {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def writer(mail_settings, mail_db, sink):
    """Two letters from the writer over SMTP (acknowledged), one published with a note, an edit and
    a consent answer quoting their phone; one letter from someone else."""
    listener = Listener(mail_settings, mail_db, host="127.0.0.1", port=free_port()).start()
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as client:
            client.sendmail(EMAIL, "letters@reaction.life", _raw("Harbour plan"))
            client.sendmail(EMAIL, "letters@reaction.life", _raw("Second thoughts"))
        sink.wait_for(1)            # one acknowledgement: the second letter is within the interval
    finally:
        listener.stop()
    wait_processed(mail_db, mail_settings)      # both letters made, whatever the listener had left
    other = store_letter(mail_db, author_email="bo@example.org", text="Sir, the harbour is fine.")
    with transaction(mail_db.factory) as s:
        first = s.scalar(select(Letter.id).where(Letter.subject == "Harbour plan"))
        moderation.shortlist(s, first, user=None)
        moderation.edit_publication(s, first, user=None, version=None, headline="Fishermen",
                                    publication_text="Sir, the harbour plan ignores the fishermen.",
                                    signoff_name="Ann Private", signoff_location="York")
        moderation.add_note(s, first, user=None, body="Phoned her on 01904 555123 at Acacia Avenue")
        request = consent.send_for_approval(s, mail_settings, s.get(Letter, first), user=None)
        consent.answer(s, request, "suggest", via="link", suggestion="Call me: 01904 555123")
        moderation.publish(s, [s.get(Letter, first)], actor="cli", fmt="md")
    return first, other


def _cells(db):
    """Every value in every table of this database (shadow tables of the search index included)."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars().all()
            for name in names:
                for row in conn.execute(text(f'SELECT * FROM "{name}"')):
                    for value in row:
                        yield name, value
        else:
            names = conn.execute(text("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = current_schema()")).scalars().all()
            for name in names:
                for (value,) in conn.execute(text(f'SELECT row_to_json(t)::text FROM "{name}" t')):
                    yield name, value


def _found(db) -> set[tuple[str, str]]:
    found = set()
    for table, value in _cells(db):
        if value is None:
            continue
        hay = bytes(value).lower() if isinstance(value, (bytes, memoryview)) else str(value).lower().encode()
        for secret in SECRETS:
            if secret.encode() in hay or secret.encode().hex().encode() in hay:
                found.add((table, secret))
    return found


def _exports_text(session) -> str:
    letters = select_for_export(session, status="all")
    out = []
    for fmt in FORMATS:
        data = export_letters(letters, fmt)
        if fmt == "docx":
            data = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        out.append(data.decode("utf-8", errors="replace"))
    return "\n".join(out).lower()


def test_export_prints_everything_held(writer, mail_settings, mail_db):
    result = _run(mail_settings, "readers", "export", EMAIL)
    data = json.loads(result.output)
    assert {l["subject"] for l in data["letters"]} == {"Harbour plan", "Second thoughts"}
    assert all("rawmarker7788" in l["raw_message"] for l in data["letters"])
    assert {m["kind"] for m in data["mail_sent"]} >= {"acknowledgement", "consent"}
    assert data["contact"][0]["email"] == EMAIL
    assert any(e["action"] == "note" for e in data["audit"])
    assert data["consent_requests"][0]["suggestion"] == "Call me: 01904 555123"
    assert "bo@example.org" not in result.output


def test_erase_leaves_no_trace_in_any_table_or_export(writer, mail_settings, mail_db):
    first, other = writer
    assert {s for _, s in _found(mail_db)} == set(SECRETS)           # the scan finds them before
    dry = json.loads(_run(mail_settings, "readers", "erase", EMAIL, "--dry-run").output)
    assert dry["dry_run"] and dry["letters_removed"] == 1 and dry["letters_kept_published"] == 1
    assert {s for _, s in _found(mail_db)} == set(SECRETS)           # the dry run changed nothing
    done = json.loads(_run(mail_settings, "readers", "erase", EMAIL).output)
    assert done["letters_removed"] == 1 and done["mail_sent"] >= 2 and done["attachments"] == 2
    assert _found(mail_db) == set()
    with mail_db.factory() as s:
        kept = s.get(Letter, first)
        assert kept.text == "Sir, the harbour plan ignores the fishermen."
        assert (kept.author_name, kept.author_location, kept.author_email) == ("Ann Private", "York", None)
        assert s.get(Letter, other) is not None
        assert s.scalar(select(func.count()).select_from(Letter)) == 2
        assert EMAIL not in _exports_text(s) and "555123" not in _exports_text(s)
        # Search follows: the erased words are gone, the kept text is found.
        assert s.scalars(select(Letter.id).where(search_condition(s, "Acacia"))).all() == []
        assert s.scalars(select(Letter.id).where(search_condition(s, "fishermen"))).all() == [first]
        counted = {(c.status, c.n) for c in s.scalars(select(LetterCount)) if c.n}
        actual = set(s.execute(select(Letter.status, func.count()).group_by(Letter.status)).all())
        assert counted == {(st.value, n) for st, n in actual}
        erased = s.scalar(select(AuditEvent).where(AuditEvent.action == "reader-erased"))
        assert erased.after["letters_removed"] == 1 and EMAIL not in json.dumps(erased.after)
    assert json.loads(_run(mail_settings, "readers", "export", EMAIL).output)["letters"] == []


def test_erase_without_keeping_published_removes_every_letter(writer, mail_settings, mail_db):
    settings = mail_settings.with_(keep_published=False)
    with transaction(mail_db.factory) as s:
        from inbox.readers.privacy import erase_writer
        result = erase_writer(s, settings, EMAIL, actor="test")
    assert (result.letters_removed, result.letters_kept_published) == (2, 0)
    assert _found(mail_db) == set()
    with mail_db.factory() as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 1


def test_purge_by_age(mail_settings, mail_db):
    old = datetime.now(timezone.utc) - timedelta(days=200)
    very_old = datetime.now(timezone.utc) - timedelta(days=400)
    unpublished = store_letter(mail_db, received_at=old, author_email="a@example.org")
    recent_published = store_letter(mail_db, received_at=old, status=Status.PUBLISHED, author_email="b@example.org")
    old_published = store_letter(mail_db, received_at=very_old, status=Status.PUBLISHED, author_email="c@example.org")
    fresh = store_letter(mail_db, author_email="d@example.org")
    dry = _run(mail_settings, "purge", "--dry-run").output
    assert "would purge: 1 unpublished" in dry and "1 published" in dry
    with mail_db.factory() as s:
        assert s.get(Letter, unpublished).author_email == "a@example.org"
    report = _run(mail_settings, "purge").output
    assert report.startswith("purged: 1 unpublished letter(s) older than 180 days, 1 published")
    with mail_db.factory() as s:
        for letter_id, purged in ((unpublished, True), (recent_published, False), (old_published, True), (fresh, False)):
            letter = s.get(Letter, letter_id)
            assert (letter.author_email is None) is purged
            assert (letter.message.raw == b"") is purged
            assert letter.text                                   # the letter itself stays
    assert "purged: 0 unpublished" in _run(mail_settings, "purge").output


def test_a_backlog_is_purged_a_batch_a_transaction(mail_settings, mail_db, monkeypatch):
    from inbox.readers import retention
    monkeypatch.setattr(retention, "BATCH", 2)     # five letters: three transactions of at most two
    old = datetime.now(timezone.utc) - timedelta(days=200)
    ids = [store_letter(mail_db, received_at=old, author_email=f"r{i}@example.org") for i in range(5)]
    assert retention.run_purge(mail_db, mail_settings).startswith("purged: 5 unpublished")
    with mail_db.factory() as s:
        assert all(s.get(Letter, i).author_email is None for i in ids)
        batches = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention-purge")).all()
        assert [b.after["unpublished"] for b in batches] == [2, 2, 1]


@pytest.fixture
def mail_admin(mail_settings, mail_db):
    from inbox.desk import accounts
    from inbox.web import create_app
    app = create_app(mail_settings, db=mail_db, test_config={"TESTING": True})
    with transaction(mail_db.factory) as s:
        accounts.create_user(s, ADMIN[0], ADMIN[1], role="admin")
    client = app.test_client()
    assert sign_in(client, *ADMIN).status_code == 302
    return client


def test_the_admin_page_shows_the_data_and_erases_after_confirmation(writer, mail_admin, mail_db):
    page = mail_admin.get(f"/admin/readers?email={EMAIL}").get_data(as_text=True)
    assert "rawmarker7788" in page and "letters removed 1" in page
    download = mail_admin.get(f"/admin/readers/export.json?email={EMAIL}")
    assert json.loads(download.data)["email"] == EMAIL
    token = csrf_token(mail_admin, "/admin/readers")
    r = mail_admin.post("/admin/readers/erase", data={"csrf_token": token, "email": EMAIL, "confirm": "wrong"})
    assert r.status_code == 302 and {s for _, s in _found(mail_db)} == set(SECRETS)
    r = mail_admin.post("/admin/readers/erase", data={"csrf_token": token, "email": EMAIL, "confirm": EMAIL})
    assert r.status_code == 302
    assert _found(mail_db) == set()


def test_serve_purges_at_start_and_daily(mail_settings, mail_db):
    from inbox.readers.retention import DailyPurge
    old = store_letter(mail_db, received_at=datetime.now(timezone.utc) - timedelta(days=200))
    purging = DailyPurge(mail_db, mail_settings, interval=3600).start()
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with mail_db.factory() as s:
                if s.get(Letter, old).author_email is None:
                    break
            time.sleep(0.1)
    finally:
        purging.stop()
    with mail_db.factory() as s:
        assert s.get(Letter, old).author_email is None
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "retention-purge"))
