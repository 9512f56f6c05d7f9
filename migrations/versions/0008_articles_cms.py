"""The magazine's stream of articles and the CMS both ways (issue 15).

Articles gain what feeds and the CMS tell us (summary, guid, the short link, where they came from,
retired) and ``url_key``, the URL reduced to one form (inbox/urlforms.py) for lookups by URL.
Polled feeds keep their conditional-GET validators in ``article_feeds``; the CMS's bearer tokens
live hashed in ``api_tokens``; a published letter records where it appeared (``published_url``).

Full-text ranking over the articles for linking, on each backend's own engine: SQLite an FTS5
table kept by triggers (bm25), PostgreSQL a stored weighted tsvector under a GIN index (ts_rank).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

from inbox.urlforms import url_key

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FTS_COLUMNS = "title, summary, body"
# Title counts most, then the standfirst, then the body (the same weights as linking's bm25).
PG_DOCUMENT = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
               "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
               "setweight(to_tsvector('english', coalesce(body, '')), 'C')")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("url_key", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("short_url", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("short_key", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("guid", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("source", sa.String(20), nullable=False, server_default="seed"))
        batch.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                                   server_default=sa.func.current_timestamp()))
        batch.create_index("ix_articles_url_key", ["url_key"])
        batch.create_index("ix_articles_short_key", ["short_key"])
        batch.create_index("ix_articles_guid", ["guid"])
        # Linking asks max(updated_at) before every batch to know whether its cache is current.
        batch.create_index("ix_articles_updated_at", ["updated_at"])
    with op.batch_alter_table("letters") as batch:
        batch.add_column(sa.Column("published_url", sa.String(1000), nullable=True))

    bind = op.get_bind()
    articles = sa.table("articles", sa.column("id"), sa.column("url"), sa.column("url_key"))
    for row in bind.execute(sa.select(articles.c.id, articles.c.url)).all():
        bind.execute(articles.update().where(articles.c.id == row.id).values(url_key=url_key(row.url)))

    op.create_table(
        "article_feeds",
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ok_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_article_feeds")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    _create_search(bind.dialect.name)


def _create_search(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5({FTS_COLUMNS}, content='articles', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        new = ", ".join(f"new.{c.strip()}" for c in FTS_COLUMNS.split(","))
        old = ", ".join(f"old.{c.strip()}" for c in FTS_COLUMNS.split(","))
        op.execute(f"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
                   f"INSERT INTO articles_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
                   f"INSERT INTO articles_fts(articles_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER articles_fts_au AFTER UPDATE OF {FTS_COLUMNS} ON articles BEGIN "
                   f"INSERT INTO articles_fts(articles_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO articles_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        # The vocabulary with document frequencies: linking asks it which of a letter's words
        # are distinctive before ranking. No stemmer (SQLite has none to offer outside FTS5), so
        # linking's words are the tokenizer's: lower case, without diacritics.
        op.execute("CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, 'row')")
    elif dialect == "postgresql":
        op.execute(f"ALTER TABLE articles ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search_document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts_vocab")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_document")
    op.drop_table("api_tokens")
    op.drop_table("article_feeds")
    with op.batch_alter_table("letters") as batch:
        batch.drop_column("published_url")
    with op.batch_alter_table("articles") as batch:
        for name in ("ix_articles_updated_at", "ix_articles_guid", "ix_articles_short_key", "ix_articles_url_key"):
            batch.drop_index(name)
        for column in ("created_at", "retired", "source", "guid", "short_key", "short_url", "url_key", "summary"):
            batch.drop_column(column)
