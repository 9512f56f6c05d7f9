"""Consent to edits over real SMTP: the mail with its redline and signed link, answers by reply
(recognised by threading, not filed as letters) and by the page, withdrawal, and
INBOX_REQUIRE_CONSENT."""
from __future__ import annotations

import re
import smtplib
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from inbox.db import transaction
from inbox.desk import accounts, moderation
from inbox.enums import WITHDRAWN_AFTER_PUBLICATION, WITHDRAWN_REASON
from inbox.export import select_for_export
from inbox.listener import Listener
from inbox.models import AuditEvent, Letter, Message, OutboundMail, Status
from inbox.readers import consent, links, outbox
from inbox.web import create_app
from tests.conftest import free_port
from tests.web.conftest import EDITOR, csrf_token, sign_in, store_letter

ORIGINAL = "Sir, the Strait matters to everyone and the navy should say so loudly."
EDITED = "Sir, the Strait matters to everyone and the navy should say so."


def _shortlisted_and_edited(db) -> int:
    letter_id = store_letter(db, text=ORIGINAL)
    with transaction(db.factory) as s:
        moderation.shortlist(s, letter_id, user=None)
        moderation.edit_publication(s, letter_id, user=None, version=None, headline="The Strait",
                                    publication_text=EDITED, signoff_name="Ann Reader", signoff_location="York")
    return letter_id


@pytest.fixture
def editor(mail_settings, mail_db):
    app = create_app(mail_settings, db=mail_db, test_config={"TESTING": True})
    with transaction(mail_db.factory) as s:
        accounts.create_user(s, EDITOR[0], EDITOR[1], role="editor")
    client = app.test_client()
    assert sign_in(client, *EDITOR).status_code == 302
    return client


def _send_for_approval(editor, mail_db, mail_settings, sink, letter_id: int):
    page = f"/letters/{letter_id}"
    assert "Send for approval" in editor.get(page).get_data(as_text=True)
    r = editor.post(f"{page}/send-for-approval", data={"csrf_token": csrf_token(editor, page)})
    assert r.status_code == 302
    outbox.deliver_due(mail_db.factory, mail_settings)
    return [a for a in sink.wait_for(1) if a.message["Subject"].startswith("Your letter for approval")][-1]


def test_the_approval_mail_shows_the_changes_in_both_parts_and_a_signed_link(editor, mail_db, mail_settings, sink):
    letter_id = _shortlisted_and_edited(mail_db)
    arrived = _send_for_approval(editor, mail_db, mail_settings, sink, letter_id)
    msg = arrived.message
    with mail_db.factory() as s:
        letter = s.get(Letter, letter_id)
        request = consent.latest(s, letter_id)
    assert msg["In-Reply-To"] == f"<{letter.message_id}>" and msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert request.state == "awaiting" and f"<{request.outbound_message_id}>" == msg["Message-ID"]
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert EDITED in text and "should say [-so loudly.-]{+so.+}" in text
    assert "<del" in html and "loudly" in html and "<ins" in html
    url = re.search(r"http://inbox\.test/reader/(\S+)", text).group(1)
    link = links.read_token(mail_settings, url)
    assert (link.letter_id, link.purpose, link.nonce) == (letter_id, "consent", request.nonce)
    html_page = editor.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "awaiting" in html_page and "consent" in html_page


def _reply(listener, arrived, body: str, sender="ann@example.org"):
    ours = arrived.message["Message-ID"]
    raw = (f"From: Ann Reader <{sender}>\r\nTo: letters@reaction.life\r\nSubject: Re: {arrived.message['Subject']}\r\n"
           f"Message-ID: <reply-{time.monotonic_ns()}@example.org>\r\nIn-Reply-To: {ours}\r\nReferences: {ours}\r\n"
           f"Date: Mon, 26 Jun 2023 12:00:00 +0000\r\n\r\n{body}\r\n\r\nOn Mon, 26 Jun 2023 at 11:00, "
           "Reaction letters <letters@reaction.life> wrote:\r\n> We would like to publish your letter\r\n"
           "> Please approve it, suggest a change or withdraw it\r\n").encode()
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as client:
        client.sendmail(sender, "letters@reaction.life", raw)


@pytest.mark.parametrize("body, state", [("I approve", "approved"), ("approve, thank you", "approved"),
                                         ("Withdraw please.", "withdrawn"),
                                         ("Please keep 'loudly', it matters.", "suggested")])
