"""``INBOX_ARTICLES_FEED``: polled by ``inbox serve`` in a thread of its own, every
``INBOX_ARTICLES_FEED_INTERVAL`` seconds. A feed that fails (refused, slow, huge, not a feed,
a redirect loop) is logged and tried again at the next round; nothing it does can stop the poller,
and the SMTP listener and the web app never wait for it (each fetch is bounded by fetch.TIMEOUT
and the only shared resource is one short write transaction per feed)."""
from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from inbox.feeds.fetch import FeedError
from inbox.feeds.importer import import_feed

log = logging.getLogger(__name__)


class FeedPoller:
    def __init__(self, factory: sessionmaker[Session], feeds: tuple[str, ...], interval: float, **fetch_options):
        self.factory, self.feeds, self.interval = factory, feeds, interval
        self.fetch_options = fetch_options
        self.rounds = 0                  # completed rounds (tests and logs)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="articles-feed", daemon=True)

    def start(self) -> "FeedPoller":
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def poll_once(self) -> None:
        for source in self.feeds:
            if self._stop.is_set():
                return
            try:
                result = import_feed(self.factory, source, conditional=True, **self.fetch_options)
            except FeedError as e:
                log.warning("articles feed %s: %s; retrying in %ss", source, e, self.interval)
            except Exception:   # a bug or a database hiccup: log it, keep polling
                log.exception("articles feed %s failed; retrying in %ss", source, self.interval)
            else:
                if result.not_modified:
                    log.info("articles feed %s: not modified", source)
                else:
                    log.info("articles feed %s: %s", source, result.outcomes)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self.rounds += 1
            self._stop.wait(self.interval)
