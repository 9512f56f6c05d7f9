"""The editors' web app: ``create_app`` builds a Flask app around an explicit Settings."""
from __future__ import annotations

from flask import Flask

from inbox.config import Settings
from inbox.resources import resource_dir, static_dir
from inbox.runtime import Database, open_database


def create_app(settings: Settings | None = None, *, db: Database | None = None,
               test_config: dict | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__, template_folder=str(resource_dir("templates")),
                static_folder=str(static_dir()), static_url_path="/static")
    app.config.update(SECRET_KEY=settings.secret_key(), INBOX_SETTINGS=settings)
    if test_config:
        app.config.update(test_config)
    app.extensions["inbox.db"] = db or open_database(settings)

    @app.get("/")
    def index():
        return "Reaction letters inbox"

    return app