def test_a_reply_answers_the_request_and_is_not_filed_as_a_letter(body, state, editor, mail_db, mail_settings, sink):
    letter_id = _shortlisted_and_edited(mail_db)
    arrived = _send_for_approval(editor, mail_db, mail_settings, sink, letter_id)
    listener = Listener(mail_settings, mail_db, host="127.0.0.1", port=free_port()).start()
    try:
        _reply(listener, arrived, body)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with mail_db.factory() as s:
                if s.scalar(select(func.count()).select_from(Message).where(Message.processed_at.is_not(None))) == 2:
                    break
            time.sleep(0.1)
    finally:
        listener.stop()
    with mail_db.factory() as s:
        request = consent.latest(s, letter_id)
        letter = s.get(Letter, letter_id)
        assert s.scalar(select(func.count()).select_from(Letter)) == 1     # the reply is no letter
        assert request.state == state and request.answered_via == "reply"
        assert request.reply_message_pk is not None
        if state == "suggested":
            assert request.suggestion == "Please keep 'loudly', it matters."
        if state == "withdrawn":
            assert (letter.status, letter.reject_reason) == (Status.REJECTED, WITHDRAWN_REASON)
        # No acknowledgement for the answer: only the request went out.
        assert [m.kind for m in s.scalars(select(OutboundMail))] == ["selected", "consent"]


def test_a_reply_saying_withdraw_to_the_acknowledgement_withdraws(mail_settings, mail_db, sink):
    listener = Listener(mail_settings, mail_db, host="127.0.0.1", port=free_port()).start()
    try:
        from tests.conftest import make_letter
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as c:
            c.sendmail("ann@example.org", "letters@reaction.life", make_letter())
        ack = sink.wait_for(1)[0]
        _reply(listener, ack, "withdraw")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with mail_db.factory() as s:
                if s.scalar(select(Letter.reject_reason)) == WITHDRAWN_REASON:
                    break
            time.sleep(0.1)
    finally:
        listener.stop()
    with mail_db.factory() as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 1
        assert s.scalar(select(Letter.status)) is Status.REJECTED
        assert select_for_export(s, status="all") == []                 # exports refuse it


def test_withdrawing_a_published_letter_warns_the_editors(editor, mail_db):
    letter_id = store_letter(mail_db, status=Status.PUBLISHED)
    with transaction(mail_db.factory) as s:
        consent.withdraw(s, s.get(Letter, letter_id), via="link")
    with mail_db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert WITHDRAWN_AFTER_PUBLICATION in letter.flags and letter.needs_review
        assert select_for_export(s, status="all") == []
    html = editor.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="withdrawn-banner"' in html and "Withdrawn by the writer after publication" in html


def test_withdrawal_cancels_the_letters_mail_still_in_the_queue(mail_settings, mail_db, sink):
    letter_id = store_letter(mail_db, status=Status.SHORTLISTED)
    other_id = store_letter(mail_db, author_email="bo@example.org")
    with transaction(mail_db.factory) as s:
        for about, kind in ((letter_id, "selected"), (letter_id, "published"), (other_id, "selected")):
            outbox.enqueue(s, mail_settings, kind=kind, to=s.get(Letter, about).author_email, subject=kind,
                           text="Your letter ...", letter_id=about, auto="auto-generated")
        consent.withdraw(s, s.get(Letter, letter_id), via="reply")
    outbox.deliver_due(mail_db.factory, mail_settings)
    assert [a.rcpt_tos for a in sink.wait_for(1)] == [["bo@example.org"]]     # only the other letter's
    with mail_db.factory() as s:
        states = s.execute(select(OutboundMail.letter_id, OutboundMail.state).order_by(OutboundMail.id)).all()
        assert states == [(letter_id, "cancelled"), (letter_id, "cancelled"), (other_id, "sent")]
        withdrawn = s.scalar(select(AuditEvent).where(AuditEvent.action == "withdrawn"))
        assert withdrawn.after["mail_cancelled"] == 2


def test_require_consent_refuses_to_publish_an_edited_letter_until_approved(mail_settings, mail_db, sink):
    settings = mail_settings.with_(require_consent=True)
    from inbox.bootstrap import open_database
    db = open_database(settings)
    letter_id = _shortlisted_and_edited(db)
    plain_id = store_letter(db, author_email="bo@example.org")
    with transaction(db.factory) as s:
        moderation.shortlist(s, plain_id, user=None)
    with pytest.raises(moderation.InvalidChange, match=str(letter_id)):
        with transaction(db.factory) as s:
            moderation.publish(s, [s.get(Letter, letter_id), s.get(Letter, plain_id)], actor="cli", fmt="md")
    with transaction(db.factory) as s:
        assert moderation.publish(s, [s.get(Letter, plain_id)], actor="cli", fmt="md") == 1   # unedited
        request = consent.send_for_approval(s, settings, s.get(Letter, letter_id), user=None)
        consent.answer(s, request, "approve", via="link")
    with transaction(db.factory) as s:
        assert moderation.publish(s, [s.get(Letter, letter_id)], actor="cli", fmt="md") == 1
    db.engine.dispose()


