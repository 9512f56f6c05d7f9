"""The ``export`` blueprint: signed-in downloads with the right type and file name; marking
Published only by POST with a CSRF token, audited with the editor's name."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone

import docx
import pytest

from tests.export_support import add_letter, article
from inbox.desk import accounts
from inbox.db import transaction
from inbox.models import AuditEvent, Letter, Status
from inbox.web import create_app

EDITOR = ("export-editor@reaction.life", "a long editor passphrase")
_TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')
TODAY = lambda: datetime.now(timezone.utc).date().isoformat()  # noqa: E731


@pytest.fixture
def app(settings, db):
    return create_app(settings, db=db, test_config={"TESTING": True})


def csrf_token(client, path: str) -> str:
    match = _TOKEN.search(client.get(path, follow_redirects=True).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def editor(app, db):
    with transaction(db.factory) as s:
        user = accounts.create_user(s, *EDITOR, name="Eddie Editor")
        user_id = user.id
    client = app.test_client()
    response = client.post("/signin", data={"email": EDITOR[0], "password": EDITOR[1],
                                            "csrf_token": csrf_token(client, "/signin")})
    assert response.status_code == 302
    client.user_id = user_id
    return client


@pytest.fixture
def letters(session):
    blinken = article(session, "blinken-beijing", "Blinken in Beijing")
    ids = {
        "second": add_letter(session, article=blinken, position=2, text="Sir, second.",
                             author_email="second@example.org").id,
        "first": add_letter(session, article=blinken, position=1, text="Sir, first.", headline="First!",
                            author_email="first@example.org").id,
        "other": add_letter(session, text="Sir, unlinked.", author_email="other@example.org").id,
    }
    session.commit()
    return ids


def test_signed_out_visitors_get_no_export(app, letters):
    client = app.test_client()
    for response in (client.get("/export?format=csv"), client.post("/export", data={"format": "csv"})):
        assert response.status_code in (302, 401, 400)
        assert b"@example.org" not in response.data
        if response.status_code == 302:
            assert "/signin" in response.headers["Location"]


def test_get_downloads_an_attachment_with_type_and_name(editor, letters):
    response = editor.get("/export?format=docx&status=shortlisted&article=blinken-beijing&since=&until=")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="letters-blinken-beijing-{TODAY()}.docx"')
    texts = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs]
    assert texts.index("First!") < texts.index("Sir, first.") < texts.index("Sir, second.")
    assert "Sir, unlinked." not in texts


@pytest.mark.parametrize("fmt,ctype", [("md", "text/markdown"), ("txt", "text/plain"), ("html", "text/html"),
                                       ("csv", "text/csv"), ("json", "application/json")])
def test_every_text_format_downloads(editor, letters, fmt, ctype):
    response = editor.get(f"/export?format={fmt}")
    assert response.status_code == 200 and response.mimetype == ctype
    assert response.headers["Content-Disposition"] == f'attachment; filename="letters-{TODAY()}.{fmt}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.data.decode("utf-8-sig")
    if fmt == "json":
        assert [r["id"] for r in json.loads(body)] == [letters["first"], letters["second"], letters["other"]]
    elif fmt == "csv":
        assert [r["author_email"] for r in csv.DictReader(io.StringIO(body, newline=""))] == [
            "first@example.org", "second@example.org", "other@example.org"]
    else:
        assert body.index("Sir, first.") < body.index("Sir, second.") < body.index("Sir, unlinked.")
        assert "@example.org" not in body


def test_bad_parameters_are_refused(editor, letters):
    assert editor.get("/export?format=pdf").status_code == 400
    assert editor.get("/export").status_code == 400
    assert editor.get("/export?format=md&status=bogus").status_code == 400
    assert editor.get("/export?format=md&since=yesterday").status_code == 400
    assert editor.get("/export?format=md&since=2026-11-12&until=2026-11-10").status_code == 400


def test_get_never_marks_published(editor, letters, db):
    assert editor.get("/export?format=md&mark_published=y").status_code == 200
    with db.factory() as s:
        assert s.get(Letter, letters["first"]).status is Status.SHORTLISTED
        assert s.query(AuditEvent).filter_by(action="export-published").count() == 0


def test_post_without_csrf_token_changes_nothing(editor, letters, db):
    response = editor.post("/export", data={"format": "md", "status": "shortlisted", "mark_published": "y"})
    assert response.status_code == 400
    with db.factory() as s:
        assert s.get(Letter, letters["first"]).status is Status.SHORTLISTED


def test_post_marks_the_exported_letters_published_and_audits_the_editor(editor, letters, db):
    token = csrf_token(editor, "/")
    response = editor.post("/export", data={"format": "csv", "status": "shortlisted", "article": "blinken-beijing",
                                            "mark_published": "y", "csrf_token": token})
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    assert 'filename="letters-blinken-beijing-' in response.headers["Content-Disposition"]
    with db.factory() as s:
        assert s.get(Letter, letters["first"]).status is Status.PUBLISHED
        assert s.get(Letter, letters["second"]).status is Status.PUBLISHED
        assert s.get(Letter, letters["other"]).status is Status.SHORTLISTED
        events = s.query(AuditEvent).filter_by(action="export-published").all()
    assert sorted(e.letter_id for e in events) == sorted([letters["first"], letters["second"]])
    assert all(e.user_id == editor.user_id and e.user_email == EDITOR[0] and e.after["format"] == "csv"
               for e in events)


def test_post_without_mark_published_only_downloads(editor, letters, db):
    token = csrf_token(editor, "/")
    response = editor.post("/export", data={"format": "json", "csrf_token": token})
    assert response.status_code == 200 and len(json.loads(response.data)) == 3
    with db.factory() as s:
        assert s.query(AuditEvent).filter_by(action="export-published").count() == 0
