"""Editions (the letters page: date, title, word budget, ordered letters, a lead, group
headlines) and a letter's stance on its article, with per-article stance labels.

``edition_letters.letter_id`` is unique: a letter is in at most one edition at a time. The
letters table only gains a nullable column and an index (plain ALTER TABLE ADD COLUMN on both
backends: no table rebuild, so the FTS5 and count triggers stay as they are).

``stance_counts`` is kept by triggers on ``letters``, as 0002 keeps ``letter_counts``: the
balance counts by stance on an article were a GROUP BY over its letters (65 ms for three
articles at 100,000 letters, on a loaded machine); now they are a few rows.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

# (article_key, kind, stance, status) of a row: unassigned letters under 0, untagged as "none".
KEY_NEW = "coalesce(NEW.article_id, 0), NEW.kind, coalesce(NEW.stance, 'none'), NEW.status"
KEY_OLD = "coalesce(OLD.article_id, 0), OLD.kind, coalesce(OLD.stance, 'none'), OLD.status"
COLUMNS = "article_key, kind, stance, status"
CHANGED = ("coalesce(OLD.article_id, 0) != coalesce(NEW.article_id, 0) OR OLD.kind != NEW.kind "
           "OR OLD.status != NEW.status OR coalesce(OLD.stance, 'none') != coalesce(NEW.stance, 'none')")

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("budget", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("draft", "published", name="editionstatus", native_enum=False, length=20),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editions")),
    )
    op.create_index(op.f("ix_editions_day"), "editions", ["day"], unique=False)
    op.create_table(
        "edition_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE",
                                name=op.f("fk_edition_letters_edition_id_editions")),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], ondelete="CASCADE",
                                name=op.f("fk_edition_letters_letter_id_letters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edition_letters")),
        sa.UniqueConstraint("letter_id", name=op.f("uq_edition_letters_letter_id")),
    )
    op.create_index(op.f("ix_edition_letters_edition_id"), "edition_letters", ["edition_id"], unique=False)
    op.create_table(
        "edition_headlines",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("article_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("headline", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE",
                                name=op.f("fk_edition_headlines_edition_id_editions")),
        sa.PrimaryKeyConstraint("edition_id", "article_key", name=op.f("pk_edition_headlines")),
    )
    op.add_column("letters", sa.Column(
        "stance", sa.Enum("for", "against", "mixed", name="stance", native_enum=False, length=20), nullable=True))
    op.create_index("ix_letters_order", "letters", ["kind", "status", "position", "received_at", "id"], unique=False)
    op.add_column("articles", sa.Column("stance_labels", sa.JSON(), nullable=True))
    op.create_table(
        "stance_counts",
        sa.Column("article_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_key", "kind", "stance", "status", name=op.f("pk_stance_counts")),
    )
    op.execute(f"INSERT INTO stance_counts ({COLUMNS}, n) SELECT coalesce(article_id, 0), kind, "
               "coalesce(stance, 'none'), status, count(*) FROM letters "
               "GROUP BY coalesce(article_id, 0), kind, coalesce(stance, 'none'), status")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    add = (f"INSERT INTO stance_counts ({COLUMNS}, n) VALUES ({KEY_NEW}, 1) "
           f"ON CONFLICT ({COLUMNS}) DO UPDATE SET n = n + 1;")
    remove = f"UPDATE stance_counts SET n = n - 1 WHERE ({COLUMNS}) = ({KEY_OLD});"
    op.execute(f"CREATE TRIGGER stance_counts_ai AFTER INSERT ON letters BEGIN {add} END")
    op.execute(f"CREATE TRIGGER stance_counts_ad AFTER DELETE ON letters BEGIN {remove} END")
    op.execute("CREATE TRIGGER stance_counts_au AFTER UPDATE OF article_id, kind, status, stance ON letters "
               f"WHEN {CHANGED} BEGIN {remove} {add} END")


def _postgresql_triggers() -> None:
    op.execute(f"""
        CREATE FUNCTION stance_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE stance_counts SET n = n - 1 WHERE ({COLUMNS}) = ({KEY_OLD});
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                INSERT INTO stance_counts ({COLUMNS}, n) VALUES ({KEY_NEW}, 1)
                ON CONFLICT ({COLUMNS}) DO UPDATE SET n = stance_counts.n + 1;
            END IF;
            RETURN NULL;
        END $$""")
    op.execute("CREATE TRIGGER stance_counts_ai AFTER INSERT OR DELETE ON letters "
               "FOR EACH ROW EXECUTE FUNCTION stance_counts_change()")
    op.execute("CREATE TRIGGER stance_counts_au AFTER UPDATE OF article_id, kind, status, stance ON letters "
               f"FOR EACH ROW WHEN ({CHANGED.replace('!=', 'IS DISTINCT FROM')}) "
               "EXECUTE FUNCTION stance_counts_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("stance_counts_ai", "stance_counts_ad", "stance_counts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS stance_counts_ai ON letters")
        op.execute("DROP TRIGGER IF EXISTS stance_counts_au ON letters")
        op.execute("DROP FUNCTION IF EXISTS stance_counts_change()")
    op.drop_table("stance_counts")
    op.drop_column("articles", "stance_labels")
    op.drop_index("ix_letters_order", table_name="letters")
    op.drop_column("letters", "stance")
    op.drop_table("edition_headlines")
    op.drop_index(op.f("ix_edition_letters_edition_id"), table_name="edition_letters")
    op.drop_table("edition_letters")
    op.drop_index(op.f("ix_editions_day"), table_name="editions")
    op.drop_table("editions")
