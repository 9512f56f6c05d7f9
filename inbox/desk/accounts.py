"""Editors' accounts: creating them, passwords (argon2id), signing in with throttling, sessions.

No Flask here: the web app, the CLI and the tests call these functions with a SQLAlchemy session
and commit at their own edge. Changes to accounts are audited here, with the actor the caller
names (the signed-in admin, or "cli"), so every way in leaves the same record.

Sessions: each user row carries a random ``session_token`` that the web app copies into the
signed session cookie. Signing out or changing a password replaces the token, so every cookie
issued before (including a copied one) stops working at its next request.

Throttling (OWASP's device cookies, so that an attacker cannot turn it against the owner): every
password check, at sign-in and at a password change, is a ``LoginAttempt`` row, so the limits hold
across web workers and hosts. A browser that signed in successfully gets a device id (the web app
keeps it in a signed cookie) and is counted on its own: ``settings.login_attempts`` failures
within ``settings.login_window`` seconds, then it counts as unknown. Attempts from unknown devices
are counted per account and per client address; past ``login_attempts`` failures each further
attempt must wait a delay that doubles with every failure (1 s, 2 s, 4 s ... up to the window),
refused meanwhile without looking at the password (the web app answers 429 with Retry-After).
So a stranger's guesses slow down strangers, never the owner's own browser, and nobody is locked
out for a fixed time.
"""
from __future__ import annotations

import hmac
import functools
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

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


class Throttled(AccountError):
    """Too many failed password checks: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many failed attempts. Wait {retry_after} seconds and try again.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False
    retry_after: int = 0            # seconds, when throttled
    device: str | None = None       # when signed in: a new device id for this browser


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


def new_device_id() -> str:
    return secrets.token_urlsafe(24)


def _failures(session: Session, settings: Settings, *conditions) -> tuple[int, datetime | None]:
    """How many failures match within the window, and when the last was."""
    since = utcnow() - timedelta(seconds=settings.login_window)
    count, last = session.execute(select(func.count(), func.max(LoginAttempt.at)).where(
        *conditions, LoginAttempt.success.is_(False), LoginAttempt.at >= since)).one()
    return count or 0, last


def _delay(failures: int, last: datetime | None, settings: Settings) -> float:
    """Seconds still to wait: none within the allowance, then 1 s doubling per failure (capped)."""
    if failures < settings.login_attempts or last is None:
        return 0.0
    delay = min(float(settings.login_window), 2.0 ** (failures - settings.login_attempts))
    return max(0.0, (last + timedelta(seconds=delay) - utcnow()).total_seconds())


def _known(session: Session, device: str | None, settings: Settings) -> bool:
    """A device that signed in before and has not used up its own allowance."""
    return bool(device) and _failures(session, settings, LoginAttempt.device == device)[0] < settings.login_attempts


def _wait(session: Session, *, email: str, client: str, settings: Settings) -> float:
    """For an unknown device: the longer of the account's and the client address's delays."""
    unknown = LoginAttempt.device.is_(None)
    return max(_delay(*_failures(session, settings, LoginAttempt.email == email, unknown), settings),
               _delay(*_failures(session, settings, LoginAttempt.client == client, unknown), settings))


def _check_password(session: Session, user: User | None, email: str, password: str, *, client: str,
                    device: str | None, settings: Settings) -> tuple[bool, bool]:
    """The password check every way in goes through, throttled and recorded: (right, whether it
    counted as a known device's). Raises :class:`Throttled`, without checking, while a delay runs."""
    email, client = normalise_email(email)[:320], clean_line(client)[:100] or "unknown"
    device = device[:64] if _known(session, device, settings) else None
    if device is None:
        wait = _wait(session, email=email, client=client, settings=settings)
        if wait > 0:
            log.warning("password check throttled email=%r client=%r wait=%.0fs", email, client, wait)
            raise Throttled(math.ceil(wait))
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    ok = ok and user is not None and user.active
    session.add(LoginAttempt(email=email, client=client, success=ok, device=device))
    return ok, device is not None


def authenticate(session: Session, email: str, password: str, *, client: str,
                 settings: Settings, device: str | None = None) -> SignInResult:
    """Check a sign-in, record the attempt and log it; never says which part was wrong.
    ``device`` is the id from this browser's device cookie for this email, if it has one."""
    email = normalise_email(email)[:320]
    user = session.scalar(select(User).where(User.email == email))
    try:
        ok, known = _check_password(session, user, email, password, client=client, device=device,
                                    settings=settings)
    except Throttled as e:
        return SignInResult(None, throttled=True, retry_after=e.retry_after)
    client = clean_line(client)[:100]
    if ok:
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        log.info("sign-in ok email=%r client=%r known_device=%s", email, client, known)
        return SignInResult(user, device=new_device_id())
    log.warning("sign-in failed email=%r client=%r known_device=%s", email, client, known)
    return SignInResult(None)


def end_sessions(session: Session, user: User) -> None:
    """Sign out everywhere: every cookie carrying the old token stops working."""
    user.session_token = new_session_token()


def change_password(session: Session, user: User, current: str, new: str, *, client: str,
                    settings: Settings, device: str | None = None) -> None:
    """Change one's own password. The current password is checked, throttled and recorded like a
    sign-in (a stolen session must not become a fast way to guess it); raises :class:`Throttled`
    or :class:`AccountError`. Records the attempt even when it fails: the caller commits."""
    if not _check_password(session, user, user.email, current, client=client, device=device, settings=settings)[0]:
        log.warning("password change refused: wrong current password email=%r", user.email)
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


def first_run_hint(factory: sessionmaker[Session], command: str = "inbox") -> str | None:
    """What ``inbox serve`` prints when nobody can sign in yet; ``command`` is how to run the CLI
    as it was run (``.venv/bin/inbox`` after the README's install, where ``inbox`` is not on PATH).

    We print instructions rather than minting a one-time password: a password printed to a log
    lingers in journald and terminal scrollback, while the CLI command keeps the secret with the
    person who types it.
    """
    with factory() as session:
        if session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))):
            return None
    return ("No accounts yet. Create the first admin, then sign in:\n"
            f"    {command} users add you@example.org --name 'Your Name' --role admin\n"
            "(it asks for a password; or pipe one line to it with --password-stdin)")
