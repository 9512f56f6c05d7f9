"""Public Atom feeds of published letters: ``/feeds/letters.atom`` (every one) and
``/feeds/articles/<slug>.atom`` (one article's). No sign-in: only what was printed is in them."""
from __future__ import annotations

from flask import Blueprint, Response, abort, request

from inbox.desk.articles import article_by_slug
from inbox.desk.published import published_letters
from inbox.export.atom import FEED_ID, letters_feed
from inbox.web.context import db_session

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/letters.atom")
def letters():
    return _atom(letters_feed(published_letters(db_session(), limit=None), title="Reaction: letters to the editor",
                              self_url=request.url, feed_id=FEED_ID))


@bp.get("/articles/<slug>.atom")
def article(slug: str):
    s = db_session()
    found = article_by_slug(s, slug)
    if found is None:
        abort(404, "There is no such article.")
    return _atom(letters_feed(published_letters(s, article=found.slug, limit=None),
                              title=f"Reaction: letters on \u201c{found.title}\u201d", self_url=request.url,
                              feed_id=f"{FEED_ID}:article-{found.id}", alternate=found.url))
