"""Editions (the letters page: date, title, word budget, ordered letters, a lead, group
headlines) and a letter's stance on its article, with per-article stance labels.

``edition_letters.letter_id`` is unique: a letter is in at most one edition at a time. The
letters table only gains a nullable column and an index (plain ALTER TABLE ADD COLUMN on both
backends: no table rebuild, so the FTS5 and count triggers stay as they are).

Revision ID: 0009
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0003"
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
    op.create_index("ix_letters_article_stance", "letters", ["article_id", "kind", "stance", "status"], unique=False)
    op.add_column("articles", sa.Column("stance_labels", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "stance_labels")
    op.drop_index("ix_letters_article_stance", table_name="letters")
    op.drop_column("letters", "stance")
    op.drop_table("edition_headlines")
    op.drop_index(op.f("ix_edition_letters_edition_id"), table_name="edition_letters")
    op.drop_table("edition_letters")
    op.drop_index(op.f("ix_editions_day"), table_name="editions")
    op.drop_table("editions")
