"""The outbox remembers a delivery in progress: an attempt handed to the relay (committed before
it is) and how many attempts a crash interrupted (issue 18).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("attempt_started_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbox", sa.Column("interrupted", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("interrupted")
        batch.drop_column("attempt_started_at")
