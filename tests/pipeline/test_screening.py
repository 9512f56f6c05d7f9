"""automated_reason: auto-replies, bounces and reports are recognised; letters are not.

Hand-written messages for each rule and each trap, then the whole corpus: every file in
autoreplies/ is recognised both with an empty envelope sender and from its content alone, and no
other file is classed automated when delivered with an ordinary envelope sender.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from inbox.mail.parse import parse_message
from inbox.pipeline.screening import automated_reason

from tests.conftest import CORPUS
FILES = sorted(CORPUS.rglob("*.eml")) if CORPUS.is_dir() else []
AUTOMATED = [path for path in FILES if "autoreplies" in path.parts]
LETTERS = [path for path in FILES if "autoreplies" not in path.parts]
needs_corpus = pytest.mark.skipif(not FILES, reason=f"the shared mail corpus is not at {CORPUS}")
READER = "reader@example.org"


def reason(headers: bytes, mail_from: str | None = READER, body: bytes = b"Sir, a letter.\r\n") -> str | None:
    return automated_reason(parse_message(headers + b"\r\n" + body), mail_from)


def test_a_genuine_letter_is_not_automated():
    assert reason(b"From: Ann <ann@example.org>\r\nSubject: Trains\r\n") is None


def test_an_empty_envelope_sender_is_automated():
    assert reason(b"From: Ann <ann@example.org>\r\nSubject: Trains\r\n", mail_from="") == "empty return path"


def test_an_unknown_envelope_sender_is_judged_on_content():
    assert reason(b"From: Ann <ann@example.org>\r\nSubject: Trains\r\n", mail_from=None) is None


def test_an_empty_return_path_header_is_automated():
    assert reason(b"Return-Path: <>\r\nFrom: a@example.org\r\n") == "empty return path"


def test_auto_submitted_is_automated_unless_no():
    assert reason(b"Auto-Submitted: auto-replied\r\nFrom: a@example.org\r\n") == "auto-submitted: auto-replied"
    assert reason(b"Auto-Submitted: auto-generated (failure)\r\n") == "auto-submitted: auto-generated"
    assert reason(b"Auto-Submitted: no\r\nFrom: a@example.org\r\n") is None


@pytest.mark.parametrize("report_type, expected", [
    ("delivery-status", "delivery status report"),
    ("disposition-notification", "read receipt"),
    ("feedback-report", "abuse feedback report"),
])
def test_multipart_report_is_automated(report_type, expected):
    headers = f"Content-Type: multipart/report; report-type={report_type}; boundary=r\r\n".encode()
    body = b"--r\r\nContent-Type: text/plain\r\n\r\nReport.\r\n--r--\r\n"
    assert reason(headers, body=body) == expected


def test_a_mailer_daemon_sender_is_automated():
    assert reason(b"From: Mail Delivery System <MAILER-DAEMON@example.org>\r\n") == "mailer-daemon sender"
    assert reason(b"From: MAILER DAEMON <>\r\n") == "mailer-daemon sender"
    assert reason(b"From: a@example.org\r\n", mail_from="mailer-daemon@example.org") == "mailer-daemon sender"


def test_postmaster_alone_is_a_person():
    assert reason(b"From: Bob <postmaster@example.com>\r\nSubject: a long link\r\n") is None


def test_x_failed_recipients_is_automated():
    assert reason(b"X-Failed-Recipients: x@example.org\r\n") == "delivery failure report"


def test_vacation_headers_are_automated():
    assert reason(b"X-Autoreply: yes\r\n") == "auto-reply header X-Autoreply"
    assert reason(b"X-Apple-Criteria: {kind=VACATION}\r\n") == "auto-reply header X-Apple-Criteria"
    assert reason(b"Precedence: auto_reply\r\n") == "precedence: auto_reply"


@pytest.mark.parametrize("subject", [
    "Automatic reply: Your letter", "Auto reply: Nyaan", "AutoRespons :Nyaan?", "Out of Office: away",
    "=?windows-1250?Q?Automatyczna_odpowied=9F:_test?=", "Undeliverable: Trains",
    "Delivery Status Notification (Failure)", "Mail delivery failed: returning message to sender",
    "Returned mail: see transcript", "failure notice", "Réponse automatique : absent",
])
def test_auto_reply_and_bounce_subjects_are_automated(subject):
    assert reason(f"From: a@example.org\r\nSubject: {subject}\r\n".encode()).startswith("subject: ")


@pytest.mark.parametrize("subject", [
    "Re: Out of office politics", "Automatic voter registration", "Your piece on delivery failures",
    "Failure notice for the government?",
])
def test_subjects_that_merely_mention_the_words_are_letters(subject):
    assert reason(f"From: a@example.org\r\nSubject: {subject}\r\n".encode()) is None


def test_precedence_bulk_alone_is_not_automated():
    # Mailing lists add it to real letters (replies/cpython__msg_32, flanker__from-encoding).
    assert reason(b"From: a@example.org\r\nPrecedence: bulk\r\n") is None
    assert reason(b"From: a@example.org\r\nPrecedence: list\r\n") is None


def test_x_auto_response_suppress_alone_is_not_automated():
    # A request not to be auto-answered, which Exchange puts on ordinary mail too.
    assert reason(b"From: a@example.org\r\nX-Auto-Response-Suppress: All\r\n") is None


def test_an_enclosed_auto_reply_does_not_make_the_letter_automated():
    # forwarded/stalwart__thirdparty-015: a person forwards mails that carry Auto-Submitted.
    raw = (b"From: Ann <ann@example.org>\r\nSubject: Fwd: see below\r\n"
           b"Content-Type: multipart/mixed; boundary=f\r\n\r\n--f\r\nContent-Type: text/plain\r\n\r\n"
           b"Sir, look what your help desk sent me, and what I think of it: it is a disgrace.\r\n"
           b"--f\r\nContent-Type: message/rfc822\r\n\r\nAuto-Submitted: auto-generated\r\n"
           b"Return-Path: <>\r\nFrom: MAILER-DAEMON@example.org\r\nSubject: Undeliverable: x\r\n\r\nauto\r\n"
           b"--f--\r\n")
    assert automated_reason(parse_message(raw), READER) is None


def test_a_message_with_an_original_attached_is_not_a_bounce():
    # forwarded/sisimai__is-not-bounce-02: "original as attachment" from a person.
    raw = (b"From: xpto <dummy@example.com>\r\nSubject: original as attachment\r\n"
           b"Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n"
           b"it shouldn't be considered as bounce\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n"
           b"From: dummy@example.com\r\nSubject: something\r\n\r\nsomething\r\n--m--\r\n")
    assert automated_reason(parse_message(raw), READER) is None


# --------------------------------------------------------------------------------------------
# The corpus


@needs_corpus
@pytest.mark.parametrize("path", AUTOMATED, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_autoreply_is_recognised_with_an_empty_envelope_sender(path):
    assert automated_reason(parse_message(path.read_bytes()), "")


@needs_corpus
@pytest.mark.parametrize("path", AUTOMATED, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_autoreply_is_recognised_from_its_content_alone(path):
    assert automated_reason(parse_message(path.read_bytes()), READER)


# Every file outside autoreplies/ is a letter or human text, including the traps the corpus
# README lists (Precedence: bulk list mail, stalwart__thirdparty-015, sisimai__is-not-bounce-02)
# and Bob writing from postmaster@ (html/flanker__long-links), with one exception since issue
# #12 made newsletters automated: php-mmp__issue230 is a conference newsletter ("ACADEMIC
# NEWSLETTER #11 ... To stop receiving further communication from us, visit .../unsubscribe"),
# nodemailer__spam a spam newsletter ("Newsletter abmelden hier klicken (.../unsubscribe.php)")
# and enmime__parts-quoted-printable-invalid Slack's weekly summary ("you can unsubscribe here").
NEWSLETTERS = {"charsets/php-mmp__issue230.eml", "html/nodemailer__spam.eml",
               "malformed/enmime__parts-quoted-printable-invalid.eml"}


@needs_corpus
@pytest.mark.parametrize("path", LETTERS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_other_corpus_message_is_classed_automated(path):
    reason = automated_reason(parse_message(path.read_bytes()), READER)
    if str(path.relative_to(CORPUS)) in NEWSLETTERS:
        assert reason == "list-mail"
    else:
        assert reason is None


def test_list_headers_with_bulk_precedence_are_list_mail():
    raw = (b"From: Digest <news@digest.example.com>\r\nSubject: This week\r\nPrecedence: bulk\r\n"
           b"List-Id: <weekly.digest.example.com>\r\n"
           b"List-Unsubscribe: <https://digest.example.com/u>\r\n\r\nTen stories you missed.\r\n")
    assert automated_reason(parse_message(raw), READER) == "list-mail"


def test_an_unsubscribe_footer_under_a_newsletter_is_list_mail():
    raw = (b"From: Digest <news@digest.example.com>\r\nSubject: This week\r\n\r\n"
           b"THE WEEKLY DIGEST\r\n\r\nTen stories you missed this week.\r\n\r\n"
           b"To unsubscribe, visit https://digest.example.com/unsubscribe\r\n")
    assert automated_reason(parse_message(raw), READER) == "list-mail"


def test_a_letter_to_the_editor_through_a_list_stays_a_letter():
    # A reader on a mailing list: List-Id without bulk precedence, and a list footer under a
    # letter that addresses the editor.
    raw = (b"From: Ann Reader <ann@example.org>\r\nSubject: Trains\r\n"
           b"List-Id: <readers.lists.example.org>\r\n\r\nSir,\r\n\r\nThe trains are late.\r\n\r\n"
           b"Ann Reader\r\nYork\r\n\r\n____________________\r\nreaders mailing list\r\n"
           b"https://lists.example.org/mailman/listinfo/readers\r\nTo unsubscribe, visit the page above\r\n")
    parsed = parse_message(raw)
    assert [kind for kind, _ in parsed.removed] == ["sign-off", "list-footer"]
    assert automated_reason(parsed, READER) is None
