"""Per-request plumbing shared by the blueprints: the database session (one per request,
committed by the view that changes something), the settings, and the signed-in user.

Every request is authenticated here before any view or CSRF check runs: the cookie's user id and
session token must match the user's current row, so a token rotated by sign-out or a password
change ends every copy of the old cookie.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy.orm import Session

from inbox.desk import accounts
from inbox.config import Settings
from inbox.db import begin_write
from inbox.models import Role, User
from inbox.web.api_auth import guard as api_guard

# The readers' page (issue 18) is opened by a signed link, without an account; the Atom feeds of
# published letters are public too (inbox/web/feeds.py).
PUBLIC_ENDPOINTS = {"auth.signin", "static", "health.healthz", "reader.page", "reader.answer",
                    "feeds.letters", "feeds.article"}
API_PREFIX = "/api/v1/"


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["inbox.db"].factory()
        if request.method not in ("GET", "HEAD"):
            # A request that changes something takes the write lock when its transaction
            # begins, so a letter committed meanwhile cannot fail it with "database is locked".
            begin_write(g.db_session)
    return g.db_session


def close_db_session(_exc=None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()


def settings() -> Settings:
    return current_app.config["INBOX_SETTINGS"]


def current_user() -> User | None:
    return g.get("user")


def sign_in_session(user: User) -> None:
    """A fresh session for the user (no state carried over from before sign-in)."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["tok"] = user.session_token


def load_user_and_guard():
    """before_request: who is signed in; sign-in required except for public endpoints; admin
    pages refused (403) to editors. Runs before the CSRF check, so refusals are consistent."""
    g.user = None
    if request.endpoint in ("static", "health.healthz"):
        return None     # no database work: health must answer 503, not fail on the user lookup
    if request.path.startswith(API_PREFIX):
        return api_guard()     # the CMS API: bearer tokens only, never the cookie
    if "uid" in session:
        g.user = accounts.user_for_session(db_session(), session.get("uid"), session.get("tok"))
        if g.user is None:
            session.clear()
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    if g.user is None:
        if request.method == "GET" and endpoint:
            return redirect(url_for("auth.signin", next=request.full_path.rstrip("?")))
        if request.path.endswith(".json"):
            abort(401)
        return redirect(url_for("auth.signin"))
    if endpoint.startswith("admin.") and g.user.role is not Role.ADMIN:
        abort(403)
    return None


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: no scheme, no host, no ``//`` or ``\\`` tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(c in target for c in "\\\r\n\t") or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def client_address() -> str:
    # Behind INBOX_TRUSTED_PROXIES reverse proxies, ProxyFix has put the client's own address here.
    return request.remote_addr or "unknown"


def cookies_secure() -> bool:
    """Cookies get ``Secure`` when the request came over HTTPS (directly, or through a trusted
    proxy that says so), or always with INBOX_SECURE_COOKIES=1."""
    return request.is_secure or settings().secure_cookies
