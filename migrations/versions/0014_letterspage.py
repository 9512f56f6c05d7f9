"""The Balance panel's first-time writers against regulars, kept in the row: ``letters.
first_from_address`` is true when no earlier letter (lower id, any kind, any status) came from
the same ``author_email``, or when the letter has no address; the definition the panel always
had, which was a correlated EXISTS per letter on the article (0.4 s for an article of 14,000
letters at 100,000). With ``ix_letters_first_writer`` the split is an index-only count, and so
are the letters per day (``received_at`` is in it: without it SQLite would take the new index
for that query too, and read every row, instead of the covering ``ix_letters_article_queue``).

Kept by triggers on ``letters``, so every way a letter comes or goes is covered (the pipeline,
bulk loads, erasure deleting a writer's letters, retention and erasure blanking an address):
- insert: the new letter is first unless an earlier one has its address (and a later letter of
  that address, were one inserted out of order, stops being first);
- the address changes (blanked by erasure or retention): the row is re-derived, and the
  earliest letter still carrying the old address becomes first;
- delete of a first letter: the earliest remaining letter of its address becomes first.
The inner UPDATEs set only ``first_from_address``, so no other trigger on letters fires again
(those are ``AFTER UPDATE OF`` other columns) and the editors' ``version`` is untouched. On
PostgreSQL the row's own value is set BEFORE it is written; SQLite cannot change NEW, so it
updates the row just written when the value differs from the default (a regular's letter).
Two workers on PostgreSQL storing the first two letters of a new address at the same instant
could both mark theirs first (neither sees the other's uncommitted row): the later one counts
as first-time, a count off by one.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The row's own value: no address, or no earlier letter with it.
FIRST = ("({row}.author_email IS NULL OR NOT EXISTS (SELECT 1 FROM letters e "
         "WHERE e.author_email = {row}.author_email AND e.id < {row}.id))")
SET_ROW = ("UPDATE letters SET first_from_address = {first} WHERE id = NEW.id "
           "AND first_from_address IS NOT {first};")
LATER_NOT_FIRST = ("UPDATE letters SET first_from_address = FALSE WHERE author_email = NEW.author_email "
                   "AND id > NEW.id AND first_from_address;")
EARLIEST_FIRST = ("UPDATE letters SET first_from_address = TRUE WHERE id = (SELECT min(id) FROM letters "
                  "WHERE author_email = OLD.author_email) AND NOT first_from_address;")


def upgrade() -> None:
    op.add_column("letters", sa.Column("first_from_address", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    op.execute("UPDATE letters SET first_from_address = FALSE WHERE author_email IS NOT NULL AND EXISTS "
               "(SELECT 1 FROM letters e WHERE e.author_email = letters.author_email AND e.id < letters.id)")
    op.create_index("ix_letters_first_writer", "letters",
                    ["article_id", "kind", "first_from_address", "status", "received_at"])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    set_row = SET_ROW.format(first=FIRST.format(row="NEW"))
    op.execute(f"CREATE TRIGGER letters_first_ai AFTER INSERT ON letters BEGIN {set_row} {LATER_NOT_FIRST} END")
    op.execute("CREATE TRIGGER letters_first_au AFTER UPDATE OF author_email ON letters "
               f"WHEN OLD.author_email IS NOT NEW.author_email BEGIN {set_row} {LATER_NOT_FIRST} {EARLIEST_FIRST} END")
    op.execute("CREATE TRIGGER letters_first_ad AFTER DELETE ON letters "
               f"WHEN OLD.author_email IS NOT NULL AND OLD.first_from_address BEGIN {EARLIEST_FIRST} END")


def _postgresql_triggers() -> None:
    # The row's own value BEFORE it is written (one row version: no second UPDATE, which would
    # also recompute the generated search document); the other rows of the addresses AFTER.
    op.execute(f"""
        CREATE FUNCTION letters_first_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.first_from_address := {FIRST.format(row="NEW")};
            RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION letters_first_others() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.author_email IS NOT NULL THEN
                {LATER_NOT_FIRST}
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.author_email IS NOT NULL THEN
                {EARLIEST_FIRST}
            END IF;
            RETURN NULL;
        END $$""")
    changed = "WHEN (OLD.author_email IS DISTINCT FROM NEW.author_email)"
    op.execute("CREATE TRIGGER letters_first_bi BEFORE INSERT ON letters "
               "FOR EACH ROW EXECUTE FUNCTION letters_first_row()")
    op.execute(f"CREATE TRIGGER letters_first_bu BEFORE UPDATE OF author_email ON letters FOR EACH ROW {changed} "
               "EXECUTE FUNCTION letters_first_row()")
    op.execute("CREATE TRIGGER letters_first_ai AFTER INSERT OR DELETE ON letters "
               "FOR EACH ROW EXECUTE FUNCTION letters_first_others()")
    op.execute(f"CREATE TRIGGER letters_first_au AFTER UPDATE OF author_email ON letters FOR EACH ROW {changed} "
               "EXECUTE FUNCTION letters_first_others()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("letters_first_ai", "letters_first_au", "letters_first_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in ("letters_first_bi", "letters_first_bu", "letters_first_ai", "letters_first_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON letters")
        op.execute("DROP FUNCTION IF EXISTS letters_first_row()")
        op.execute("DROP FUNCTION IF EXISTS letters_first_others()")
    op.drop_index("ix_letters_first_writer", table_name="letters")
    op.drop_column("letters", "first_from_address")
