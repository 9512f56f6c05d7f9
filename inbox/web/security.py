"""Security headers on every response, error pages instead of tracebacks, and ``/healthz``.

The app's pages allow only their own origin (no inline script: the JS lives in static files).
The sandboxed frame that shows a reader's HTML sets its own, stricter policy (see
:mod:`inbox.sanitize`) and is the only response that may be framed, and only by this site.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Flask, g, jsonify, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from inbox.text import clean_line
from inbox.web.context import cookies_secure, db_session

log = logging.getLogger("inbox.web")

APP_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
           "frame-ancestors 'none'")

HSTS_SECONDS = 365 * 24 * 3600

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    try:
        db_session().execute(text("SELECT 1"))
    except Exception:
        log.warning("health check: database unavailable", exc_info=True)
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, with ``Secure`` decided per request (over HTTPS) rather
    than once in the configuration."""

    def get_cookie_secure(self, app) -> bool:
        return cookies_secure()


def set_security_headers(response):
    framed = response.headers.get("Content-Security-Policy")   # the frame route sets its own
    if not framed:
        response.headers["Content-Security-Policy"] = APP_CSP
        response.headers["X-Frame-Options"] = "DENY"
    else:
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    if cookies_secure():
        # Browsers ignore HSTS over plain HTTP (RFC 6797 8.1), so this only ever pins HTTPS.
        response.headers["Strict-Transport-Security"] = f"max-age={HSTS_SECONDS}"
    return response


TITLES = {400: "Bad request", 401: "Sign-in needed", 403: "Not allowed", 404: "Not found",
          405: "Not allowed", 409: "Changed meanwhile", 429: "Too many attempts",
          500: "Something went wrong", 503: "Unavailable"}


RETRY_AFTER_SECONDS = 30


def _error_page(code: int, message: str):
    if request.path.endswith(".json"):
        return jsonify(error=TITLES.get(code, "error"), message=message), code
    return render_template("error.html", code=code, title=TITLES.get(code, "Error"), message=message), code


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e):
        log.warning("CSRF refusal on %s %s: %s", request.method, clean_line(request.path)[:200], e.description)
        return _error_page(400, "This form has expired or did not come from this site. "
                                "Go back, reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if e.code is None or e.code < 400:
            return e
        if request.path.startswith("/api/"):      # the CMS API's documented JSON errors
            return app.extensions["inbox.api"].handle_http_exception(e)
        body, code = _error_page(e.code, e.description or TITLES.get(e.code, ""))
        allow = [v for k, v in e.get_headers() if k == "Allow"]     # a 405 must say what is allowed
        return body, code, {"Allow": allow[0]} if allow else {}

    @app.errorhandler(OperationalError)
    def database_unavailable(e: OperationalError):
        # The database refused the connection, stayed locked past the timeout or ran out of disk:
        # a passing condition, so 503 with Retry-After (what proxies and monitoring expect), not
        # a 500 that reads as a bug. Whatever the editor was doing was not saved.
        log.error("database unavailable on %s %s", request.method, clean_line(request.path)[:200], exc_info=True)
        _discard_failed_transaction()
        body, code = _error_page(503, "The database is not answering just now; nothing was changed. "
                                      "Please try again in a moment.")
        return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(Exception)
    def unexpected(e: Exception):
        log.exception("unexpected error on %s %s", request.method, clean_line(request.path)[:200])
        _discard_failed_transaction()
        return _error_page(500, "The error has been logged. Please try again in a moment.")


def _discard_failed_transaction() -> None:
    """After a failed write the request's session refuses all work until it is rolled back, and
    the error page (which shows who is signed in) would fail in turn: a bare 500 instead of ours.
    Roll back and reload the user; if the database cannot even do that, render the page without."""
    s = g.get("db_session")
    if s is None:
        return
    try:
        s.rollback()
        if g.get("user") is not None:
            s.refresh(g.user)
    except Exception:
        log.warning("the database is unavailable; error page shown without the signed-in user", exc_info=True)
        g.user = None
