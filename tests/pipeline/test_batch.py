"""The worker stores a batch of letters in one multi-row insert (``inbox.rowinsert``), never
falling back to one by one for a column the database fills itself."""
from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select

from inbox.db import transaction
from inbox.models import Letter, Message, utcnow
from inbox.pipeline.batch import process_pending
from tests.conftest import make_letter


def test_a_batch_is_stored_in_one_go_and_the_database_fills_first_from_address(db, settings, caplog):
    senders = ["ann@example.org", "ann@example.org", "bo@example.org"]
    with transaction(db.factory) as s:
        for i, sender in enumerate(senders):
            raw = make_letter(subject=f"Letter {i}", sender=f"Reader <{sender}>", message_id=f"<batch-{i}@example.org>")
            s.add(Message(fingerprint=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw), mail_from=sender,
                          rcpt_tos=["letters@reaction.life"], received_at=utcnow()))
    with caplog.at_level(logging.WARNING, logger="inbox.pipeline.batch"):
        assert process_pending(db.factory, settings) == 3
    assert not [r for r in caplog.records if r.name == "inbox.pipeline.batch"]   # no retry one by one
    with db.factory() as s:
        assert s.scalars(select(Letter.first_from_address).order_by(Letter.id)).all() == [True, False, True]
