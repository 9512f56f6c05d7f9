"""Inline forwards in the clients' own forms (inbox/mail/forwards.py): a reader resending their
letter under a few words; the forwarded letter is the letter, the note and the headers are
listed as ``forward-header``. Every message hand-written here."""
from __future__ import annotations

from inbox.mail.parse import parse_message
from tests.mail.test_fidelity import mail

LETTER = "Sir,\n\nThe new bypass will not ease the traffic in the old town: it moves it."


def _forward(body: str):
    parsed = parse_message(mail(body))
    header = [text for kind, text in parsed.removed if kind == "forward-header"]
    return parsed, header


def test_apple_mail_quotes_the_forwarded_headers_and_the_words_under_it_stay():
    quoted = "\n".join(f"> {line}" if line else ">" for line in LETTER.split("\n"))
    body = ("Again, in case it went astray.\n\nBegin forwarded message:\n\n"
            "> From: Tom Price <tom@example.org>\n> Date: 3 May 2024 09:12:40 GMT+01:00\n"
            "> To: \"Letters\" <letters@reaction.life>\n> Subject: The bypass\n>\n"
            f"{quoted}\n\nI can shorten it if need be.\n")
    parsed, header = _forward(body)
    assert parsed.forwarded
    assert parsed.text == f"{LETTER}\n\nI can shorten it if need be."
    assert header[0].startswith("Again, in case it went astray.") and "> Subject: The bypass" in header[0]
    assert not any(">" in line[:1] for line in parsed.text.split("\n"))


def test_sparrows_forwarded_message_colon_is_a_forward_marker():
    quoted = "\n".join(f"> {line}" if line else ">" for line in LETTER.split("\n"))
    body = ("Resending.\n\nForwarded message:\n\n> From: Tom Price <tom@example.org>\n"
            "> To: Letters <letters@reaction.life>\n> Date: Friday, May 3, 2024 9:12:40 AM\n"
            f"> Subject: The bypass\n>\n{quoted}\n")
    parsed, header = _forward(body)
    assert parsed.forwarded and parsed.text == LETTER
    assert "Forwarded message:" in header[0] and "Resending." in header[0]


def test_bold_header_fields_under_a_forward_marker_are_headers():
    body = ("FYI\n\nForwarded message:\n\n*From:* Tom Price <tom@example.org>\n"
            "*To:* Letters <letters@reaction.life>\n*Date:* Friday, May 3, 2024 9:12 AM\n"
            f"*Subject:* Fwd: The bypass\n\n{LETTER}\n")
    parsed, header = _forward(body)
    assert parsed.forwarded and parsed.text == LETTER
    assert "*Subject:* Fwd: The bypass" in header[0]


def test_french_thunderbird_and_apple_mail_forwards():
    thunderbird = ("Je vous le renvoie.\n\n-------- Message transféré --------\n"
                   "Sujet :     Le contournement\nDate :  Fri, 3 May 2024 09:12:25 +0200\n"
                   "De :    Tom Price <tom@example.org>\nPour :  Letters <letters@reaction.life>\n\n"
                   f"{LETTER}\n")
    apple = ("Je vous le renvoie.\n\nDébut du message réexpédié :\n\n"
             "De: \"Tom Price\" <tom@example.org>\nDate: 3 mai 2024 09:12:53 UTC+2\n"
             f"À: \"Letters\" <letters@reaction.life>\nObjet: Le contournement\n\n{LETTER}\n")
    for body in (thunderbird, apple):
        parsed, header = _forward(body)
        assert parsed.forwarded and parsed.text == LETTER, body
        assert header[0].startswith("Je vous le renvoie.") and "Tom Price" in header[0]
        assert "contournement" in header[0]


def test_a_reply_history_under_original_message_is_still_not_a_forward():
    body = (f"{LETTER}\n\n-----Original Message-----\nFrom: Tom Price <tom@example.org>\n"
            "Sent: Friday, May 3, 2024 9:12 AM\nTo: Letters\nSubject: The bypass\n\nEarlier mail.\n")
    parsed = parse_message(mail(body))
    assert not parsed.forwarded and parsed.text == LETTER
    assert parsed.removed[-1][0] == "quote"
