"""Headers, CSRF refusals, 404s instead of 500s, error pages, health, and the inert original."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from inbox.models import Letter, Status

from .conftest import csrf_token, store_letter


def test_security_headers_on_pages(editor_client, client):
    for c, path in ((editor_client, "/"), (client, "/signin")):
        r = c.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"]


def test_pages_have_no_inline_script_and_no_remote_assets(editor_client, letter_id):
    for path in ("/", f"/letters/{letter_id}", "/signin"):
        html = editor_client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "<script>" not in html and " on" + "click=" not in html
        assert "http://" not in html.replace("http://localhost", "") or "cdn" not in html
        assert "cdn" not in html.lower()


@pytest.mark.parametrize("path", ["/letters/{id}/shortlist", "/letters/{id}/reject", "/letters/{id}/restore",
                                  "/letters/{id}/publication", "/letters/{id}/article", "/letters/{id}/notes",
                                  "/letters/{id}/move", "/queue/bulk", "/signout", "/account/password"])
def test_state_changes_without_csrf_token_are_refused(editor_client, db, letter_id, path):
    r = editor_client.post(path.format(id=letter_id), data={"version": "1", "letter": f"{letter_id}:1",
                                                            "action": "shortlist", "direction": "up"})
    assert r.status_code == 400
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.status is Status.NEW and letter.version == 1 and not letter.notes


def test_a_token_from_another_session_is_refused(app, editor_client, letter_id, users):
    other = app.test_client()
    stolen = csrf_token(other, "/signin")
    r = editor_client.post(f"/letters/{letter_id}/shortlist", data={"csrf_token": stolen, "version": "1"})
    assert r.status_code == 400


def test_get_never_changes_state(editor_client, db, letter_id):
    assert editor_client.get(f"/letters/{letter_id}/shortlist").status_code == 405
    assert editor_client.get(f"/queue/bulk?action=shortlist&letter={letter_id}:1").status_code == 405
    with db.factory() as s:
        assert s.get(Letter, letter_id).status is Status.NEW


@pytest.mark.parametrize("path", ["/letters/999999", "/letters/999999/original.html", "/letters/999999/raw.eml",
                                  "/letters/999999/attachments/1", "/no/such/page"])
def test_missing_things_are_404_pages(editor_client, path):
    r = editor_client.get(path)
    assert r.status_code == 404
    assert "Not found" in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)


def test_actions_on_a_missing_letter_are_404(editor_client):
    token = csrf_token(editor_client)
    for action in ("shortlist", "reject", "restore", "publication", "article", "notes", "move"):
        r = editor_client.post(f"/letters/999999/{action}", data={"csrf_token": token, "version": "1",
                                                                   "direction": "up"})
        assert r.status_code == 404, action


def test_unexpected_error_is_a_page_not_a_traceback(app, editor_client, monkeypatch):
    from inbox.desk import queue

    def boom(*a, **k):
        raise RuntimeError("secret detail of a bug")
    monkeypatch.setattr(queue, "fetch_page", boom)
    r = editor_client.get("/")
    assert r.status_code == 500
    text = r.get_data(as_text=True)
    assert "Something went wrong" in text and "secret detail" not in text and "Traceback" not in text


def test_an_unavailable_database_is_a_503_with_retry_after(app, editor_client, monkeypatch):
    from inbox.desk import queue

    def locked(*a, **k):
        raise OperationalError("SELECT", {}, Exception("database is locked"))
    monkeypatch.setattr(queue, "fetch_page", locked)
    r = editor_client.get("/")
    assert r.status_code == 503 and r.headers["Retry-After"] == "30"
    text = r.get_data(as_text=True)
    assert "Unavailable" in text and "nothing was changed" in text
    assert "database is locked" not in text and "Traceback" not in text and "SELECT" not in text


def test_healthz_is_public_json(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}


def test_healthz_503_when_database_is_gone(client, monkeypatch):
    from sqlalchemy.orm import Session

    def broken(self, *a, **k):
        raise OperationalError("SELECT 1", {}, Exception("down"))
    monkeypatch.setattr(Session, "execute", broken)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.get_json()["status"] != "ok"


HOSTILE = """<p onclick="alert(1)">Dear editor</p><script>alert(1)</script>
<img src="http://evil.example/track.png" onerror="alert(2)"><img src="//evil.example/p.gif">
<a href="javascript:alert(3)">click</a><svg onload="alert(4)"><script>alert(5)</script></svg>
<meta http-equiv="refresh" content="0;url=http://evil.example/"><form action="http://evil.example/"><input name="q"></form>
<div style="background:url(http://evil.example/bg.png)">styled</div><style>@import url(http://evil.example/x.css)</style>
<iframe src="http://evil.example/"></iframe><object data="http://evil.example/x.swf"></object>
<img src="cid:logo@example.org">"""


def test_original_html_is_sanitised_and_sandboxed(editor_client, db):
    letter_id = store_letter(db, html=HOSTILE, attachments=[("logo.png", "image/png", b"\x89PNG fake", True,
                                                             "logo@example.org")])
    page = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert f'sandbox="" src="/letters/{letter_id}/original.html"' in page
    r = editor_client.get(f"/letters/{letter_id}/original.html")
    body = r.get_data(as_text=True).split("<body>", 1)[1]
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "img-src 'self' data:" in csp and "sandbox" in csp
    assert "frame-ancestors 'self'" in csp and r.headers["X-Frame-Options"] == "SAMEORIGIN"
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "evil.example", "<svg", "<meta",
                "<form", "<iframe", "<object", "url("):
        assert bad not in body, bad
    assert "Dear editor" in body and 'src="data:image/png;base64,' in body


def test_attachments_download_as_attachments_with_safe_types(editor_client, db):
    letter_id = store_letter(db, attachments=[("evil.html", "text/html", b"<script>alert(1)</script>", False, None),
                                              ("photo.png", "image/png", b"\x89PNG", False, None)])
    from inbox.models import Attachment
    with db.factory() as s:
        html_att, png_att = [a.id for a in s.query(Attachment).filter_by(letter_id=letter_id).order_by(Attachment.id)]
    r = editor_client.get(f"/letters/{letter_id}/attachments/{html_att}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    r = editor_client.get(f"/letters/{letter_id}/attachments/{png_att}")
    assert r.headers["Content-Type"] == "image/png" and r.headers["Content-Disposition"].startswith("attachment")
    assert editor_client.get(f"/letters/{letter_id + 1000}/attachments/{png_att}").status_code == 404


def test_raw_eml_downloads(editor_client, letter_id):
    r = editor_client.get(f"/letters/{letter_id}/raw.eml")
    assert r.status_code == 200 and r.headers["Content-Disposition"].startswith("attachment")
    assert b"Subject: Taiwan" in r.data


def test_markup_in_letters_is_escaped_on_pages(editor_client, db):
    letter_id = store_letter(db, subject="<script>alert(1)</script>", text="<img src=x onerror=alert(1)>\r\nline",
                             author_name="<b>Bold</b>")
    for path in ("/", f"/letters/{letter_id}"):
        html = editor_client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "<b>Bold" not in html
        assert "&lt;script&gt;" in html


def test_healthz_503_even_with_a_signed_in_cookie(editor_client, monkeypatch):
    from sqlalchemy.orm import Session

    def broken(self, *a, **k):
        raise OperationalError("SELECT 1", {}, Exception("down"))
    monkeypatch.setattr(Session, "execute", broken)
    monkeypatch.setattr(Session, "get", broken)
    assert editor_client.get("/healthz").status_code == 503
