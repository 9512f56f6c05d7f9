"""A copy of our article in a letter, recognised by the article's text (``sources``)."""
from __future__ import annotations

from inbox.mail.copies import split_copy
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
