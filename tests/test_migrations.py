"""The Alembic migrations build exactly the schema the models describe, on each backend."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from inbox.migrate import include_name
from inbox.models import Base


def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_full_text_search_uses_the_backends_own_engine(db):
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert "letters_fts" in inspect(conn).get_table_names()
        else:
            indexes = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_letters_search' AND schemaname = current_schema()"))
            assert "gin" in indexes.scalar_one().lower()


def test_upgrading_twice_changes_nothing(db, settings):
    from inbox import migrate
    migrate.upgrade(db.engine)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
