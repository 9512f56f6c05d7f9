"""The article picker (issue 15): with thousands of articles neither the letter view's relink
nor the queue's article filter lists them all. A search box (headline, slug or URL, newest first,
20 at most) that works as a plain GET form; each match, and each of linking's suggestions, is one
click to link. Over a real server (waitress) with a real HTTP client."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from inbox.db import transaction
from inbox.desk.articles import find_articles, save_article
from inbox.models import Letter, LinkMethod
from tests.web.conftest import EDITOR, store_letter
from tests.web.live_http import Client, serving

N = 30     # more than the picker ever shows


@pytest.fixture
def articles(db):
    with transaction(db.factory) as s:
        for i in range(N):
            save_article(s, url=f"https://reaction.life/budget-piece-{i}/", title=f"Budget piece number {i}",
                         published_on=date(2026, 1, 1) + timedelta(days=i), source="cli", actor="test")
        save_article(s, url="https://reaction.life/kharkiv-drones/", title="Drones over Kharkiv",
                     published_on=date(2025, 5, 1), source="cli", actor="test")


@pytest.fixture
def http(settings, db, users, articles):
    with serving(settings, db) as port:
        client = Client(port, "192.0.2.15")
        assert client.sign_in(*EDITOR).status == 302
        yield client


def picks(html: str) -> list[str]:
    """The slugs the page offers as one-click link buttons."""
    return re.findall(r'name="link-article" value="([^"]+)">\s*<button type="submit">', html)


def test_find_matches_headline_slug_or_url_newest_first_at_most_20(db, articles):
    with db.factory() as s:
        assert [a.slug for a in find_articles(s, "kharkiv")] == ["drones-over-kharkiv"]
        assert [a.slug for a in find_articles(s, "DRONES over")] == ["drones-over-kharkiv"]
        assert [a.slug for a in find_articles(s, "http://www.reaction.life/kharkiv-drones?utm_source=x")] == [
            "drones-over-kharkiv"]
        budget = find_articles(s, "budget piece")
        assert len(budget) == 20 and budget[0].slug == f"budget-piece-number-{N - 1}"
        assert find_articles(s, "100%_") == [] and find_articles(s, "nothing-like-this") == []


def test_letter_view_relinks_from_a_search_in_one_click(http, db):
    letter_id = store_letter(db)
    html = http.request("GET", f"/letters/{letter_id}?tab=new").text
    assert len(picks(html)) == 5 and "drones-over-kharkiv" not in html    # the newest few, not all 31
    html = http.request("GET", f"/letters/{letter_id}?tab=new&find=kharkiv").text
    assert "Articles matching “kharkiv”" in unescape(html) and picks(html) == ["drones-over-kharkiv"]
    form = {"csrf_token": http.token(f"/letters/{letter_id}"), "link-version": 1, "link-article": "drones-over-kharkiv"}
    r = http.request("POST", f"/letters/{letter_id}/article?tab=new", form)
    assert r.status == 302 and "tab=new" in r.headers["Location"]
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.article.slug == "drones-over-kharkiv" and letter.link_method is LinkMethod.EDITOR
    html = http.request("GET", f"/letters/{letter_id}").text
    assert "unassigned" in picks(html) and "drones-over-kharkiv" not in picks(html)   # unassign: one click
    form = {"csrf_token": http.token(f"/letters/{letter_id}"), "link-version": 2, "link-article": "no-such-slug"}
    assert http.request("POST", f"/letters/{letter_id}/article", form).status == 400


def test_linkings_suggestions_stay_one_click(http, db):
    letter_id = store_letter(db)
    with db.factory() as s, s.begin():
        s.get(Letter, letter_id).link_suggestions = [{"slug": "drones-over-kharkiv", "score": 0.31},
                                                     {"slug": "retired-or-gone"}]
    html = http.request("GET", f"/letters/{letter_id}").text
    assert "Drones over Kharkiv" in html and "(0.31)" in html and "drones-over-kharkiv" in picks(html)
    assert "retired-or-gone" not in html


def test_queue_article_filter_searches_instead_of_listing(http, db):
    store_letter(db, subject="On drones", article_slug="drones-over-kharkiv")
    store_letter(db, subject="On the budget", article_slug="budget-piece-number-3")
    html = http.request("GET", "/?tab=new").text
    assert "Budget piece number 3" not in html.split('id="article"')[1].split("</select>")[0]
    r = http.request("GET", "/?" + urlencode({"tab": "new", "find": "Drones over Kharkiv", "q": "drones"}))
    assert r.status == 302          # one match: filtered at once, by the queue's own parameter
    assert parse_qs(urlsplit(r.headers["Location"]).query) == {"tab": ["new"], "article": ["drones-over-kharkiv"],
                                                               "q": ["drones"], "sort": ["newest"]}
    html = http.request("GET", r.headers["Location"]).text
    assert "On drones" in html and "On the budget" not in html
    assert '<option value="drones-over-kharkiv" selected>Drones over Kharkiv</option>' in html
    html = unescape(http.request("GET", "/?tab=new&find=budget+piece").text)
    links = re.findall(r'href="/\?([^"]*article=budget-piece-number-\d+[^"]*)"', html)
    assert len(links) == 20 and "Articles matching “budget piece”" in html
    assert "No article matches." in unescape(http.request("GET", "/?tab=new&find=zzzz").text)


def test_balance_picks_the_article_by_search_not_from_the_whole_list(http, db):
    html = unescape(http.request("GET", "/balance/blinken-beijing").text)
    newest = re.findall(r'<li><a href="/balance/(budget-piece-number-\d+)"', html)
    assert newest == [f"budget-piece-number-{N - 1 - i}" for i in range(10)]    # the newest ten only
    assert "Newest articles" in html and 'href="/balance/unassigned"' in html
    r = http.request("GET", "/balance/blinken-beijing?find=kharkiv")
    assert r.status == 302 and r.headers["Location"].endswith("/balance/drones-over-kharkiv")
    html = unescape(http.request("GET", "/balance/blinken-beijing?find=budget+piece").text)
    assert "Articles matching “budget piece”" in html and "Balance: " in html
    assert len(re.findall(r'<li><a href="/balance/budget-piece-number-\d+"', html)) == 20
    assert "No article matches." in unescape(http.request("GET", "/balance/unassigned?find=zzzz").text)
    assert http.request("GET", "/balance").headers["Location"].endswith(f"/balance/budget-piece-number-{N - 1}")
    assert http.request("GET", "/balance?slug=drones-over-kharkiv").headers["Location"].endswith(
        "/balance/drones-over-kharkiv")
