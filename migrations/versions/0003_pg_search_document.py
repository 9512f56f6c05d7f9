"""PostgreSQL: the search document as a stored generated column under the GIN index.

0001 indexed the expression ``to_tsvector(...)``. A search for a common word is answered by
walking the queue index newest first and testing each letter, and every test recomputed the
tsvector from the letter's text: 66 ms p95 at 100,000 letters (bench/RESULTS.md). A stored
generated column computes it once per write; ``ix_letters_search`` now indexes that column.
SQLite (FTS5) is unchanged.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The same document as 0001's PG_DOCUMENT (a test checks), so search results do not change.
PG_DOCUMENT = ("to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(text, '') || ' ' || "
               "coalesce(author_name, '') || ' ' || coalesce(author_email, '') || ' ' || "
               "coalesce(author_location, ''))")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE letters ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
    op.execute("DROP INDEX IF EXISTS ix_letters_search")
    op.execute("CREATE INDEX ix_letters_search ON letters USING gin (search_document)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_letters_search")
    op.execute("ALTER TABLE letters DROP COLUMN search_document")
    op.execute(f"CREATE INDEX ix_letters_search ON letters USING gin (({PG_DOCUMENT}))")
