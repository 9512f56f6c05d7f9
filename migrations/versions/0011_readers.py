"""Mail to readers: the outbox, the notice templates, consent requests (issue 18).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), sa.ForeignKey("letters.id", ondelete="SET NULL",
                  name="fk_outbox_letter_id_letters"), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("message_id", sa.String(998), nullable=False),
        sa.Column("subject", sa.String(998), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
    )
    op.create_index("ix_outbox_letter_id", "outbox", ["letter_id"])
    op.create_index("ix_outbox_recipient", "outbox", ["recipient"])
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])
    op.create_table(
        "reader_notices",
        sa.Column("name", sa.String(30), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_reader_notices"),
    )
    op.create_table(
        "consent_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), sa.ForeignKey("letters.id", ondelete="CASCADE",
                  name="fk_consent_requests_letter_id_letters"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("version_text", sa.Text(), nullable=False),
        sa.Column("outbound_message_id", sa.String(998), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_via", sa.String(20), nullable=True),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("reply_message_pk", sa.Integer(), sa.ForeignKey("messages.id", ondelete="SET NULL",
                  name="fk_consent_requests_reply_message_pk_messages"), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consent_requests"),
        sa.UniqueConstraint("nonce", name="uq_consent_requests_nonce"),
    )
    op.create_index("ix_consent_requests_letter_id", "consent_requests", ["letter_id"])
    op.create_index("ix_consent_requests_outbound_message_id", "consent_requests", ["outbound_message_id"])


def downgrade() -> None:
    op.drop_table("consent_requests")
    op.drop_table("reader_notices")
    op.drop_table("outbox")
