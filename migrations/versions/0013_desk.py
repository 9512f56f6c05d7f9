"""The letters desk, continued (issue 16): the contact index behind ``shared-contact``, a
writer's other addresses, and the letters a flag's explanation names.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_keys",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_contact_keys_letter_id_letters"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "letter_id", name=op.f("pk_contact_keys")),
    )
    op.create_index(op.f("ix_contact_keys_letter_id"), "contact_keys", ["letter_id"])
    op.create_table(
        "writer_emails",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("writer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["writer_id"], ["writers.id"], name=op.f("fk_writer_emails_writer_id_writers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_writer_emails")),
    )
    op.create_index(op.f("ix_writer_emails_writer_id"), "writer_emails", ["writer_id"])
    with op.batch_alter_table("letter_flags") as batch:
        batch.add_column(sa.Column("related", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letter_flags") as batch:
        batch.drop_column("related")
    op.drop_table("writer_emails")
    op.drop_table("contact_keys")
