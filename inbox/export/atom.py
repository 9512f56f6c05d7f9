"""Published letters as an Atom feed (feedgen): for readers following the letters page, and for
any reader of one article's letters. The publication version only, as the CMS API gives it
(inbox/desk/published.py): headline, text, "Name, Town", and where it appeared when known."""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from inbox.desk.published import PublishedLetter

FEED_ID = "tag:reaction.life,2026:letters"


def letters_feed(letters: list[PublishedLetter], *, title: str, self_url: str, feed_id: str,
                 alternate: str | None = None) -> bytes:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    if alternate:
        fg.link(href=alternate, rel="alternate", type="text/html")
    fg.author({"name": "Reaction letters"})
    fg.language("en-GB")
    epoch = datetime(2026, 1, 1, tzinfo=timezone.utc)
    fg.updated(max((l.published_at for l in letters if l.published_at), default=epoch))
    for letter in letters:           # newest first, as given
        entry = fg.add_entry(order="append")
        entry.id(f"{FEED_ID}:letter-{letter.id}")
        entry.title(letter.headline or "Letter")
        signoff = ", ".join(p for p in (letter.signoff_name, letter.signoff_town) if p)
        entry.content(f"{letter.text}\n\n{signoff}".strip(), type="text")
        entry.author({"name": letter.signoff_name or "A reader"})
        when = letter.published_at or epoch
        entry.published(when)
        entry.updated(when)
        if letter.published_url:
            entry.link(href=letter.published_url, rel="alternate", type="text/html")
        if letter.article_title:
            entry.category(term=letter.article or "", label=letter.article_title)
    return fg.atom_str(pretty=True)
