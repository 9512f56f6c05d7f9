"""Secure cookies and HSTS whenever the request arrived over HTTPS (issue 13), over real HTTP.

Behind a reverse proxy that terminates TLS the app sees plain HTTP; with INBOX_TRUSTED_PROXIES=N
it believes the X-Forwarded-Proto (and -For, -Host, -Port) that the nearest N proxies set, through
Werkzeug's ProxyFix. Without the setting it believes none of them: a client cannot make the app
think it is on HTTPS, nor choose the address that sign-in throttling counts.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from inbox.db import transaction
from inbox.desk import accounts
from inbox.models import LoginAttempt
from tests.web.live_http import Client, serving

EDITOR = ("https-editor@reaction.life", "a long editor passphrase")


@pytest.fixture
def editor(db):
    with transaction(db.factory) as s:
        accounts.create_user(s, *EDITOR)


def cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_all("Set-Cookie") or []}


def sign_in_over(port: int, proto: str | None) -> tuple[Client, object]:
    client = Client(port, "198.51.100.20")
    if proto:
        client.headers["X-Forwarded-Proto"] = proto
    return client, client.sign_in(*EDITOR)


def test_behind_a_trusted_proxy_https_gets_secure_cookies_and_hsts(settings, db, editor):
    with serving(settings.with_(trusted_proxies=1), db) as port:
        client, r = sign_in_over(port, "https")
        assert r.status == 302
        cookies = cookie_headers(r)
        assert "Secure" in cookies["inbox_session"] and "Secure" in cookies["inbox_device"]
        assert r.getheader("Strict-Transport-Security") == "max-age=31536000"
        assert r.getheader("Location") == "/"
        page = client.request("GET", "/")
        assert page.status == 200 and page.getheader("Strict-Transport-Security")
        # The same proxy forwarding plain HTTP: no Secure, no HSTS.
        _, r = sign_in_over(port, "http")
        assert r.status == 302 and "Secure" not in cookie_headers(r)["inbox_session"]
        assert r.getheader("Strict-Transport-Security") is None


def test_without_the_setting_forwarded_headers_are_not_believed(settings, db, editor):
    with serving(settings, db) as port:
        client, r = sign_in_over(port, "https")
        # Seen as plain HTTP: no HSTS, no Secure; and the CSRF check did not demand an HTTPS
        # Referer, which shows the app did not take the request for HTTPS.
        assert r.status == 302
        assert "Secure" not in cookie_headers(r)["inbox_session"]
        assert r.getheader("Strict-Transport-Security") is None
    with db.factory() as s:       # and the client could not choose the address that is counted
        assert s.scalars(select(LoginAttempt.client)).all() == ["127.0.0.1"]


def test_secure_cookies_setting_still_forces_them_on(settings, db, editor):
    with serving(settings.with_(secure_cookies=True), db) as port:
        _, r = sign_in_over(port, None)
        assert r.status == 302
        assert "Secure" in cookie_headers(r)["inbox_session"]
        assert r.getheader("Strict-Transport-Security") == "max-age=31536000"
