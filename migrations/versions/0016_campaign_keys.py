"""Campaign detection's band keys made the cheaper way (issue 16): rebuild ``lsh_keys``.

The signature became 64 permutations in 16 bands of 4 (from 125 in 25 of 5) over 3-gram hashes
made in numpy (:mod:`inbox.pipeline.campaign_signature`), so every stored key changed: without a
rebuild no letter stored before would ever match a new one. Every letter that had keys gets the
new ones (letters stored with detection off had none and still have none); the campaigns found
so far stay as they are. On SQLite the table is made anew ``WITHOUT ROWID``: the keys are
its primary key, so one b-tree instead of a table plus an index for every insert and lookup.

The keys are made with the application's own code, deliberately: they must be the keys the
running code makes. A later change of the scheme needs its own rebuild, as this one is.
Measured: 20,000 letters (320,000 keys) in 2.2 s on SQLite and 5.7 s on PostgreSQL, so about
10 and 30 s for 100,000, once, at the upgrade.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

from inbox.pipeline.campaign_signature import letters_keys

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CHUNK = 500
LETTERS = sa.table("letters", sa.column("id", sa.Integer), sa.column("text", sa.Text))


def _create(with_rowid: bool) -> sa.Table:
    return op.create_table(
        "lsh_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_lsh_keys_letter_id_letters"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "letter_id", name=op.f("pk_lsh_keys")),
        **({} if with_rowid else {"sqlite_with_rowid": False}),
    )


def _rebuild(with_rowid: bool) -> None:
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT DISTINCT letter_id FROM lsh_keys ORDER BY letter_id")).scalars().all()
    if bind.dialect.name == "sqlite":
        op.drop_table("lsh_keys")
        _create(with_rowid)
    else:
        bind.execute(sa.text("DELETE FROM lsh_keys"))
    # The driver's own executemany: through Core's bind parameters the inserts were most of the time.
    mark = "?" if bind.dialect.paramstyle == "qmark" else "%s"
    for first in range(0, len(ids), CHUNK):
        rows = bind.execute(sa.select(LETTERS.c.id, LETTERS.c.text).where(
            LETTERS.c.id.in_(ids[first:first + CHUNK]))).all()
        values = [(k, row.id) for row, found in zip(rows, letters_keys([r.text for r in rows])) for k in found or ()]
        if values:
            bind.exec_driver_sql(f"INSERT INTO lsh_keys (key, letter_id) VALUES ({mark}, {mark})", values)


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    # The old scheme's keys are not made by any code now: the table is emptied (and on SQLite
    # made with a rowid again); letters stored after this still get keys of the new scheme.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.drop_table("lsh_keys")
        _create(with_rowid=True)
    else:
        bind.execute(sa.text("DELETE FROM lsh_keys"))
