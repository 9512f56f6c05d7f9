"""Indexing the phone numbers and street addresses of letters stored before migration 0013, in
the worker, in batches (:class:`inbox.pipeline.backfill.Backfill` runs it after the HTML).

New letters are indexed when they are processed (``desk_checks``); older ones have a contact
block but no ``contact_keys`` rows, so a new letter could never be found sharing their phone or
address, nor they each other's. The keys are made outside any write transaction, then stored
with the ``shared-contact`` flags they change in one short one. The walk goes by letter id from
a cursor, so a contact block that gives no key (a phone number that is not one) is read once.
"""
from __future__ import annotations

import logging

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.db import transaction
from inbox.enums import Flag
from inbox.models import ContactKey, Kind, Letter
from inbox.pipeline import shared_contact
from inbox.pipeline.contact_keys import contact_keys
from inbox.pipeline.flag_store import store_flags

log = logging.getLogger(__name__)
BATCH = 200


def contact_batch(factory: sessionmaker[Session], settings: Settings, *, after: int = 0,
                  size: int = BATCH) -> int | None:
    """Index up to ``size`` letters after id ``after`` that have a contact block and no keys;
    the last id looked at, or None when none is left."""
    with factory() as session:
        rows = session.execute(select(Letter.id, Letter.author_contact).where(
            Letter.id > after, Letter.kind == Kind.LETTER, Letter.author_contact.is_not(None),
            ~exists().where(ContactKey.letter_id == Letter.id)).order_by(Letter.id).limit(size)).all()
    if not rows:
        return None
    keys = {row.id: found for row in rows if (found := contact_keys(row.author_contact, settings.phone_region))}
    if keys:
        with transaction(factory) as session:
            # Only letters still without keys: another worker may have done some meanwhile.
            done = set(session.scalars(select(ContactKey.letter_id).where(ContactKey.letter_id.in_(keys))))
            keys = {i: found for i, found in keys.items() if i not in done}
            shared_contact.index(session, keys)
            store_flags(session, {i: [f] for i, f in shared_contact.check(session, keys).items()},
                        codes={Flag.SHARED_CONTACT})
        log.info("indexed the contact details of %d letters stored before it was done at processing", len(keys))
    return rows[-1].id
