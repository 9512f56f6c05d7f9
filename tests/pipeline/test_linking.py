"""Which article a letter answers."""
from __future__ import annotations

from types import SimpleNamespace

from inbox.pipeline.linking import ArticleIndex
from inbox.models import LinkMethod
from inbox.mail.addresses import plus_tags

BLINKEN = SimpleNamespace(id=1, slug="blinken-beijing", title="Blinken in Beijing: competition without conflict",
                          url="https://reaction.life/blinken-in-beijing/",
                          body="Blinken met Xi in Beijing. Taiwan, fentanyl, decoupling, de-risking, microchips.")
BREXIT = SimpleNamespace(id=2, slug="brexit-fishing", title="The fishing fleet after Brexit",
                         url="https://reaction.life/brexit-fishing/",
                         body="Fishermen in Grimsby and Peterhead count the cost of quotas, trawlers and the EU.")


def link(index, subject="", body="", tags=(), refs=()):
    return index.link(plus_tags=list(tags), subject=subject, body=body, reply_refs=list(refs))


def test_plus_address_wins():
    index = ArticleIndex([BLINKEN, BREXIT])
    result = link(index, subject="fishing quotas", tags=["blinken-beijing"])
    assert (result.article_id, result.method) == (1, LinkMethod.PLUS_ADDRESS)


def test_plus_tags_only_for_our_addresses():
    ours = ("letters@reaction.life",)
    assert plus_tags(["Letters+Blinken-Beijing@Reaction.life", "x+y@example.org"], ours) == ["blinken-beijing"]


def test_an_unknown_plus_tag_falls_through_to_other_rules():
    index = ArticleIndex([BLINKEN, BREXIT])
    result = link(index, subject="Re: The fishing fleet after Brexit", tags=["nonsense"])
    assert (result.article_id, result.method) == (2, LinkMethod.REFERENCE)


def test_a_url_or_slug_in_the_body_links():
    index = ArticleIndex([BLINKEN, BREXIT])
    assert link(index, body="About https://reaction.life/brexit-fishing yesterday").article_id == 2
    assert link(index, refs=["<blinken-beijing.123@newsletter.reaction.life>"]).article_id == 1


def test_similarity_links_when_one_article_clearly_fits():
    index = ArticleIndex([BLINKEN, BREXIT])
    result = link(index, body="Sir, the trawlers of Grimsby and Peterhead cannot live on these quotas.")
    assert (result.article_id, result.method) == (2, LinkMethod.SIMILARITY)


def test_an_ambiguous_letter_stays_unassigned_with_suggestions():
    index = ArticleIndex([BLINKEN, BREXIT])
    result = link(index, body="Sir, Beijing and Grimsby, Taiwan and trawlers: all quotas and microchips.")
    assert result.article_id is None and result.method == LinkMethod.NONE
    assert {s["slug"] for s in result.suggestions} == {"blinken-beijing", "brexit-fishing"}


def test_with_one_article_every_letter_links_to_it():
    index = ArticleIndex([BLINKEN])
    result = link(index, body="Sir, I enjoyed your crossword.")
    assert (result.article_id, result.method) == (1, LinkMethod.ONLY_ARTICLE)


def test_with_no_articles_letters_are_unassigned():
    assert link(ArticleIndex([]), body="hello").article_id is None
