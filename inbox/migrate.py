"""Apply the Alembic migrations programmatically (``inbox db upgrade`` and every start)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from inbox.resources import resource_dir


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        serialise_startup(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def serialise_startup(conn) -> None:
    """Several processes starting at once (gunicorn workers, listeners) take turns: on PostgreSQL
    a transaction-scoped advisory lock; SQLite's write lock already serialises them."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727110)")


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Autogenerate/compare skip the full-text search objects that the migrations make for each
    backend and the models cannot describe: SQLite's FTS5 tables, PostgreSQL's generated
    ``search_document`` columns and their GIN indexes (letters', and articles' for linking)."""
    if type_ == "table" and name is not None and name.startswith(("letters_fts", "articles_fts")):
        return False
    if type_ == "column" and name == "search_document":
        return False
    return not (type_ == "index" and name in ("ix_letters_search", "ix_articles_search"))
