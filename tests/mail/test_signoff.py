"""find_signoff: the name and town at the foot of a letter, and conservatism when unsure."""
from __future__ import annotations

import pytest

from inbox.mail.signoff import find_signoff

BODY = "Sir,\n\nYour leader on housing misses the point."


@pytest.mark.parametrize("ending, name, location", [
    ("Margaret Holloway\nGuildford, Surrey", "Margaret Holloway", "Guildford, Surrey"),
    ("Margaret Holloway / Guildford, Surrey", "Margaret Holloway", "Guildford, Surrey"),
    ("Margaret Holloway, Guildford", "Margaret Holloway", "Guildford"),
    ("Margaret Holloway (Stratford-upon-Avon)", "Margaret Holloway", "Stratford-upon-Avon"),
    ("John Smith\nNewcastle upon Tyne", "John Smith", "Newcastle upon Tyne"),
    ("John Smith\nLondon SW1A 1AA", "John Smith", "London"),    # the postcode is private
    ("Dr J. R. McDonald-Smith OBE\nBury St Edmunds, Suffolk", "Dr J. R. McDonald-Smith OBE",
     "Bury St Edmunds, Suffolk"),
    ("Mary-Jane O'Brien\nCork", "Mary-Jane O'Brien", "Cork"),
    ("Charles de Gaulle\nColombey-les-Deux-Églises", "Charles de Gaulle", "Colombey-les-Deux-Églises"),
    ("The Rev Canon Ann Smith\nYork.", "The Rev Canon Ann Smith", "York"),
])
def test_a_name_and_town_are_split_off(ending, name, location):
    assert find_signoff(f"{BODY}\n\n{ending}") == (name, location, BODY)


def test_a_valediction_leaves_the_text_with_the_signoff():
    # Issue #12: a stray "Yours faithfully," must not be printed above the page's own sign-off.
    assert find_signoff(f"{BODY}\n\nYours faithfully,\nJohn Smith\nYork") == ("John Smith", "York", BODY)


def test_a_valediction_alone_leaves_the_text():
    for ending in ("Best wishes", "Beste Grüße", "Mit freundlichen Grüßen", "Regards"):
        assert find_signoff(f"{BODY}\n\n{ending}") == (None, None, BODY), ending


def test_a_single_name_under_a_valediction_is_the_name_as_signed():
    assert find_signoff(f"{BODY}\n\nKind Regards,\nJohn") == ("John", None, BODY)
    assert find_signoff(f"{BODY}\n\nJohn") == (None, None, f"{BODY}\n\nJohn")   # no valediction


def test_a_name_alone_after_a_valediction_or_blank_line():
    assert find_signoff(f"{BODY}\n\nKind regards,\nSandy M.") == ("Sandy M.", None, BODY)
    assert find_signoff(f"{BODY}\n\nJohn Smith") == ("John Smith", None, BODY)


@pytest.mark.parametrize("text", [
    "I agree entirely\nBoris Johnson\nRishi Sunak",  # names inside prose, no break before them
    "Margaret Holloway\nGuildford",                # nothing but a sign-off: no letter left
    f"{BODY}\n\n07700 900000",                     # a phone number without a name
    f"{BODY}\n\nJohn Smith\nThis is what we need to do now",
    f"{BODY}\n\njohn smith\nyork",                 # not capitalised
    f"{BODY}\n\nGuildford, Surrey",                # a town without a name
    "",
    "One line only",
])
def test_unsure_endings_are_left_alone(text):
    assert find_signoff(text) == (None, None, text)
