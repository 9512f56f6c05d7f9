"""Apply the Alembic migrations programmatically (``inbox db upgrade`` and every start).

Every command opens the database through here, and importing Alembic costs about as much as the
rest of a command's start: when the database is already at the one head revision (read from the
migration files' ``revision``/``down_revision`` lines) it is not imported at all.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from inbox.resources import resource_dir

_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:None|["']([^"'\n]+)["'])\s*$""", re.M)


def alembic_config(engine: Engine):
    cfg = _scripts_config()
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision == "head" and _at_head(engine):
        return
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        serialise_startup(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def head_revision() -> str | None:
    """The single head of the migration files, read from their text; None if any file does not
    read plainly (a merge, a computed id) or there is not exactly one head: Alembic then decides."""
    revisions, parents = set(), set()
    for path in (resource_dir("migrations") / "versions").glob("*.py"):
        found = {name: value for name, value in _REVISION.findall(path.read_text())}
        if set(found) != {"revision", "down_revision"} or not found["revision"]:
            return None
        revisions.add(found["revision"])
        parents.add(found["down_revision"] or None)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))] == [head]
    except SQLAlchemyError:       # no alembic_version table yet: a new database
        return False


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of our migrations (a backup from a newer version is not)."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    cfg = _scripts_config()
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except CommandError:
        return False


def _scripts_config():
    """An Alembic config that knows only where the migrations are (no database)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    return cfg


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
