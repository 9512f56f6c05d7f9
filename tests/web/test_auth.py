"""Signing in and out: throttling, logging, cookie flags, sessions that really end, ?next=."""
from __future__ import annotations

import logging

import pytest

from inbox.web import create_app

from .conftest import ADMIN, EDITOR, csrf_token, sign_in


def test_sign_in_with_the_right_password_opens_the_queue(client, users):
    r = sign_in(client, *EDITOR)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which_part(client, users):
    r = sign_in(client, EDITOR[0], "not the password at all")
    assert r.status_code == 401
    assert "do not match" in r.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_and_inactive_accounts_are_refused(client, users, db):
    assert sign_in(client, "nobody@reaction.life", "whatever password").status_code == 401
    from inbox.models import User
    with db.factory() as s, s.begin():
        s.get(User, users["editor"]).active = False
    assert sign_in(client, *EDITOR).status_code == 401


def test_sign_in_post_without_csrf_token_is_refused(client, users):
    r = client.post("/signin", data={"email": EDITOR[0], "password": EDITOR[1]})
    assert r.status_code == 400
    assert client.get("/").status_code == 302


def test_failures_and_successes_are_logged_with_clean_email(client, users, caplog):
    caplog.set_level(logging.INFO, logger="inbox.auth")
    sign_in(client, "evil@x.org\r\nsign-in ok email='admin@reaction.life'", "wrong password!!")
    sign_in(client, *EDITOR)
    lines = [r.getMessage() for r in caplog.records if r.name == "inbox.auth"]
    assert any(line.startswith("sign-in failed") for line in lines)
    assert any(line.startswith("sign-in ok") and EDITOR[0] in line for line in lines)
    assert all("\n" not in line and "\r" not in line for line in lines)


def test_throttled_per_account_with_429(settings, db, users):
    app = create_app(settings.with_(login_attempts=3), db=db, test_config={"TESTING": True})
    for i in range(3):
        # each from its own client address, so only the per-account limit can trip
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = f"10.0.0.{i}"
        assert sign_in(c, EDITOR[0], "wrong password " * 2).status_code == 401
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    r = sign_in(c, *EDITOR)                      # even the right password waits out the window
    assert r.status_code == 429
    assert "Too many" in r.get_data(as_text=True)
    assert sign_in(c, *ADMIN).status_code == 302  # other accounts are not affected


def test_throttled_per_client_with_429(settings, db, users):
    app = create_app(settings.with_(login_attempts=3), db=db, test_config={"TESTING": True})
    c = app.test_client()
    for i in range(3):
        assert sign_in(c, f"guess{i}@reaction.life", "wrong password here").status_code == 401
    assert sign_in(c, *ADMIN).status_code == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in(other, *ADMIN).status_code == 302


def test_throttle_window_passes(settings, db, users):
    app = create_app(settings.with_(login_attempts=2, login_window=1), db=db, test_config={"TESTING": True})
    c = app.test_client()
    for _ in range(2):
        sign_in(c, EDITOR[0], "wrong password here")
    assert sign_in(c, *EDITOR).status_code == 429
    from inbox.models import LoginAttempt
    from datetime import timedelta
    with db.factory() as s, s.begin():     # age the attempts past the window instead of sleeping
        for a in s.query(LoginAttempt):
            a.at = a.at - timedelta(seconds=5)
    assert sign_in(c, *EDITOR).status_code == 302


def _session_cookie(response):
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith("inbox_session=")][-1]


def test_session_cookie_flags(client, users):
    cookie = _session_cookie(sign_in(client, *EDITOR))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_secure_when_configured(settings, db, users):
    app = create_app(settings.with_(secure_cookies=True), db=db, test_config={"TESTING": True})
    c = app.test_client()
    token = csrf_token(c, "https://localhost/signin")
    r = c.post("https://localhost/signin", data={"email": EDITOR[0], "password": EDITOR[1], "csrf_token": token},
               headers={"Referer": "https://localhost/signin"})
    assert r.status_code == 302
    assert "Secure" in _session_cookie(r)


def _copy_cookie(app, source):
    value = source.get_cookie("inbox_session").value
    copy = app.test_client()
    copy.set_cookie("inbox_session", value)
    return copy


def test_sign_out_ends_a_copied_cookie(app, editor_client):
    copy = _copy_cookie(app, editor_client)
    assert copy.get("/").status_code == 200
    token = csrf_token(editor_client, "/")
    r = editor_client.post("/signout", data={"csrf_token": token})
    assert r.status_code == 302
    assert editor_client.get("/").status_code == 302
    assert copy.get("/").status_code == 302          # the copy died too


def test_sign_out_needs_post_with_csrf(editor_client):
    assert editor_client.get("/signout").status_code == 405
    assert editor_client.post("/signout").status_code == 400
    assert editor_client.get("/").status_code == 200


def test_password_change_ends_other_sessions_but_not_this_one(app, editor_client):
    copy = _copy_cookie(app, editor_client)
    token = csrf_token(editor_client, "/account/password")
    new = "a brand new passphrase 789"
    r = editor_client.post("/account/password", data={"csrf_token": token, "current": EDITOR[1],
                                                       "new": new, "confirm": new})
    assert r.status_code == 302
    assert editor_client.get("/").status_code == 200
    assert copy.get("/").status_code == 302
    fresh = app.test_client()
    assert sign_in(fresh, EDITOR[0], EDITOR[1]).status_code == 401
    assert sign_in(fresh, EDITOR[0], new).status_code == 302


def test_password_change_checks_current_and_length(editor_client):
    token = csrf_token(editor_client, "/account/password")
    r = editor_client.post("/account/password", data={"csrf_token": token, "current": "wrong one entirely",
                                                       "new": "x" * 20, "confirm": "x" * 20})
    assert r.status_code == 400 and "not right" in r.get_data(as_text=True)
    r = editor_client.post("/account/password", data={"csrf_token": token, "current": EDITOR[1],
                                                       "new": "short", "confirm": "short"})
    assert r.status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example", "///evil.example",
                                    "/\tevil", "evil.example"])
def test_next_never_leaves_the_site(client, users, target):
    r = sign_in(client, *EDITOR, next_path=target)
    assert r.status_code == 302
    assert r.headers["Location"] == "/"


def test_next_keeps_a_local_path(client, users, letter_id):
    r = sign_in(client, *EDITOR, next_path=f"/letters/{letter_id}")
    assert r.headers["Location"] == f"/letters/{letter_id}"


def test_signed_out_visit_remembers_where_it_was_going(client, letter_id):
    r = client.get(f"/letters/{letter_id}")
    assert r.status_code == 302 and r.headers["Location"].startswith("/signin?next=")
