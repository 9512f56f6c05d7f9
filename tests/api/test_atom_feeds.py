"""The public Atom feeds of published letters, fetched over real HTTP and parsed back with
feedparser: valid Atom, the publication version, the link to where a letter appeared, and no
contact data."""
from __future__ import annotations

import feedparser
import requests

from inbox.db import transaction
from inbox.models import Letter


def fetch(url: str):
    response = requests.get(url, timeout=10)
    return response, feedparser.parse(response.content)


def test_every_published_letter_is_in_the_letters_feed(server, db, published):
    with transaction(db.factory) as s:
        s.get(Letter, published["published"]).published_url = "https://reaction.life/letters-20-november/"
    response, feed = fetch(f"{server}/feeds/letters.atom")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == "Reaction: letters to the editor"
    assert [e.title for e in feed.entries] == ["The Strait matters"]     # shortlisted and new ones are not
    entry = feed.entries[0]
    assert entry.content[0].value == "Sir, the Strait matters ((email address removed)).\n\nAnn Reader, York"
    assert entry.author == "Ann Reader" and entry.link == "https://reaction.life/letters-20-november/"
    assert entry.published_parsed[:3] == (2026, 11, 20)
    assert "example.org" not in response.text


def test_an_articles_feed_has_only_its_letters_and_unknown_slugs_are_404(server, published):
    response, feed = fetch(f"{server}/feeds/articles/blinken-beijing.atom")
    assert response.status_code == 200 and feed.bozo == 0
    assert "Blinken in Beijing" in feed.feed.title and len(feed.entries) == 1
    assert feed.feed.link == "https://reaction.life/blinken-in-beijing/"
    assert requests.get(f"{server}/feeds/articles/nothing.atom", timeout=10).status_code == 404


def test_an_empty_feed_is_still_valid_atom(server):
    response, feed = fetch(f"{server}/feeds/letters.atom")
    assert response.status_code == 200 and feed.bozo == 0 and feed.entries == [] and feed.version == "atom10"
