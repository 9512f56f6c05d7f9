"""A feed's bytes to articles: RSS 2.0 or Atom through feedparser (which also sanitises the
HTML it hands back); the body from ``content:encoded``/Atom content, as plain text."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import feedparser

from inbox.feeds.fetch import FeedError
from inbox.mail.html_text import html_to_text
from inbox.text import clean_line, clean_text
from inbox.urlforms import url_key


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str
    guid: str | None
    published_on: date | None
    summary: str
    body: str | None             # None when the feed carries only the summary
    short_url: str | None        # WordPress's ?p=123 link, when the feed gives one


def parse_feed(content: bytes) -> list[FeedItem]:
    """Every usable item (one with a title and a web link); FeedError if it is not a feed."""
    parsed = feedparser.parse(content, sanitize_html=True, resolve_relative_uris=True)
    items = [item for item in map(_item, parsed.entries) if item is not None]
    if not items and parsed.bozo:
        raise FeedError(f"not a well-formed feed: {parsed.get('bozo_exception')}"[:300])
    if not items and not parsed.version:
        raise FeedError("not an RSS or Atom feed")
    return items


def _item(entry) -> FeedItem | None:
    title = clean_line(html_to_text(entry.get("title", "")))[:500]
    url = _canonical_link(entry)
    if not title or url is None:
        return None
    guid = clean_line(entry.get("id", ""))[:1000] or None
    short = _short_link(entry, guid, url)
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    return FeedItem(url=url, title=title, guid=guid,
                    published_on=date(*when[:3]) if when else None,
                    summary=clean_text(html_to_text(entry.get("summary", "")))[:5000],
                    body=clean_text(html_to_text(max(contents, key=len))) if contents else None,
                    short_url=short)


def _canonical_link(entry) -> str | None:
    links = [link.get("href", "") for link in entry.get("links", [])
             if link.get("rel", "alternate") == "alternate"]
    for candidate in [*links, entry.get("link", "")]:
        if candidate.lower().startswith(("http://", "https://")) and url_key(candidate):
            return candidate[:1000]
    return None


def _short_link(entry, guid: str | None, url: str) -> str | None:
    """An explicit ``rel="shortlink"``, or a guid that is another address of the same site
    (WordPress's ``https://reaction.life/?p=123``)."""
    for link in entry.get("links", []):
        if link.get("rel") == "shortlink" and url_key(link.get("href")):
            return link["href"][:1000]
    if guid and guid.lower().startswith(("http://", "https://")):
        key, canonical = url_key(guid), url_key(url)
        if key and canonical and key != canonical and key.split("/")[0] == canonical.split("/")[0]:
            return guid
    return None
