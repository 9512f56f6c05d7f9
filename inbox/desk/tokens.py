"""Bearer tokens for the CMS API: made, listed, revoked, and checked on every request.

The secret is 32 random bytes (``secrets.token_urlsafe``) prefixed ``rli_`` so a leaked one is
recognisable; only its sha256 is stored (a fast hash is enough for a high-entropy secret: there
is nothing to guess), so a copy of the database does not hold usable tokens. ``write`` includes
``read``. Making and revoking are audited here; each use is audited by the API layer.
"""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.desk.audit import Actor, record
from inbox.models import ApiToken, utcnow

SCOPES = ("read", "write")
PREFIX = "rli_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")


class TokenError(ValueError):
    """A request the service refuses (message fit for the user)."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(session: Session, name: str, scope: str, *, actor: Actor) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once: it cannot be recovered)."""
    name = (name or "").strip()
    if not _NAME.match(name):
        raise TokenError("A token's name is 1-100 letters, digits, spaces, dots, dashes or underscores.")
    if scope not in SCOPES:
        raise TokenError(f"The scope is read or write, not {scope!r}.")
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise TokenError(f"There is a token called {name!r} already (revoked tokens keep their names).")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, scope=scope, token_hash=_digest(secret), created_at=utcnow())
    session.add(token)
    session.flush()
    record(session, actor, "token-create", after={"name": name, "scope": scope})
    return token, secret


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at, ApiToken.id)))


def revoke_token(session: Session, name: str, *, actor: Actor) -> ApiToken:
    token = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if token is None:
        raise TokenError(f"There is no token called {name!r}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(session, actor, "token-revoke", before={"name": name, "scope": token.scope}, after={"revoked": True})
    return token


def token_for(session: Session, secret: str | None) -> ApiToken | None:
    """The live token with this secret, or None."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    return token


def allows(token: ApiToken, scope: str) -> bool:
    return token.scope == "write" or scope == "read"
