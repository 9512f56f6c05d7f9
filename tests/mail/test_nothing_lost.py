"""The parser's promise, as a property (issue #12): whatever a body holds, every character of
the reader's mail ends up either in ``text`` or in one of the ``removed`` parts. Only mail
furniture may vanish: white space, the quote marker ">", and the rule characters of separator
lines ("-", "_", "=", "*", "~", "#"). Bodies are built from the lines letters are made of
(prose, salutations, valedictions, names, towns, addresses, phones, quote headers in several
languages, Outlook blocks, quoted lines, signatures, device lines, footers), in any order."""
from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st

from inbox.mail.letter_text import extract

FURNITURE = set(" \t\n>-_=*~#")
LINES = [
    "Sir,", "Dear Editor,", "Hello", "", "", "",
    "Your leader on housing misses the point, as anyone who has tried to buy a flat knows.",
    "The trains are late because there are not enough of them, and never were",
    "From Dublin it seems otherwise.", ">From Paris, too.", "In your article you wrote:",
    "Yours faithfully,", "Best wishes,", "Regards", "Kind regards, John Smith", "Thanks!",
    "Margaret Holloway", "Colonel Hugh Fanshawe (retd)", "Peter", "-roman", "— Tom Baker, Manchester",
    "Guildford, Surrey", "York", "12 The Close", "Flat 3, 14 High Street", "Wiltshire SP1 2EF",
    "Tel: 01722 123456", "+44 7700 900123", "Department of War Studies, King's College London",
    "On Mon, 26 Jun 2023 at 08:00, Reaction <newsletter@reaction.life> wrote:",
    "2017-11-24 16:32 GMT+01:00 Bob <bob@example.org>:", "Le lun. 26 juin 2023 à 08:00, Bob a écrit :",
    "Il giorno lun 26 giu 2023 alle ore 08:00 Bob <b@x.it> ha scritto:", "wrote:",
    "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:", "---- Bob wrote ----",
    "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:",
    "From: Bob <bob@example.org>", "Sent: Monday, 26 June 2023 08:00", "To: ann@example.org",
    "Subject: Blinken", "De : Bob", "Envoyé : lundi", "Objet : Blinken", "Date: Mon, 26 Jun 2023",
    "> quoted text", ">", "> > nested", ">>> >>> http://www.example.com <<<", " (http://example.com/c/x) >",
    "-- ", "--", "---", "____________", "Sent from my iPhone", "Gesendet von Outlook für Android",
    "发自我的iPhone", "Kate Ellis | Senior Analyst | Example Ltd", "T: +44 20 7946 0000 | www.example.com",
    "This e-mail is confidential. If you are not the intended recipient, delete it.",
    "readers mailing list", "https://lists.example.org/mailman/listinfo/readers",
    "To unsubscribe, visit https://example.org/u", "北京での会談についての記事を読みました。",
    "The Chancellor of the Exchequer", "- a list item", "wrapped-", "ped and joined",
]
BODIES = st.lists(st.sampled_from(LINES), min_size=1, max_size=40).map("\n".join)


def _chars(text: str) -> Counter:
    return Counter(char for char in text if char not in FURNITURE)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES, header=st.sampled_from([None, "Peter Mallory", "Ann Reader"]))
def test_every_character_of_the_body_is_in_the_text_or_in_a_removed_part(body, header):
    found = extract(body, header)
    kept = _chars(found.text) + sum((_chars(part) for _, part in found.removed), Counter())
    missing = _chars(body) - kept
    assert not missing, f"lost {dict(missing)} from {body!r}: text {found.text!r}, removed {found.removed}"
