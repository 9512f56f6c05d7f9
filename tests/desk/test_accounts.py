"""Accounts in the domain: argon2id hashes, long passwords, throttling rows, sessions, first run."""
from __future__ import annotations

import pytest

from inbox.desk import accounts
from inbox.models import LoginAttempt, Role


def test_passwords_are_argon2id_and_long_ones_are_not_truncated(session):
    long = "correct horse battery staple " * 20          # 580 characters
    user = accounts.create_user(session, "Long@Example.org", long, name="Lo\r\nng", role="admin")
    assert user.password_hash.startswith("$argon2id$")
    assert user.email == "long@example.org" and user.name == "Lo ng" and user.role is Role.ADMIN
    assert accounts.verify_password(user.password_hash, long)
    assert not accounts.verify_password(user.password_hash, long[:-1])
    assert not accounts.verify_password(user.password_hash, long[:72])   # bcrypt would have accepted this


def test_short_passwords_and_duplicate_accounts_are_refused(session):
    with pytest.raises(accounts.AccountError, match="at least 12"):
        accounts.create_user(session, "a@example.org", "short")
    accounts.create_user(session, "a@example.org", "long enough password")
    with pytest.raises(accounts.AccountError, match="already"):
        accounts.create_user(session, "A@EXAMPLE.ORG", "long enough password")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(session, "not an address", "long enough password")


def test_authenticate_records_attempts_and_throttles(session, settings):
    settings = settings.with_(login_attempts=2)
    accounts.create_user(session, "ed@example.org", "long enough password")
    ok = accounts.authenticate(session, "ed@example.org", "long enough password", client="1.1.1.1", settings=settings)
    assert ok.user is not None and not ok.throttled
    for _ in range(2):
        bad = accounts.authenticate(session, "ed@example.org", "wrong password!", client="1.1.1.1", settings=settings)
        assert bad.user is None and not bad.throttled
    blocked = accounts.authenticate(session, "ed@example.org", "long enough password", client="2.2.2.2",
                                    settings=settings)
    assert blocked.throttled and blocked.user is None
    assert session.query(LoginAttempt).count() == 3       # a throttled attempt is not counted again


def test_session_token_changes_on_sign_out_and_password_change(session):
    user = accounts.create_user(session, "ed@example.org", "long enough password")
    first = user.session_token
    assert accounts.user_for_session(session, user.id, first) is user
    accounts.end_sessions(session, user)
    assert accounts.user_for_session(session, user.id, first) is None
    second = user.session_token
    accounts.change_password(session, user, "long enough password", "another long password")
    assert user.session_token not in (first, second)
    with pytest.raises(accounts.AccountError):
        accounts.change_password(session, user, "wrong current pw", "yet another password")


def test_user_for_session_rejects_junk_and_inactive(session):
    user = accounts.create_user(session, "ed@example.org", "long enough password")
    assert accounts.user_for_session(session, str(user.id), user.session_token) is None
    assert accounts.user_for_session(session, user.id, None) is None
    accounts.set_active(session, user, False)
    assert accounts.user_for_session(session, user.id, user.session_token) is None


def test_first_run_hint_until_there_is_an_account(db):
    hint = accounts.first_run_hint(db.factory)
    assert "inbox users add" in hint and "--role admin" in hint
    with db.factory() as s, s.begin():
        accounts.create_user(s, "first@example.org", "long enough password", role="admin")
    assert accounts.first_run_hint(db.factory) is None
