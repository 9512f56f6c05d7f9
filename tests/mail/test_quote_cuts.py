"""Where an earlier mail begins when the client wrote little of its header: hand-written cases
(inbox/mail/quotes.py, inbox/mail/quote_headers.py)."""
from __future__ import annotations

from inbox.mail.parse import parse_message
from inbox.mail.quotes import split_quotes
from tests.mail.test_fidelity import mail


def test_a_lone_from_field_with_a_mailbox_under_the_reply_starts_the_old_mail():
    text = ("The hall is free on Thursday from 6pm.\n\nFrom: bookings@hall.example.org\n\n"
            "<https://hall.example.org/t/aGVsbG8>\n\nRequester: Ann Lee")
    split = split_quotes(text)
    assert split.text == "The hall is free on Thursday from 6pm."
    assert split.tail == ("quote", text[text.index("From:"):])


def test_a_from_field_with_a_name_and_an_address_in_another_language():
    text = "Einverstanden.\n\nVon: Anna Weber <anna@example.de>\n\nDer alte Text."
    assert split_quotes(text).text == "Einverstanden."


def test_a_from_line_that_is_prose_or_opens_the_letter_is_kept():
    prose = "Sir,\n\nFrom: the reader's side of the desk, a plea.\n\nWe need more letters."
    assert split_quotes(prose).text == prose
    # At the very top there is no reply above it to end: a pasted header is the reader's
    # mail, not an earlier one (the letter under it must not go).
    top = "From: ann@example.org\n\nSir,\n\nThe bypass moves the traffic, it does not ease it."
    assert "The bypass moves the traffic" in parse_message(mail(top)).text
