"""A copy of our article in a letter, recognised by the article's text (``sources``)."""
from __future__ import annotations

from inbox.mail.copies import split_copy, split_leading_copy
from inbox.mail.parse import parse_message
from tests.mail.test_fidelity import kinds, mail
from tests.pipeline.test_article_copies import ARTICLE, QUOTED

LETTER = "Sir,\n\nHe went, he talked, he left.\n\nAnn Reader\nYork"


def test_a_trailing_copy_goes_only_when_the_article_is_known():
    assert parse_message(mail(f"{LETTER}\n\n{ARTICLE}")).text.endswith("keep talking.")
    parsed = parse_message(mail(f"{LETTER}\n\n{ARTICLE}"), (ARTICLE,))
    assert parsed.text == "Sir,\n\nHe went, he talked, he left." and kinds(parsed) == ["sign-off", "quote"]


def test_a_short_trailing_quotation_or_a_letter_that_is_only_the_copy_is_kept():
    text = f"Sir,\n\nHe went.\n\n{QUOTED.split(',')[0]} and more of my own words here."
    assert split_copy(text, (ARTICLE,)) == (text, "")
    assert split_copy(ARTICLE, (ARTICLE,)) == (ARTICLE, "")


# --- a copy pasted above the letter ------------------------------------------------------------

OWN = ("Your piece on Blinken was too kind by half. He went, he talked, he left, and the "
       "hall built for thousands said more than either side did.")
PARAGRAPHS = ARTICLE.split("\n\n")


def test_a_copy_pasted_above_the_letter_goes_when_the_article_is_known():
    body = f"{ARTICLE}\n\n{OWN}\n\nAnn Reader\nYork"
    assert parse_message(mail(body)).text.startswith("Antony Blinken arrived")
    parsed = parse_message(mail(body), (ARTICLE,))
    assert parsed.text == OWN and not parsed.review
    assert parsed.removed[0] == ("quote", ARTICLE) and kinds(parsed) == ["quote", "sign-off"]


def test_the_readers_short_lines_above_the_pasted_copy_stay():
    parsed = parse_message(mail(f"Sir,\n\n{ARTICLE}\n\n{OWN}\n\nAnn Reader\nYork"), (ARTICLE,))
    assert parsed.text == f"Sir,\n\n{OWN}"
    assert parsed.removed[0] == ("quote", ARTICLE)


def test_an_article_the_reader_answers_paragraph_by_paragraph_stays_whole():
    body = f"{PARAGRAPHS[0]}\n\n{OWN}\n\n{PARAGRAPHS[1]}\n\nPolite but cool is what it always is, and it means little."
    assert split_leading_copy(body, (ARTICLE,)) == (body, "", False)


def test_a_copy_the_reader_introduces_or_puts_in_quotation_marks_is_their_quotation():
    for body in (f"You wrote:\n\n{ARTICLE}\n\n{OWN}", f"\u201c{PARAGRAPHS[0]}\u201d\n\n{OWN}",
                 f"> {PARAGRAPHS[0]}\n\n{OWN}"):
        assert split_leading_copy(body, (ARTICLE,)) == (body, "", False)


def test_a_pasted_copy_over_only_a_few_words_is_kept_and_flagged():
    parsed = parse_message(mail(f"{ARTICLE}\n\nQuite right.\n\nAnn Reader\nYork"), (ARTICLE,))
    assert parsed.text == f"{ARTICLE}\n\nQuite right."
    assert any("copy of the article at the top was kept" in reason for reason in parsed.review)
