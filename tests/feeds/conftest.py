from __future__ import annotations

import pytest

from tests.feeds.feedserver import FeedServer, atom, rss

ITEMS = [
    dict(title="Starmer&#8217;s budget gamble", slug="starmer-budget-gamble", p=101,
         date="Mon, 30 Nov 2026 08:00:00 +0000", summary="The Chancellor bets on growth.",
         body="Rachel Reeves raised taxes on employers and borrowing for investment."),
    dict(title="Taiwan and the chips", slug="taiwan-chips", p=102,
         date="Sun, 29 Nov 2026 07:30:00 +0000", summary="TSMC and the Strait.",
         body="Advanced microchip manufacturing sits ninety miles from the mainland."),
]
ATOM_ENTRIES = [
    dict(title="The NHS winter", id="tag:reaction.life,2026:nhs-winter", url="https://reaction.life/nhs-winter/",
         updated="2026-11-28T09:00:00Z", summary="Corridor care again.", body="Waiting lists and A&amp;amp;E."),
]


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    server.files["/feed.rss"] = rss(ITEMS)
    server.files["/feed.atom"] = atom(ATOM_ENTRIES)
    server.files["/broken.rss"] = b"<rss version='2.0'><channel><item><title>Unclosed"
    server.files["/not-a-feed"] = b"<html><body>Hello</body></html>"
    yield server
    server.stop()
