"""Importing a feed: fetch, parse, then create or update each item through the article service,
in one short transaction per feed (parsing happens before it, never holding the write lock)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from inbox.db import transaction
from inbox.desk.articles import ArticleError, save_article
from inbox.feeds.fetch import FeedError, fetch
from inbox.feeds.parse import FeedItem, parse_feed
from inbox.models import ArticleFeed, utcnow

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    source: str
    not_modified: bool = False
    outcomes: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0})


def save_items(session: Session, items: list[FeedItem], result: ImportResult, *, actor: str) -> None:
    for item in items:
        try:
            with session.begin_nested():    # one bad item (a slug clash) must not lose the others
                _, outcome = save_article(session, url=item.url, title=item.title, guid=item.guid,
                                          published_on=item.published_on, summary=item.summary,
                                          body=item.body,
                                          short_url=item.short_url, source="feed", actor=actor)
        except ArticleError as e:
            log.warning("feed %s: item %s skipped: %s", result.source, item.url, e)
            outcome = "skipped"
        result.outcomes[outcome] += 1


def import_feed(factory: sessionmaker[Session], source: str, *, conditional: bool = False,
                actor: str = "feed", **fetch_options) -> ImportResult:
    """Import or update every item of the feed at ``source`` (URL or path). With ``conditional``
    the feed's last validators are sent and its state (validators, last error) is recorded.
    Raises FeedError when the feed cannot be fetched or parsed."""
    result = ImportResult(source)
    state = _state(factory, source) if conditional else None
    try:
        fetched = fetch(source, etag=state.etag if state else None,
                        last_modified=state.last_modified if state else None, **fetch_options)
        items = parse_feed(fetched.content) if fetched.content is not None else []
    except FeedError as e:
        if conditional:
            _record(factory, source, error=str(e))
        raise
    with transaction(factory) as session:
        save_items(session, items, result, actor=actor)
        if conditional:
            _record_in(session, source, etag=fetched.etag, last_modified=fetched.last_modified)
    result.not_modified = fetched.content is None
    return result


def _state(factory: sessionmaker[Session], source: str) -> ArticleFeed | None:
    with factory() as session:
        return session.get(ArticleFeed, source)


def _record(factory: sessionmaker[Session], source: str, **values) -> None:
    with transaction(factory) as session:
        _record_in(session, source, **values)


def _record_in(session: Session, source: str, *, etag: str | None = None, last_modified: str | None = None,
               error: str | None = None) -> None:
    state = session.get(ArticleFeed, source) or ArticleFeed(url=source)
    session.add(state)
    state.checked_at = utcnow()
    state.error = error[:2000] if error else None
    if error is None:
        state.ok_at = state.checked_at
        state.etag = etag[:500] if etag else None
        state.last_modified = last_modified[:100] if last_modified else None
