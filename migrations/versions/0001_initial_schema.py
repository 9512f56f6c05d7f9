"""Initial schema, and full-text search on each backend's own engine.

SQLite: an FTS5 table over the letters, kept current by triggers. PostgreSQL: a GIN index on
the same tsvector expression that ``inbox.search`` queries.

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 17:55:38.690583
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('publication', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_slug'))
    )
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_client', ['client', 'at'], unique=False)
        batch_op.create_index('ix_login_attempts_email', ['email', 'at'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('mail_from', sa.String(length=1000), nullable=False),
    sa.Column('rcpt_tos', sa.JSON(), nullable=False),
    sa.Column('peer', sa.String(length=100), nullable=True),
    sa.Column('helo', sa.String(length=255), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('process_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_messages_fingerprint'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_processed_at'), ['processed_at'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('editor', 'admin', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_pk', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('letter', 'automated', name='kind', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('new', 'shortlisted', 'rejected', 'published', name='status', native_enum=False, length=20), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('link_method', sa.Enum('plus-address', 'reference', 'similarity', 'only-article', 'editor', 'none', name='linkmethod', native_enum=False, length=20), nullable=False),
    sa.Column('link_suggestions', sa.JSON(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('author_name', sa.String(length=300), nullable=True),
    sa.Column('author_email', sa.String(length=320), nullable=True),
    sa.Column('author_location', sa.String(length=300), nullable=True),
    sa.Column('subject', sa.String(length=998), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('full_text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('automated_reason', sa.String(length=200), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('headline', sa.String(length=300), nullable=True),
    sa.Column('publication_text', sa.Text(), nullable=True),
    sa.Column('signoff_name', sa.String(length=300), nullable=True),
    sa.Column('signoff_location', sa.String(length=300), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_letters_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_pk'], ['messages.id'], name=op.f('fk_letters_message_pk_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('message_pk', name=op.f('uq_letters_message_pk'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index('ix_letters_article_queue', ['article_id', 'kind', 'status', 'received_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_author_email'), ['author_email'], unique=False)
        batch_op.create_index('ix_letters_queue', ['kind', 'status', 'received_at', 'id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('inline', sa.Boolean(), nullable=False),
    sa.Column('content_id', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_attachments_letter_id_letters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_letter_id'), ['letter_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_email', sa.String(length=320), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_audit_events_letter_id_letters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_letter_id'), ['letter_id'], unique=False)

    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_notes_letter_id_letters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_letter_id'), ['letter_id'], unique=False)
    _create_search(op.get_bind().dialect.name)


# The searchable text of a letter; inbox/search.py uses the very same expression on PostgreSQL.
PG_DOCUMENT = ("to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(text, '') || ' ' || "
               "coalesce(author_name, '') || ' ' || coalesce(author_email, '') || ' ' || "
               "coalesce(author_location, ''))")
FTS_COLUMNS = "subject, text, author_name, author_email, author_location"


def _create_search(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE letters_fts USING fts5({FTS_COLUMNS}, content='letters', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        new = ", ".join(f"new.{c.strip()}" for c in FTS_COLUMNS.split(","))
        old = ", ".join(f"old.{c.strip()}" for c in FTS_COLUMNS.split(","))
        op.execute(f"CREATE TRIGGER letters_fts_ai AFTER INSERT ON letters BEGIN "
                   f"INSERT INTO letters_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER letters_fts_ad AFTER DELETE ON letters BEGIN "
                   f"INSERT INTO letters_fts(letters_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER letters_fts_au AFTER UPDATE OF {FTS_COLUMNS} ON letters BEGIN "
                   f"INSERT INTO letters_fts(letters_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO letters_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_letters_search ON letters USING gin (({PG_DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("letters_fts_ai", "letters_fts_ad", "letters_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS letters_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_letters_search")
    
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_letter_id'))

    op.drop_table('notes')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_letter_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_letter_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index('ix_letters_queue')
        batch_op.drop_index(batch_op.f('ix_letters_author_email'))
        batch_op.drop_index('ix_letters_article_queue')

    op.drop_table('letters')
    op.drop_table('users')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_processed_at'))

    op.drop_table('messages')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_email')
        batch_op.drop_index('ix_login_attempts_client')

    op.drop_table('login_attempts')
    op.drop_table('articles')
    
