"""The letters desk at intake: house-rule flags, writers, campaigns, verification records.

``letters`` gains two plain indexed integers (``writer_id``, ``campaign_id``) rather than
foreign keys: a constraint added to ``letters`` would make Alembic rebuild the table on SQLite,
and with it the count and search triggers. Everything else is new tables.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out, not imported: a migration must keep meaning what it meant when it was written.
FLAGS = ("over-word-limit", "frequent-writer", "no-full-name", "no-town", "not-exclusive",
         "stale-article", "reply-to-mismatch", "campaign", "shared-contact")


def upgrade() -> None:
    op.create_table(
        "writers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("standing", sa.Enum("none", "trusted", "hold", "block", name="standing", native_enum=False, length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_writers")),
        sa.UniqueConstraint("email", name=op.f("uq_writers_email")),
    )
    op.create_table(
        "letter_flags",
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Enum(*FLAGS, name="flag", native_enum=False, length=20), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("related_letter_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_letter_flags_letter_id_letters"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("letter_id", "code", name=op.f("pk_letter_flags")),
    )
    op.create_index("ix_letter_flags_code", "letter_flags", ["code", "letter_id"])
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_table(
        "lsh_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_lsh_keys_letter_id_letters"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "letter_id", name=op.f("pk_lsh_keys")),
    )
    op.create_table(
        "verifications",
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.Enum("phone", "email reply", "in person", "known writer", name="verifymethod", native_enum=False, length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("by", sa.String(length=320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_verifications_letter_id_letters"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_verifications_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("letter_id", name=op.f("pk_verifications")),
    )
    op.add_column("letters", sa.Column("writer_id", sa.Integer(), nullable=True))
    op.add_column("letters", sa.Column("campaign_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_letters_writer_id"), "letters", ["writer_id"])
    op.create_index(op.f("ix_letters_campaign_id"), "letters", ["campaign_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_letters_campaign_id"), table_name="letters")
    op.drop_index(op.f("ix_letters_writer_id"), table_name="letters")
    with op.batch_alter_table("letters") as batch:
        batch.drop_column("campaign_id")
        batch.drop_column("writer_id")
    for table in ("verifications", "lsh_keys", "campaigns", "letter_flags", "writers"):
        op.drop_table(table)