class _PastSigner(TimestampSigner):
    def get_timestamp(self):
        return int(time.time()) - 30 * 86400


def test_the_page_explains_used_expired_and_tampered_links(editor, mail_db, mail_settings, sink):
    letter_id = _shortlisted_and_edited(mail_db)
    with transaction(mail_db.factory) as s:
        request = consent.send_for_approval(s, mail_settings, s.get(Letter, letter_id), user=None)
        nonce = request.nonce
    token = links.make_token(mail_settings, letter_id, links.CONSENT, nonce)
    reader = editor.application.test_client()
    page = reader.get(f"/reader/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and EDITED in html and "ann@example.org" not in html
    assert "<del>" in html and "Approve" in html
    r = reader.post(f"/reader/{token}", data={"choice": "approve"})        # no CSRF token
    assert r.status_code == 400
    r = reader.post(f"/reader/{token}", data={"choice": "approve", "csrf_token": csrf_token(reader, f"/reader/{token}")})
    assert r.status_code == 200 and "you approved" in r.get_data(as_text=True)
    used = reader.get(f"/reader/{token}").get_data(as_text=True)
    assert "This link was used already" in used
    tampered = token[:-3] + ("abc" if token[-3:] != "abc" else "xyz")
    r = reader.get(f"/reader/{tampered}")
    assert r.status_code == 400 and 'data-problem="invalid"' in r.get_data(as_text=True)
    old = URLSafeTimedSerializer(mail_settings.secret_key(), salt=links.SALT, signer=_PastSigner).dumps({"l": letter_id, "p": "consent", "n": nonce})
    r = reader.get(f"/reader/{old}")
    assert r.status_code == 410 and 'data-problem="expired"' in r.get_data(as_text=True)


def test_the_page_is_rate_limited(editor, mail_db, mail_settings):
    editor.application.config["READER_RATE_LIMIT"] = 5
    reader = editor.application.test_client()
    codes = [reader.get("/reader/nonsense").status_code for _ in range(7)]
    assert codes == [400] * 5 + [429] * 2


def test_the_withdrawal_link_in_the_acknowledgement_withdraws(editor, mail_db, mail_settings, sink):
    letter_id = store_letter(mail_db, status=Status.SHORTLISTED)
    with transaction(mail_db.factory) as s:
        from inbox.readers import notices
        notices.send_notice(s, mail_settings, s.get(Letter, letter_id), "acknowledgement")
    outbox.deliver_due(mail_db.factory, mail_settings)
    text = sink.wait_for(1)[0].message.get_body(("plain",)).get_content()
    token = re.search(r"http://inbox\.test/reader/(\S+)", text).group(1)
    reader = editor.application.test_client()
    html = reader.get(f"/reader/{token}").get_data(as_text=True)
    assert "Withdraw" in html and "Approve" not in html
    r = reader.post(f"/reader/{token}", data={"choice": "approve", "csrf_token": csrf_token(reader, f"/reader/{token}")})
    assert r.status_code == 400                                   # a withdrawal link only withdraws
    r = reader.post(f"/reader/{token}", data={"choice": "withdraw", "csrf_token": csrf_token(reader, f"/reader/{token}")})
    assert r.status_code == 200 and "Your letter is withdrawn" in r.get_data(as_text=True)
    with mail_db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert (letter.status, letter.reject_reason, letter.position) == (Status.REJECTED, WITHDRAWN_REASON, None)
        assert [e.action for e in s.scalars(select(AuditEvent))][-1] == "withdrawn"
    assert "Your letter is withdrawn" in reader.get(f"/reader/{token}").get_data(as_text=True)


def test_a_reply_from_another_address_decides_nothing(editor, mail_db, mail_settings, sink):
    letter_id = _shortlisted_and_edited(mail_db)
    arrived = _send_for_approval(editor, mail_db, mail_settings, sink, letter_id)
    listener = Listener(mail_settings, mail_db, host="127.0.0.1", port=free_port()).start()
    try:
        _reply(listener, arrived, "withdraw", sender="mallory@example.net")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with mail_db.factory() as s:
                if s.scalar(select(func.count()).select_from(Letter)) == 2:
                    break
            time.sleep(0.1)
    finally:
        listener.stop()
    with mail_db.factory() as s:
        assert consent.latest(s, letter_id).state == "awaiting"
        assert s.get(Letter, letter_id).status is Status.SHORTLISTED
        assert s.scalar(select(func.count()).select_from(Letter)) == 2     # filed as a letter
