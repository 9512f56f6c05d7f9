"""Retention as it runs: ``inbox purge`` and the daily purge inside ``inbox serve``."""
from __future__ import annotations

import logging
import threading

from inbox.bootstrap import Database
from inbox.config import Settings
from inbox.db import transaction
from inbox.readers.privacy import purge

log = logging.getLogger(__name__)
DAY = 86400.0


def run_purge(db: Database, settings: Settings, *, dry_run: bool = False) -> str:
    """Purge what retention says must go; returns the report line it also logs."""
    with transaction(db.factory) as session:
        result = purge(session, settings, dry_run=dry_run)
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
