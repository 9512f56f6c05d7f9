"""Issue #12: a copy of one of our own articles in a letter is recognised by the article's text.
Hand-written letters over real SMTP to the article's plus-address; the real pipeline links them,
and the parser is handed the linked article's text."""
from __future__ import annotations

from inbox.models import Letter
from tests.conftest import make_letter
from tests.export_support import article
from tests.pipeline.test_house_rules import wait_processed

ARTICLE = ("Antony Blinken arrived in Beijing on Sunday for the first visit by a US Secretary of "
           "State in five years. He said he was clear-eyed about the differences between the two "
           "countries, and that the aim was to stop competition veering into conflict.\n\n"
           "The Chinese side was polite but cool. Xi Jinping met him for half an hour, in a hall "
           "built for thousands, and the two agreed on little beyond the need to keep talking.")
QUOTED = ("He said he was clear-eyed about the differences between the two countries, and that "
          "the aim was to stop competition veering into conflict.")


def _deliver(send, db, settings, session, body):
    found = article(session, "blinken-beijing", "Blinken in Beijing")
    found.body = ARTICLE
    session.commit()
    assert send(make_letter(body=body), rcpt="letters+blinken-beijing@reaction.life") == {}
    wait_processed(db, settings)
    with db.factory() as s:
        return s.query(Letter).one()


def test_a_pasted_copy_of_the_article_under_the_letter_is_removed_as_a_quote(send, db, settings, session):
    letter = _deliver(send, db, settings, session,
                      "Sir,\n\nYour piece on Blinken was too kind. He went, he talked, he left.\n\n"
                      f"Ann Reader\nYork\n\n{ARTICLE}")
    assert letter.text == "Sir,\n\nYour piece on Blinken was too kind. He went, he talked, he left."
    assert (letter.author_name, letter.author_location) == ("Ann Reader", "York")
    assert [part["kind"] for part in letter.removed] == ["sign-off", "quote"]
    assert letter.removed[1]["text"].startswith("Antony Blinken arrived") and not letter.needs_review


def test_a_quotation_of_the_article_the_reader_answers_stays_and_needs_no_review(send, db, settings, session):
    letter = _deliver(send, db, settings, session,
                      f"> {QUOTED}\n\nClear-eyed is what they all say; it means nothing.\n\nAnn Reader\nYork")
    assert letter.text == f"> {QUOTED}\n\nClear-eyed is what they all say; it means nothing."
    assert not letter.needs_review and [part["kind"] for part in letter.removed] == ["sign-off"]


def test_a_pasted_copy_of_the_article_above_the_letter_is_removed_as_a_quote(send, db, settings, session):
    own = "Your piece on Blinken was too kind. He went, he talked, he left, and nothing was agreed."
    letter = _deliver(send, db, settings, session, f"{ARTICLE}\n\nSir,\n\n{own}\n\nAnn Reader\nYork")
    assert letter.text == f"Sir,\n\n{own}" and not letter.needs_review
    assert [part["kind"] for part in letter.removed] == ["quote", "sign-off"]
    assert letter.removed[0]["text"] == ARTICLE
