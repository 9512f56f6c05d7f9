"""Sanitising the HTML of letters stored before migration 0005, in the worker, in batches (then,
by :mod:`inbox.pipeline.contact_backfill`, indexing older letters' phone numbers and addresses).

New letters get ``html_sanitised`` when they are processed; older ones have NULL, and until the
backfill reaches them the frame shows their text with a notice (never sanitising on a page view,
which is what let one letter stall the editors' UI). Each batch sanitises outside any write
transaction (as processing does: the listener's commits must not queue behind CPU work), then
stores the results in one short one. Once a pass finds nothing left, the worker stops looking.
"""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.db import transaction
from inbox.desk.sanitize import TOO_COMPLEX_FLAG
from inbox.models import Attachment, Letter
from inbox.pipeline.batch import process_pending
from inbox.pipeline.build import sanitised_html
from inbox.pipeline.contact_backfill import contact_batch

log = logging.getLogger(__name__)
BATCH = 20          # a hostile letter costs up to about a second to sanitise: keep batches short


def backfill_batch(factory: sessionmaker[Session], *, size: int = BATCH) -> int:
    """Sanitise up to ``size`` letters that have HTML but no sanitised HTML; how many it did."""
    with factory() as session:
        rows = session.execute(select(Letter.id, Letter.html, Letter.flags).where(
            Letter.html.is_not(None), Letter.html_sanitised.is_(None)).order_by(Letter.id).limit(size)).all()
        parts: dict[int, list] = {}
        if rows:
            for part in session.scalars(select(Attachment).where(
                    Attachment.letter_id.in_([r.id for r in rows]), Attachment.inline.is_(True))):
                parts.setdefault(part.letter_id, []).append(part)
        done = []
        for row in rows:
            cleaned = sanitised_html(row.html, parts.get(row.id, []))
            flags = list(row.flags or []) + ([TOO_COMPLEX_FLAG] if cleaned is None else [])
            done.append((row.id, cleaned or "", flags))
    if not done:
        return 0
    with transaction(factory) as session:
        for letter_id, cleaned, flags in done:
            # Only if still NULL: another worker may have done it meanwhile.
            session.execute(update(Letter).where(Letter.id == letter_id, Letter.html_sanitised.is_(None))
                            .values(html_sanitised=cleaned, flags=flags)
                            .execution_options(synchronize_session=False))
    log.info("sanitised the HTML of %d letters stored before it was done at processing", len(done))
    return len(done)


class Backfill:
    """The worker's backfill: one batch per call, the HTML first, then the contact index
    (:mod:`inbox.pipeline.contact_backfill`), until a call finds nothing left, then nothing."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings):
        self._factory, self._settings = factory, settings
        self._html_done = False
        self._contact_after: int | None = 0
        self.finished = False

    def __call__(self) -> int:
        """Above 0 while a batch found work (the HTML: how many letters); 0 once all is done."""
        if not self._html_done:
            if done := backfill_batch(self._factory):
                return done
            self._html_done = True
        if self._contact_after is not None:
            last = contact_batch(self._factory, self._settings, after=self._contact_after)
            if last is not None:
                self._contact_after = last
                return 1
            self._contact_after = None
        self.finished = True
        return 0


def process_then_backfill(factory: sessionmaker[Session], settings: Settings, backfill: Backfill, *,
                          keep_going: Callable[[], bool] = lambda: True) -> None:
    """The worker's round: pending mail, then the backfill batch by batch while ``keep_going()``,
    with any newly arrived mail processed between batches (new letters come first)."""
    process_pending(factory, settings)
    while keep_going() and backfill():
        process_pending(factory, settings)
