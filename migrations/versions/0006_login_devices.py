"""login_attempts.device: sign-in throttling by device cookie (issue 13).

An attempt from a browser that signed in before (it shows a signed device cookie) records that
device's id and is counted against that device alone; attempts from unknown devices keep NULL and
are counted per account and per client address. See inbox/desk/accounts.py.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("login_attempts", sa.Column("device", sa.String(length=64), nullable=True))
    op.create_index("ix_login_attempts_device", "login_attempts", ["device", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_attempts_device", table_name="login_attempts")
    op.drop_column("login_attempts", "device")
