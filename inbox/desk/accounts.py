"""Editors' accounts: creating them, passwords (argon2id), signing in with throttling, sessions.

No Flask here: the web app, the CLI and the tests call these functions with a SQLAlchemy session
and commit at their own edge. Changes to accounts are audited here, with the actor the caller
names (the signed-in admin, or "cli"), so every way in leaves the same record.

Sessions: each user row carries a random ``session_token`` that the web app copies into the
signed session cookie. Signing out or changing a password replaces the token, so every cookie
issued before (including a copied one) stops working at its next request.

Throttling: every attempt is a ``LoginAttempt`` row, so the limit holds across web workers and
hosts. More than ``settings.login_attempts`` failures within ``settings.login_window`` seconds from
one client, or for one account, refuses further attempts (the web app answers 429) until the
window has passed, even with the right password.
"""
from __future__ import annotations

import hmac
import functools
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.desk import audit
from inbox.models import LoginAttempt, Role, User, utcnow
from inbox.text import clean_line

log = logging.getLogger("inbox.auth")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 4096     # argon2 hashes the whole password; this only bounds the CPU spent
# argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane): about 60 ms here. The
# library default (64 MiB, 4 lanes) takes ~0.5 s of CPU per sign-in on a 2-core host, which is
# itself a denial-of-service lever. Hashes made with other parameters still verify.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verified when the email is unknown, so a miss costs the same time as a wrong password.
@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A request about accounts that cannot be honoured (message is safe to show)."""


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False


def normalise_email(email: str) -> str:
    return clean_line(email).strip().lower()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Passwords may be at most {MAX_PASSWORD_LENGTH} characters long.")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_session_token() -> str:
    return secrets.token_hex(32)


def create_user(session: Session, email: str, password: str, *, name: str = "",
                role: Role | str = Role.EDITOR, actor: audit.Actor = None) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise AccountError("That does not look like an email address.")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"There is already an account for {email}.")
    user = User(email=email, name=clean_line(name)[:200], role=Role(role),
                password_hash=hash_password(password), session_token=new_session_token(), active=True)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user-add", after={"email": user.email, "role": user.role.value})
    return user


def user_for_session(session: Session, user_id, token) -> User | None:
    """The signed-in user for a cookie's (user id, token), or None if it no longer holds."""
    if not isinstance(user_id, int) or not isinstance(token, str):
        return None
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def _failures(session: Session, column, value: str, settings: Settings) -> int:
    since = utcnow() - timedelta(seconds=settings.login_window)
    return session.scalar(select(func.count()).select_from(LoginAttempt).where(
        column == value, LoginAttempt.success.is_(False), LoginAttempt.at >= since)) or 0


def is_throttled(session: Session, *, email: str, client: str, settings: Settings) -> bool:
    limit = settings.login_attempts
    return (_failures(session, LoginAttempt.client, client[:100], settings) >= limit
            or _failures(session, LoginAttempt.email, normalise_email(email)[:320], settings) >= limit)


def authenticate(session: Session, email: str, password: str, *, client: str,
                 settings: Settings) -> SignInResult:
    """Check a sign-in, record the attempt and log it; never says which part was wrong."""
    email = normalise_email(email)[:320]
    client = clean_line(client)[:100] or "unknown"
    if is_throttled(session, email=email, client=client, settings=settings):
        log.warning("sign-in throttled email=%r client=%r", email, client)
        return SignInResult(None, throttled=True)
    user = session.scalar(select(User).where(User.email == email))
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    ok = ok and user is not None and user.active
    session.add(LoginAttempt(email=email, client=client, success=ok))
    if ok:
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        log.info("sign-in ok email=%r client=%r", email, client)
        return SignInResult(user)
    log.warning("sign-in failed email=%r client=%r", email, client)
    return SignInResult(None)


def end_sessions(session: Session, user: User) -> None:
    """Sign out everywhere: every cookie carrying the old token stops working."""
    user.session_token = new_session_token()


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not right.")
    set_password(session, user, new)


def set_password(session: Session, user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    end_sessions(session, user)


def reset_password(session: Session, user: User, new: str, *, actor: audit.Actor) -> None:
    """An admin sets someone's password; their sessions end."""
    set_password(session, user, new)
    audit.record(session, actor, "user-password-reset", after={"email": user.email})


def set_active(session: Session, user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_sessions(session, user)


def update_account(session: Session, user: User, *, role: Role | str, active: bool,
                   actor: audit.Actor) -> bool:
    """Change an account's role and whether it is active; True if anything changed. Refuses
    (AccountError) to leave no active admin."""
    new_role = Role(role)
    before = {"role": user.role.value, "active": user.active}
    losing_admin = user.role is Role.ADMIN and user.active and (new_role is not Role.ADMIN or not active)
    if losing_admin and count_admins(session) <= 1:
        raise AccountError("There must be at least one active admin.")
    user.role = new_role
    set_active(session, user, active)
    after = {"role": user.role.value, "active": user.active}
    if after == before:
        return False
    audit.record(session, actor, "user-edit", before={"email": user.email, **before},
                 after={"email": user.email, **after})
    return True


def set_preferences(session: Session, user: User, *, auto_advance: bool) -> None:
    """The editor's own settings (issue 14: open the next letter after a decision)."""
    if user.auto_advance != auto_advance:
        audit.record(session, user, "preferences", before={"auto_advance": user.auto_advance},
                     after={"auto_advance": auto_advance})
        user.auto_advance = auto_advance
    session.flush()


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) or 0


def first_run_hint(factory: sessionmaker[Session]) -> str | None:
    """What ``inbox serve`` prints when nobody can sign in yet.

    We print instructions rather than minting a one-time password: a password printed to a log
    lingers in journald and terminal scrollback, while the CLI command keeps the secret with the
    person who types it.
    """
    with factory() as session:
        if session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))):
            return None
    return ("No accounts yet. Create the first admin, then sign in:\n"
            "    inbox users add you@example.org --name 'Your Name' --role admin\n"
            "(it asks for a password; or pipe one line to it with --password-stdin)")
