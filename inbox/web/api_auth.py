"""Bearer-token authentication for the CMS API, and the audit of every use.

Called from the app's request guard for every ``/api/v1/`` request (the OpenAPI document
included), before any view: no token or an unknown or revoked one answers 401, a read token on
a write route 403. The session cookie is never looked at here, so a signed-in editor's browser
cannot be steered into calling the API (and the blueprint needs no CSRF token).
"""
from __future__ import annotations

import logging

from flask import current_app, g, request
from flask_smorest import abort

from inbox.db import transaction
from inbox.desk import tokens
from inbox.desk.audit import record
from inbox.models import utcnow
from inbox.text import clean_line

log = logging.getLogger("inbox.web.api")
REFUSALS = {401: "no valid bearer token", 403: "the token's scope does not allow this", 404: "not found",
            409: "the change is not possible", 422: "the request is not valid"}


def actor() -> str:
    return f"token:{g.api_token_name}"


def guard() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    factory = current_app.extensions["inbox.db"].factory
    path = clean_line(request.path)[:200]
    with factory() as session:
        token = tokens.token_for(session, secret.strip()) if scheme.lower() == "bearer" else None
        name, allowed = (token.name, tokens.allows(token, _scope())) if token else (None, False)
    if token is None:
        log.warning("API refused (no valid token): %s %s", request.method, path)
        abort(401, message=REFUSALS[401], headers={"WWW-Authenticate": 'Bearer realm="inbox"'})
    # Every use is audited, refusals for scope included, in a transaction of its own: it stays
    # recorded whatever the request then does.
    with transaction(factory) as session:
        live = tokens.token_for(session, secret.strip())
        if live is not None:
            live.last_used_at = utcnow()
        record(session, f"token:{name}", "api-use" if allowed else "api-refused",
               after={"method": request.method, "path": path})
    if not allowed:
        abort(403, message=REFUSALS[403])
    g.api_token_name = name


def _scope() -> str:
    return "read" if request.method in ("GET", "HEAD", "OPTIONS") else "write"
