"""The editors' web app: ``create_app`` builds a Flask app around an explicit Settings.

Nothing happens at import time. Blueprints are thin (form -> service -> template); the
per-request guard in :mod:`inbox.web.context` signs users in and refuses what they may not see,
CSRFProtect guards every state-changing request, :mod:`inbox.web.security` sets the headers.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from inbox.text import count_unit
from inbox.config import Settings
from inbox.resources import resource_dir, static_dir
from inbox.bootstrap import Database, open_database

log = logging.getLogger("inbox.web")


def create_app(settings: Settings | None = None, *, db: Database | None = None,
               test_config: dict | None = None) -> Flask:
    from inbox.web import (admin, api, articles, auth, balance, campaigns, context, editions, export, feeds,
                           letters, presence, queue, reader_mail, reader_page, security, verification, writers)
    from inbox.web.forms import SignOutForm

    settings = settings or Settings.from_env()
    app = Flask(__name__, template_folder=str(resource_dir("templates")),
                static_folder=str(static_dir()), static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key(), INBOX_SETTINGS=settings,
        SESSION_COOKIE_NAME="inbox_session", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",     # Secure: per request, see security.SessionCookies
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=12 * 3600, WTF_CSRF_SSL_STRICT=True,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024, MAX_FORM_PARTS=2000,
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["inbox.db"] = db or open_database(settings)
    app.jinja_env.autoescape = True     # also for any non-.html template
    app.session_interface = security.SessionCookies()
    if settings.trusted_proxies:
        # Believe the X-Forwarded-For/-Proto/-Host/-Port that this many proxies in front of us add
        # (each proxy appends; ProxyFix takes the values the nearest N added, never the client's).
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    # "words" or "characters" beside a count: CJK letters are counted by character (#12).
    app.jinja_env.globals["count_unit"] = count_unit

    # The guard must run before CSRFProtect's check, so it is registered first.
    app.before_request(context.load_user_and_guard)
    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)       # bearer tokens, never the session cookie: nothing for CSRF to forge
    app.teardown_appcontext(context.close_db_session)
    app.after_request(security.set_security_headers)
    app.extensions["inbox.api"] = api.init_api(app)
    security.register_error_pages(app)      # after the API's: ours answer outside /api/v1/

    for bp in (security.health, auth.bp, queue.bp, letters.bp, presence.bp, admin.bp, export.bp, articles.bp,
               feeds.bp, reader_mail.desk, reader_page.bp, writers.bp, campaigns.bp, verification.bp,
               editions.bp, balance.bp):
        app.register_blueprint(bp)

    @app.context_processor
    def layout_context():
        return {"current_user": context.current_user(), "signout_form": SignOutForm(prefix="so", formdata=None)}

    return app
