"""Sign-in throttling that an attacker cannot turn against the owner (issue 13), over real HTTP.

The app runs under waitress on a real socket, behind one trusted proxy (INBOX_TRUSTED_PROXIES=1),
so each client says where it comes from with X-Forwarded-For. Two parties: an attacker guessing
the admin's password from 203.0.113.66 with no cookies, and the owner, whose laptop signed in
before (it holds the signed device cookie) and who also tries from a fresh device. Before this,
five wrong guesses locked the account, the only admin included, for 15 minutes.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from inbox.db import transaction
from inbox.desk import accounts
from inbox.models import LoginAttempt
from tests.web.live_http import Client, serving

OWNER = ("owner@reaction.life", "the owner's passphrase 1")
OTHER = ("other@reaction.life", "another passphrase 22")
ATTACKER_ADDRESS = "203.0.113.66"


@pytest.fixture
def server(settings, db):
    with transaction(db.factory) as s:
        accounts.create_user(s, *OWNER, role="admin")
        accounts.create_user(s, *OTHER)
    with serving(settings.with_(login_attempts=3, trusted_proxies=1), db) as port:
        yield port


def retry_after(response) -> int:
    assert response.status == 429, (response.status, response.text[:300])
    return int(response.getheader("Retry-After"))


def test_the_attackers_guesses_never_lock_out_the_owners_known_device(server, db):
    laptop = Client(server, "198.51.100.7")
    assert laptop.sign_in(*OWNER).status == 302             # the owner signed in here before
    assert "inbox_device" in laptop.cookies
    laptop.sign_out()

    attacker = Client(server, ATTACKER_ADDRESS)
    for _ in range(3):
        assert attacker.sign_in(OWNER[0], "a wrong guess!!").status == 401
    # The attacker is slowed down: refused at once, not even checked...
    assert retry_after(attacker.sign_in(*OWNER)) >= 1
    # ...but the owner's own browser keeps its allowance, even from the attacker's address.
    laptop.address = ATTACKER_ADDRESS
    assert laptop.sign_in(*OWNER).status == 302
    with db.factory() as s:
        assert s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.success.is_(True),
                                                                              LoginAttempt.device.is_not(None))) == 1


def test_a_fresh_device_gets_doubling_delays_not_a_lock(server):
    attacker = Client(server, ATTACKER_ADDRESS)
    for _ in range(3):
        assert attacker.sign_in(OWNER[0], "a wrong guess!!").status == 401
    fresh = Client(server, "192.0.2.44")                   # the owner, on a new phone
    wait = retry_after(fresh.sign_in(*OWNER))
    assert wait <= 2                                        # seconds, not a 15-minute lock
    time.sleep(wait)
    assert fresh.sign_in(*OWNER).status == 302             # after the delay, the right password works
    assert "inbox_device" in fresh.cookies                 # and this phone is now a known device

    # Each further failure doubles the attacker's wait: 1 s, 2 s, 4 s (up to INBOX_LOGIN_WINDOW).
    assert attacker.sign_in(OWNER[0], "another guess!!").status == 401     # the 1 s delay has passed
    first = retry_after(attacker.sign_in(OWNER[0], "and another!!!"))
    time.sleep(first)
    assert attacker.sign_in(OWNER[0], "another guess!!").status == 401
    second = retry_after(attacker.sign_in(OWNER[0], "and another!!!"))
    assert first <= 2 < second <= 4, (first, second)


def test_a_forged_or_foreign_device_cookie_buys_nothing(server):
    laptop = Client(server, "198.51.100.7")
    assert laptop.sign_in(*OWNER).status == 302
    device = laptop.cookies["inbox_device"]
    own = Client(server, ATTACKER_ADDRESS)
    with_foreign = Client(server, "192.0.2.99")
    for _ in range(3):
        assert own.sign_in(OWNER[0], "a wrong guess!!").status == 401
    # A tampered signature is an unknown device.
    own.cookies["inbox_device"] = device[:-2] + ("AA" if not device.endswith("AA") else "BB")
    assert own.sign_in(*OWNER).status == 429
    # A genuine cookie names its account: the owner's cookie does not help with another account.
    with_foreign.cookies["inbox_device"] = device
    for _ in range(3):
        assert with_foreign.sign_in(OTHER[0], "wrong for other").status == 401
    assert with_foreign.sign_in(*OTHER).status == 429


def test_a_known_device_that_keeps_failing_becomes_an_unknown_one(server):
    laptop = Client(server, "198.51.100.7")
    assert laptop.sign_in(*OWNER).status == 302
    laptop.sign_out()
    for _ in range(3):                                     # its own allowance
        assert laptop.sign_in(OWNER[0], "typo in passphrase").status == 401
    assert laptop.sign_in(OWNER[0], "typo in passphrase").status == 401   # now counted as unknown
    for _ in range(2):
        assert laptop.sign_in(OWNER[0], "typo in passphrase").status == 401
    assert laptop.sign_in(*OWNER).status == 429            # and slowed down like one


def test_the_current_password_check_is_throttled_and_recorded(server, db):
    # A stolen session cookie (no device cookie) must not be a fast way to guess the password.
    thief = Client(server, ATTACKER_ADDRESS)
    assert thief.sign_in(*OWNER).status == 302
    thief.cookies.pop("inbox_device")
    for _ in range(3):
        r = thief.request("POST", "/account/password", {"csrf_token": thief.token("/account/password"),
                                                         "current": "guess number one", "new": "x" * 20,
                                                         "confirm": "x" * 20})
        assert r.status == 400 and "not right" in r.text
    r = thief.request("POST", "/account/password", {"csrf_token": thief.token("/account/password"),
                                                     "current": OWNER[1], "new": "x" * 20, "confirm": "x" * 20})
    assert retry_after(r) >= 1 and "Too many wrong passwords" in r.text
    with db.factory() as s:
        assert s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.success.is_(False))) == 3
        assert accounts.verify_password(s.scalar(select(accounts.User.password_hash)), OWNER[1])
