"""Linking among many articles in the database: URL forms, headlines and slugs, two articles in
one letter, full-text ranking (FTS5 bm25 / ts_rank) with the recency prior, retired articles."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from inbox.db import transaction
from inbox.desk.articles import article_by_slug, save_article, set_retired
from inbox.models import LinkMethod
from inbox.pipeline.linking import ArticleIndex

ARTICLES = [
    ("https://reaction.life/blinken-in-beijing/", "Blinken in Beijing: competition without conflict", date(2026, 6, 19),
     "Blinken met Xi Jinping in Beijing. Taiwan, fentanyl, decoupling, de-risking and microchips; the Strait.", None),
    ("https://reaction.life/fishing-fleet-brexit/", "The fishing fleet after Brexit", date(2026, 6, 1),
     "Fishermen in Grimsby and Peterhead count the cost of quotas, trawlers and the EU's waters.", "https://reaction.life/?p=501"),
    ("https://reaction.life/nhs-winter-crisis/", "The NHS braces for another winter crisis", date(2026, 6, 10),
     "Corridor care, ambulance queues, waiting lists and junior doctors' strikes across hospitals.", None),
    ("https://reaction.life/budget-gamble/", "Reeves's budget gamble on growth", date(2026, 6, 15),
     "The Chancellor raised employers' national insurance, borrowing and the fiscal rules.", None),
    ("https://reaction.life/ukraine-drones/", "Ukraine's drone war changes the front", date(2026, 6, 12),
     "Cheap drones, artillery shells, Kharkiv, Zaporizhzhia and the Russian lines.", None),
    ("https://reaction.life/old-budget/", "An earlier budget about growth", date(2024, 3, 1),
     "The Chancellor raised employers' national insurance, borrowing and the fiscal rules.", None),
]
NOW = datetime(2026, 6, 20, 9, tzinfo=timezone.utc)


@pytest.fixture
def index(db):
    with transaction(db.factory) as s:
        for url, title, published, body, short in ARTICLES:
            save_article(s, url=url, title=title, published_on=published, body=body, short_url=short,
                         source="cli", actor="test")
    with db.factory() as s:
        yield ArticleIndex.load(s), s


def link(index, subject="", body="", refs=(), tags=()):
    idx, _ = index
    return idx.link(plus_tags=list(tags), subject=subject, body=body, reply_refs=list(refs), received_at=NOW)


def slug_of(index, result):
    return index[0].slugs.get(result.article_id)


@pytest.mark.parametrize("url", [
    "http://www.reaction.life/nhs-winter-crisis", "https://reaction.life/nhs-winter-crisis/?utm_source=twitter&utm_medium=social",
    "https://reaction.life/nhs-winter-crisis/amp/", "https://m.reaction.life/nhs-winter-crisis/",
    "reaction.life/nhs-winter-crisis"])
def test_any_form_of_the_url_links(index, url):
    result = link(index, body=f"Sir, your piece {url} on the fishing quotas and Taiwan was wrong.")
    assert (slug_of(index, result), result.method) == ("the-nhs-braces-for-another-winter-crisis", LinkMethod.REFERENCE)


def test_the_short_link_from_the_feed_links(index):
    result = link(index, body="Re https://reaction.life/?p=501 - nonsense about Beijing.")
    assert slug_of(index, result) == "the-fishing-fleet-after-brexit"


def test_the_headline_in_the_subject_links(index):
    result = link(index, subject="Re: Ukraine's drone war changes the front", body="Sir, I disagree.")
    assert (slug_of(index, result), result.method) == ("ukraine-s-drone-war-changes-the-front", LinkMethod.REFERENCE)


def test_a_url_outweighs_a_headline_and_the_other_is_suggested(index):
    result = link(index, subject="The fishing fleet after Brexit",
                  body="Sir, like https://reaction.life/blinken-in-beijing/ this was well argued.")
    assert slug_of(index, result) == "blinken-beijing"       # the seed article has that URL
    assert [s["slug"] for s in result.suggestions] == ["the-fishing-fleet-after-brexit"]


def test_two_urls_weighing_the_same_stay_unassigned_with_both_suggested(index):
    result = link(index, body="Sir, https://reaction.life/ukraine-drones/ and https://reaction.life/nhs-winter-crisis/ both.")
    assert result.article_id is None and result.method == LinkMethod.NONE
    assert {s["slug"] for s in result.suggestions} == {"ukraine-s-drone-war-changes-the-front",
                                                      "the-nhs-braces-for-another-winter-crisis"}


def test_two_urls_where_the_letter_discusses_one_links_to_it(index):
    result = link(index, body="Sir, https://reaction.life/ukraine-drones/ and https://reaction.life/nhs-winter-crisis/: "
                              "the ambulance queues, corridor care and hospitals' waiting lists are the real scandal, "
                              "and junior doctors on strike.")
    assert slug_of(index, result) == "the-nhs-braces-for-another-winter-crisis"
    assert [s["slug"] for s in result.suggestions] == ["ukraine-s-drone-war-changes-the-front"]


def test_similarity_by_the_databases_ranking(index):
    result = link(index, body="Sir, the trawlers of Grimsby and Peterhead cannot survive these quotas in our waters.")
    assert (slug_of(index, result), result.method) == ("the-fishing-fleet-after-brexit", LinkMethod.SIMILARITY)


def test_the_recent_of_two_alike_articles_wins(index):
    result = link(index, body="Sir, raising employers' national insurance breaks the fiscal rules; borrowing is no plan.")
    assert slug_of(index, result) == "reeves-s-budget-gamble-on-growth"


def test_a_letter_about_nothing_we_published_stays_unassigned(index):
    result = link(index, body="Sir, the village fete's cake competition was rigged by the vicar's marmalade.")
    assert result.article_id is None


def test_retired_articles_are_never_chosen(db, index):
    with transaction(db.factory) as s:
        set_retired(s, article_by_slug(s, "the-fishing-fleet-after-brexit"), True, actor="test")
    with db.factory() as s:
        fresh = ArticleIndex.load(s)
        result = fresh.link(plus_tags=["the-fishing-fleet-after-brexit"], subject="", received_at=NOW, reply_refs=[],
                            body="Sir, https://reaction.life/fishing-fleet-brexit/ the trawlers of Grimsby and quotas.")
        assert result.article_id is None or fresh.slugs[result.article_id] != "the-fishing-fleet-after-brexit"


def test_one_name_and_the_subjects_words_find_the_piece(db):
    """A letter naming one particular (a place two pieces mention) links to the piece on its
    subject: the subject's words, too common to find an article alone, tell the two apart (the
    other piece is newer, so the recency prior alone would choose it)."""
    fillers = [f"Filler piece {w}" for w in "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()]
    with transaction(db.factory) as s:
        for i, title in enumerate(fillers):
            save_article(s, url=f"https://reaction.life/filler-{i}/", title=title, published_on=date(2026, 5, 1),
                         body=f"{title} about opera{i} and galleries{i}.", source="cli", actor="test")
        for i in range(3):
            save_article(s, url=f"https://reaction.life/fish-{i}/", title=f"Fishing quotas {i}", published_on=date(2026, 6, 1),
                         body="Trawlers, quotas and harbours" + (" in Hartgate." if i == 0 else "."), source="cli", actor="test")
            save_article(s, url=f"https://reaction.life/nhs-{i}/", title=f"Corridor care {i}", published_on=date(2026, 6, 18),
                         body="Ambulance queues, corridors and wards" + (" in Hartgate." if i == 0 else "."), source="cli", actor="test")
    with db.factory() as s:
        result = ArticleIndex.load(s).link(plus_tags=[], subject="", reply_refs=[], received_at=NOW,
                                           body="Sir, the trawlers of Hartgate cannot live on these quotas.\n\nAnn Reader")
        assert result.method == LinkMethod.SIMILARITY
        assert article_by_slug(s, "fishing-quotas-0").id == result.article_id
