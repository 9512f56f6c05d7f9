"""Retention as it runs: ``inbox purge`` and the daily purge inside ``inbox serve``."""
from __future__ import annotations

import logging
import threading

from inbox.bootstrap import Database
from inbox.config import Settings
from inbox.db import transaction
from inbox.readers.privacy import Purge, optimize_search, purge

log = logging.getLogger(__name__)
DAY = 86400.0
# Letters a transaction: a first purge over years of backlog must not hold the database's write
# lock for minutes (the listener's commits, and so its 250s, would wait behind it).
BATCH = 500


def run_purge(db: Database, settings: Settings, *, dry_run: bool = False) -> str:
    """Purge what retention says must go, a batch a transaction; returns the report line it
    also logs."""
    if dry_run:
        with transaction(db.factory) as session:
            result = purge(session, settings, dry_run=True)
    else:
        result, seen = Purge(), set()
        while True:
            with transaction(db.factory) as session:
                batch = purge(session, settings, limit=BATCH, optimize=False)
            for name in ("unpublished", "published", "attachments", "mail_sent"):
                setattr(result, name, getattr(result, name) + getattr(batch, name))
            fresh = set(batch.letter_ids) - seen        # a letter that stays due must not loop
            seen |= fresh
            if not fresh or (batch.unpublished < BATCH and batch.published < BATCH):
                break
        if result.unpublished or result.published:
            with transaction(db.factory) as session:
                optimize_search(session)       # the erased words leave the index's segments too
    report = (f"{'would purge' if dry_run else 'purged'}: {result.unpublished} unpublished letter(s) older "
              f"than {settings.retain_unpublished_days} days, {result.published} published letter(s) older "
              f"than {settings.retain_published_days} days, {result.attachments} attachment(s), "
              f"{result.mail_sent} message(s) sent to readers")
    log.info(report)
    return report


class DailyPurge:
    """A thread that purges at start and then every day until stopped."""

    def __init__(self, db: Database, settings: Settings, interval: float = DAY):
        self.db, self.settings, self.interval = db, settings, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="purge", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                run_purge(self.db, self.settings)
            except Exception:
                log.warning("the retention purge failed; it runs again tomorrow", exc_info=True)
            self._stop.wait(self.interval)

    def start(self) -> "DailyPurge":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
