"""letters.html_sanitised: the reader's HTML sanitised once, by the pipeline, not per page view.

Sanitising a hostile letter took seconds per view (issue 13). The column is filled for every new
letter when it is processed; letters stored before this migration keep NULL until the worker's
backfill (:mod:`inbox.pipeline.backfill`) reaches them, and the frame shows their text meanwhile.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("letters", sa.Column("html_sanitised", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("letters", "html_sanitised")      # SQLite has DROP COLUMN since 3.35
