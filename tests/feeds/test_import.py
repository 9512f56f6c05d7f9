"""Importing RSS and Atom feeds into articles: fields, idempotence, updates, hostile feeds, and
the poller that `inbox serve` runs."""
from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import select

from inbox.desk.articles import find_article
from inbox.feeds.fetch import FeedError
from inbox.feeds.importer import import_feed
from inbox.feeds.poller import FeedPoller
from inbox.models import Article, ArticleFeed, AuditEvent
from tests.feeds.conftest import ITEMS
from tests.feeds.feedserver import rss


def articles(session) -> dict[str, Article]:
    session.rollback()
    return {a.slug: a for a in session.scalars(select(Article).where(Article.source == "feed"))}


def test_an_rss_feed_becomes_articles_with_every_field(db, session, feed_server):
    result = import_feed(db.factory, f"{feed_server.url}/feed.rss")
    assert result.outcomes["created"] == 2
    got = articles(session)
    budget = got["starmers-budget-gamble"]
    assert budget.title == "Starmer\u2019s budget gamble"
    assert budget.url == "https://reaction.life/starmer-budget-gamble/"       # tracking parameters dropped
    assert budget.url_key == "reaction.life/starmer-budget-gamble"
    assert budget.short_url == "https://reaction.life/?p=101" and budget.short_key == "reaction.life/?p=101"
    assert budget.published_on == date(2026, 11, 30)
    assert budget.summary == "The Chancellor bets on growth."
    assert "Rachel Reeves raised taxes" in budget.body and "alert" not in budget.body and "<" not in budget.body
    assert budget.guid == "https://reaction.life/?p=101"


def test_importing_twice_changes_nothing_and_a_changed_item_updates(db, session, feed_server):
    import_feed(db.factory, f"{feed_server.url}/feed.rss")
    again = import_feed(db.factory, f"{feed_server.url}/feed.rss")
    assert again.outcomes == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}
    changed = [dict(ITEMS[0], title="Reeves&#8217;s budget gamble")] + ITEMS[1:]
    feed_server.files["/feed.rss"] = rss(changed)
    third = import_feed(db.factory, f"{feed_server.url}/feed.rss")
    assert third.outcomes["updated"] == 1
    got = articles(session)
    assert len(got) == 2 and got["starmers-budget-gamble"].title == "Reeves\u2019s budget gamble"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "article.update")).before["title"] \
        == "Starmer\u2019s budget gamble"


def test_an_item_is_matched_by_guid_even_when_its_link_moved(db, session, feed_server):
    import_feed(db.factory, f"{feed_server.url}/feed.rss")
    moved = [dict(ITEMS[0], slug="budget-2026")] + ITEMS[1:]
    feed_server.files["/feed.rss"] = rss(moved)
    import_feed(db.factory, f"{feed_server.url}/feed.rss")
    got = articles(session)
    assert len(got) == 2 and got["starmers-budget-gamble"].url_key == "reaction.life/budget-2026"


def test_an_atom_feed_is_imported(db, session, feed_server):
    import_feed(db.factory, f"{feed_server.url}/feed.atom")
    nhs = find_article(session, url="https://www.reaction.life/nhs-winter")
    assert nhs.title == "The NHS winter" and nhs.guid == "tag:reaction.life,2026:nhs-winter"
    assert nhs.published_on == date(2026, 11, 28) and "A&E" in nhs.body


@pytest.mark.parametrize("path", ["/broken.rss", "/not-a-feed", "/loop", "/missing"])
def test_a_broken_feed_raises_and_imports_nothing(db, session, feed_server, path):
    with pytest.raises(FeedError):
        import_feed(db.factory, f"{feed_server.url}{path}")
    assert articles(session) == {}


def test_a_feed_from_a_path(db, session, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(ITEMS[:1]))
    assert import_feed(db.factory, str(path)).outcomes["created"] == 1


def test_the_poller_survives_hostile_feeds_and_uses_conditional_get(db, session, feed_server):
    feeds = tuple(f"{feed_server.url}{p}" for p in ("/loop", "/slow", "/huge", "/broken.rss", "/feed.rss"))
    poller = FeedPoller(db.factory, feeds, interval=0.2, timeout=3.0, max_bytes=1024 * 1024).start()
    try:
        deadline = time.monotonic() + 30
        while poller.rounds < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        poller.stop()
    assert poller.rounds >= 2
    assert set(articles(session)) == {"starmers-budget-gamble", "taiwan-and-the-chips"}
    assert feed_server.not_modified >= 1          # the second round sent If-None-Match and got 304
    states = {s.url.rsplit("/", 1)[1]: s for s in session.scalars(select(ArticleFeed))}
    assert states["feed.rss"].error is None and states["feed.rss"].etag
    assert "redirects" in states["loop"].error and states["slow"].error and "cap" in states["huge"].error
    assert states["broken.rss"].error
