"""Fetching feeds over real HTTP from a local server, hostile ones included."""
from __future__ import annotations

import time

import pytest

from inbox.feeds.fetch import FeedError, fetch


def test_a_feed_is_fetched_with_its_validators_and_then_not_modified(feed_server):
    first = fetch(f"{feed_server.url}/feed.rss")
    assert first.content.startswith(b"<?xml") and first.etag and first.last_modified
    again = fetch(f"{feed_server.url}/feed.rss", etag=first.etag, last_modified=first.last_modified)
    assert again.content is None and feed_server.not_modified == 1
    sent = feed_server.requests[-1][1]
    assert sent["If-None-Match"] == first.etag and sent["If-Modified-Since"] == first.last_modified


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_30_mb_feed_is_refused_at_the_cap(feed_server, path):
    started = time.monotonic()
    with pytest.raises(FeedError, match="cap"):
        fetch(f"{feed_server.url}{path}", max_bytes=1024 * 1024)
    assert time.monotonic() - started < 10


def test_a_slow_feed_is_abandoned_at_the_deadline(feed_server):
    started = time.monotonic()
    with pytest.raises(FeedError, match="slow|timed out"):
        fetch(f"{feed_server.url}/slow", timeout=1.5)
    assert time.monotonic() - started < 5      # the server would drip for 100 s


def test_a_redirect_to_itself_is_not_followed_forever(feed_server):
    with pytest.raises(FeedError, match="redirects"):
        fetch(f"{feed_server.url}/loop")
    assert 1 < len([p for p, _ in feed_server.requests if p == "/loop"]) <= 6


def test_http_errors_and_refused_connections_are_feed_errors(feed_server):
    with pytest.raises(FeedError, match="404"):
        fetch(f"{feed_server.url}/missing")
    feed_server.stop()
    with pytest.raises(FeedError):
        fetch(f"{feed_server.url}/feed.rss", timeout=2)


def test_a_local_path_is_read_with_the_same_cap(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"x" * 2000)
    assert fetch(str(path)).content == b"x" * 2000
    with pytest.raises(FeedError, match="cap"):
        fetch(str(path), max_bytes=1000)
    with pytest.raises(FeedError):
        fetch(str(tmp_path / "nothing.xml"))
