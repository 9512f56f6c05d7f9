"""Apply the Alembic migrations programmatically (``inbox db upgrade`` and every start).

Every command opens the database through here, and importing Alembic costs about as much as the
rest of a command's start: when the database is already at the one head revision (read from the
migration files' ``revision``/``down_revision`` assignments) it is not imported at all.
"""
from __future__ import annotations

import ast

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from inbox.resources import resource_dir

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
    """The single head of the migration files, read from their module-level ``revision`` and
    ``down_revision`` assignments; None if any file sets them otherwise (a
    computed id) or there is not exactly one head: Alembic then decides."""
    revisions, parents = set(), set()
    for path in (resource_dir("migrations") / "versions").glob("*.py"):
        found = _assignments(path.read_text(), ("revision", "down_revision"))
        if found is None or not isinstance(found["revision"], str):
            return None
        revisions.add(found["revision"])
        down = found["down_revision"]
        parents.update(down if isinstance(down, tuple) else (down,))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _assignments(source: str, names: tuple[str, ...]) -> dict | None:
    """The literal values assigned to ``names`` at a module's top level (a line of its own each,
    as Alembic writes them), or None if one is missing or not a literal: a string, None, or a
    tuple of strings for a merge. Evaluated as literals, never run; cheaper than parsing the
    whole file, which the head check on every command's start would pay for each migration."""
    found = {}
    for line in source.splitlines():
        name, sep, value = line.partition("=")
        name = name.split(":")[0].strip()          # ``revision: str = "0011"`` too
        if sep and name in names and not line[:1].isspace():
            try:
                found[name] = ast.literal_eval(value.strip())
            except (ValueError, SyntaxError):
                return None
    return found if set(found) == set(names) else None


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
