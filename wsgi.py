"""WSGI entry point for gunicorn or waitress: ``gunicorn wsgi:app``."""
from inbox.web import create_app

app = create_app()
