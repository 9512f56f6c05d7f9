"""The web side under attack: only what tests/web and tests/browser do not already cover.

Covered there (and listed in docs/reliability.md): the access-control matrix over every route,
CSRF refusals, sign-out ending copied cookies, throttled sign-in, cookie flags, security headers
on pages, ``?next=`` redirects, hostile HTML in a real browser. Here: session fixation, forged and
tampered cookies, hostile sign-in input, header injection through ``?next=``, oversized requests,
and the security headers on error responses.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from inbox.models import User
from tests.web.conftest import ADMIN, EDITOR, app, client, csrf_token, sign_in, store_letter, users  # noqa: F401

COOKIE = "inbox_session"


def cookie(c) -> str | None:
    found = c.get_cookie(COOKIE)
    return found.value if found else None


def with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def signed_out(c) -> bool:
    r = c.get("/")
    return r.status_code == 302 and r.headers["Location"].startswith("/signin")


def test_session_fixation_a_planted_cookie_never_becomes_signed_in(app, client, users, db):
    letter_id = store_letter(db)
    token_before = csrf_token(client, "/signin")          # the victim's pre-sign-in session
    planted = cookie(client)
    assert planted, "the sign-in page sets a session cookie (it holds the CSRF token)"
    attacker = with_cookie(app, planted)                  # the attacker knows (or chose) it
    assert sign_in(client, *EDITOR).status_code == 302
    assert cookie(client) != planted                       # a new session at sign-in
    assert not client.get("/").status_code == 302
    assert signed_out(attacker)                            # the planted cookie stays signed out
    # Nothing from before sign-in carries over: not even the CSRF token.
    r = client.post(f"/letters/{letter_id}/shortlist", data={"csrf_token": token_before, "version": "1"})
    assert r.status_code == 400
    r = client.post(f"/letters/{letter_id}/shortlist", data={"csrf_token": csrf_token(client, "/"), "version": "1"})
    assert r.status_code == 302


def test_the_session_cookie_changes_again_at_sign_out_and_the_old_one_is_dead(app, client, users):
    sign_in(client, *EDITOR)
    signed_in_cookie = cookie(client)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    assert cookie(client) != signed_in_cookie
    assert signed_out(with_cookie(app, signed_in_cookie))
    # Signing in again gives a cookie that differs from the first session's as well.
    sign_in(client, *EDITOR)
    assert cookie(client) not in (signed_in_cookie, None)


def test_tampered_and_foreign_cookies_are_refused(app, client, users, db):
    sign_in(client, *EDITOR)
    value = cookie(client)
    flipped = value[:-3] + ("A" if value[-3] != "A" else "B") + value[-2:]
    assert signed_out(with_cookie(app, flipped))
    with db.factory() as s:
        admin = s.query(User).filter_by(email=ADMIN[0]).one()
        editor = s.query(User).filter_by(email=EDITOR[0]).one()
        admin_id, editor_id, editor_token = admin.id, editor.id, editor.session_token
    # Signed with another key (another installation's cookie, or a guessed key).
    foreign = URLSafeTimedSerializer("not our secret", salt="cookie-session",
                                     serializer=SecureCookieSessionInterface.serializer,
                                     signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1})
    assert signed_out(with_cookie(app, foreign.dumps({"uid": admin_id, "tok": editor_token})))
    # Even with our key, a cookie needs the user's current session token: a uid alone is nothing.
    ours = SecureCookieSessionInterface().get_signing_serializer(app)
    for forged in ({"uid": admin_id}, {"uid": admin_id, "tok": editor_token}, {"uid": admin_id, "tok": ""},
                   {"uid": str(admin_id), "tok": None}, {"uid": [admin_id], "tok": {"$ne": 1}}):
        assert signed_out(with_cookie(app, ours.dumps(forged))), forged
    # The genuine pair works, which shows the forgeries failed for the right reason.
    assert not signed_out(with_cookie(app, ours.dumps({"uid": editor_id, "tok": editor_token})))


@pytest.mark.parametrize("email,password", [
    ("x" * 5000 + "@example.org", "p"),
    ("editor@reaction.life\r\nX-Injected: 1", "editor passphrase 123"),
    ("editor@reaction.life\x00", "not the passphrase"),     # NUL would crash a PostgreSQL query
    ("' OR 1=1 --", "' OR '1'='1"),
    ("EDITOR@REACTION.LIFE ", "p" * 10000),
    ("\u202eefil.noitcaer@rotide", "editor passphrase 123"),
])
def test_hostile_sign_in_input_is_refused_cleanly(client, users, email, password):
    token = csrf_token(client, "/signin")
    r = client.post("/signin", data={"email": email, "password": password, "csrf_token": token})
    assert r.status_code in (400, 401), r.status_code
    assert "Traceback" not in r.get_data(as_text=True)
    assert signed_out(client)


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: evil=1", "/%0d%0aSet-Cookie:%20evil=1", "/\x00/evil.example",
                                    "/%2F%2Fevil.example", "/\u2028//evil.example"])
def test_next_cannot_inject_headers_or_leave_the_site(client, users, target):
    r = sign_in(client, *EDITOR, next_path=target)
    assert r.status_code == 302
    location = r.headers["Location"]
    assert "\r" not in location and "\n" not in location and "evil=1" not in r.headers.get("Set-Cookie", "")
    assert location.startswith("/") and not location.startswith(("//", "/\\")) and not urlsplit(location).netloc
    assert client.get_cookie("evil") is None


def test_an_oversized_request_is_refused_with_a_page(client, users):
    token = csrf_token(client, "/signin")
    r = client.post("/signin", data={"email": "a@b.org", "password": "x" * (3 * 1024 * 1024), "csrf_token": token})
    assert r.status_code == 413
    assert "Traceback" not in r.get_data(as_text=True)


@pytest.mark.parametrize("make", ["404", "405", "csrf", "500"])
def test_error_responses_carry_the_security_headers(app, client, users, monkeypatch, make):
    sign_in(client, *EDITOR)
    if make == "404":
        r = client.get("/no/such/page")
    elif make == "405":
        r = client.get("/signout")
    elif make == "csrf":
        r = client.post("/signout")
    else:
        from inbox.desk import queue

        def boom(*a, **k):
            raise RuntimeError("boom")
        monkeypatch.setattr(queue, "fetch_page", boom)
        r = client.get("/")
    assert r.status_code >= 400
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY" and r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in r.get_data(as_text=True) and "boom" not in r.get_data(as_text=True)


# Counted into docs/reliability.md ("hostile inputs tried").
HAND_WRITTEN = 1 + 1 + 1 + 5 + 1 + 6 + 5 + 1 + 4
