"""Letter fidelity (issue #12): what the parser removed, and the reader's private contact.

``letters.removed`` lists, in message order, each part taken out of the published text
(``{"kind": "quote"|"signature"|"disclaimer"|"list-footer"|"forward-header"|"contact"|
"sign-off", "text": ...}``), so an editor can see it and put it back. ``letters.author_contact``
holds the street address and phone number a reader signs with (``{"address": ..., "phone":
...}``): for the desk's checks, never for an export. Letters stored before this revision get an
empty list and no contact; re-parsing them is not done here (the raw messages are kept).

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The server default fills the existing rows (a NOT NULL column cannot be added without
    # one); the application always writes the value itself.
    op.add_column("letters", sa.Column("removed", sa.JSON(), nullable=False,
                                       server_default=sa.text("'[]'")))
    op.add_column("letters", sa.Column("author_contact", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.drop_column("author_contact")
        batch.drop_column("removed")
