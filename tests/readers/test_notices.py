"""Notices: selected and published from the desk's own services, the close-out sweep, templates an
admin edits (sandboxed, previewed, switched off), and the letter view's list of mail sent."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from inbox.db import transaction
from inbox.desk import moderation, tokens
from inbox.models import OutboundMail, Status
from inbox.readers import notices, outbox, templates
from inbox.web import create_app
from tests.web.conftest import ADMIN, EDITOR, csrf_token, sign_in, store_letter


def _kinds(db) -> list[tuple[str, str]]:
    with db.factory() as s:
        return [(r.kind, r.recipient) for r in s.scalars(select(OutboundMail).order_by(OutboundMail.id))]


def test_shortlisting_sends_selected_once_and_publishing_sends_published(mail_settings, mail_db, sink):
    letter_id = store_letter(mail_db)
    with transaction(mail_db.factory) as s:
        moderation.shortlist(s, letter_id, user=None)
    with transaction(mail_db.factory) as s:
        moderation.restore(s, letter_id, user=None)
        moderation.shortlist(s, letter_id, user=None)        # again: no second notice
    with transaction(mail_db.factory) as s:
        letter = moderation.get_letter(s, letter_id)
        moderation.publish(s, [letter], actor="cli", fmt="md")
    assert _kinds(mail_db) == [("selected", "ann@example.org"), ("published", "ann@example.org")]
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 2
    first, second = sink.wait_for(2)
    assert first.message["Auto-Submitted"] == "auto-generated"
    assert first.message["Subject"] == "Your letter has been selected: Taiwan"
    assert "has been published" in second.message.get_body(("plain",)).get_content()


def test_a_notice_switched_off_is_not_sent(mail_settings, mail_db, sink):
    letter_id = store_letter(mail_db)
    default = templates.DEFAULTS[templates.SELECTED]
    with transaction(mail_db.factory) as s:
        templates.save(s, templates.SELECTED, actor="test", enabled=False, subject=default.subject, body=default.body)
        moderation.shortlist(s, letter_id, user=None)
    assert _kinds(mail_db) == []


def test_status_notices_wait_for_mail_to_be_on(db):
    letter_id = store_letter(db)
    with transaction(db.factory) as s:
        moderation.shortlist(s, letter_id, user=None)
    assert _kinds(db) == []


def test_close_out_for_letters_not_used(mail_settings, mail_db, sink):
    old = datetime.now(timezone.utc) - timedelta(days=10)
    unused = store_letter(mail_db, received_at=old)
    store_letter(mail_db, received_at=old, status=Status.SHORTLISTED, author_email="bo@example.org")
    store_letter(mail_db, author_email="cy@example.org")                  # too recent
    settings = mail_settings.with_(close_out_days=7)
    assert notices.close_out(mail_db.factory, settings) == 0              # off by default
    with transaction(mail_db.factory) as s:
        d = templates.DEFAULTS[templates.CLOSE_OUT]
        templates.save(s, d.name, actor="test", enabled=True, subject=d.subject, body=d.body)
    assert notices.close_out(mail_db.factory, settings) == 1
    assert notices.close_out(mail_db.factory, settings) == 0
    with mail_db.factory() as s:
        assert s.scalar(select(OutboundMail.letter_id)) == unused


def test_templates_render_in_the_sandbox():
    with pytest.raises(templates.TemplateInvalid):
        templates.render("{{ name.__class__.__mro__[1].__subclasses__() }}", templates.SAMPLE)
    with pytest.raises(templates.TemplateInvalid):
        templates.render("{% if %}", templates.SAMPLE)
    assert templates.render("Dear {{ name }}", templates.SAMPLE) == "Dear Ann Reader"


@pytest.fixture
def mail_app(mail_settings, mail_db):
    return create_app(mail_settings, db=mail_db, test_config={"TESTING": True})


@pytest.fixture
def mail_admin(mail_app, mail_db):
    from inbox.desk import accounts
    with transaction(mail_db.factory) as s:
        accounts.create_user(s, ADMIN[0], ADMIN[1], role="admin")
        accounts.create_user(s, EDITOR[0], EDITOR[1], role="editor")
    client = mail_app.test_client()
    assert sign_in(client, *ADMIN).status_code == 302
    return client


def test_the_reader_mail_page_previews_saves_and_refuses_bad_templates(mail_admin, mail_db, mail_app):
    page = mail_admin.get("/admin/reader-mail").get_data(as_text=True)
    assert "Acknowledgement on receipt" in page and "Close-out" in page
    assert "<code>{{ published_url }}</code></dt><dd>where the letter was published" in page
    token = csrf_token(mail_admin, "/admin/reader-mail")
    r = mail_admin.post("/admin/reader-mail/acknowledgement", data={
        "csrf_token": token, "action": "preview", "subject": "Thanks, {{ name }}", "body": "<b>{{ subject }}</b>"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Thanks, Ann Reader" in html
    assert "&lt;b&gt;Taiwan and the Strait&lt;/b&gt;" in html           # previewed inert
    r = mail_admin.post("/admin/reader-mail/acknowledgement", data={
        "csrf_token": token, "action": "save", "subject": "{{ name.__class__ }", "body": "x"})
    assert r.status_code == 400 and "Template error" in r.get_data(as_text=True)
    r = mail_admin.post("/admin/reader-mail/acknowledgement", data={
        "csrf_token": token, "action": "save", "subject": "Thanks, {{ name }}", "body": "Got it."})
    assert r.status_code == 302
    with mail_db.factory() as s:
        saved = templates.notice(s, "acknowledgement")
    assert (saved.enabled, saved.subject, saved.body) == (False, "Thanks, {{ name }}", "Got it.")
    editor = mail_app.test_client()
    sign_in(editor, *EDITOR)
    assert editor.get("/admin/reader-mail").status_code == 403


def test_the_letter_view_lists_the_mail_sent_and_its_state(mail_admin, mail_db, mail_settings, sink):
    letter_id = store_letter(mail_db)
    with transaction(mail_db.factory) as s:
        moderation.shortlist(s, letter_id, user=None)
    html = mail_admin.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="reader-mail"' in html and "selected" in html and "· queued" in html
    outbox.deliver_due(mail_db.factory, mail_settings)
    html = mail_admin.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "· sent" in html


def test_the_cms_write_back_sends_the_published_notice_with_its_link_once(mail_settings, mail_db, sink):
    early = store_letter(mail_db, status=Status.SHORTLISTED, author_email="cy@example.org", subject="Early")
    with transaction(mail_db.factory) as s:      # no CMS writes back yet: the notice goes at once
        moderation.publish(s, [moderation.get_letter(s, early)], actor="cli", fmt="md")
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    first = store_letter(mail_db, status=Status.SHORTLISTED)
    desk = store_letter(mail_db, status=Status.SHORTLISTED, author_email="bo@example.org", subject="Chips")
    with transaction(mail_db.factory) as s:
        secret = tokens.create_token(s, "cms", "write", actor="test")[1]
        # Published by the desk while the CMS writes back: the notice waits for the link.
        moderation.publish(s, [moderation.get_letter(s, desk)], actor="cli", fmt="md")
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    with mail_db.factory() as s:       # without a write-back it goes, without the link, in 12 hours
        held = s.scalar(select(OutboundMail).where(OutboundMail.recipient == "bo@example.org"))
        assert held.next_attempt_at > held.created_at + notices.PUBLISHED_LINK_WAIT - timedelta(minutes=1)
    api = create_app(mail_settings, db=mail_db, test_config={"TESTING": True}).test_client()
    auth = {"Authorization": f"Bearer {secret}"}
    for letter_id, url in ((first, "https://reaction.life/letters-1/"), (first, "https://reaction.life/letters-1b/"),
                           (desk, "https://reaction.life/letters-2/"), (early, "https://reaction.life/letters-0/")):
        r = api.post(f"/api/v1/letters/{letter_id}/published", json={"url": url}, headers=auth)
        assert r.status_code == 200, r.get_data(as_text=True)
    assert _kinds(mail_db) == [("published", "cy@example.org"), ("published", "bo@example.org"),
                               ("published", "ann@example.org")]
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 2
    arrived = {a.rcpt_tos[0]: a.message.get_body(("plain",)).get_content() for a in sink.wait_for(3)}
    assert len(sink.arrived) == 3
    assert "You can read it here: https://reaction.life/letters-1b/" in arrived["ann@example.org"]   # the latest
    assert "You can read it here: https://reaction.life/letters-2/" in arrived["bo@example.org"]
    assert "read it here" not in arrived["cy@example.org"]      # sent before the CMS said where
    with mail_db.factory() as s:
        ids = {r.recipient: r.message_id for r in s.scalars(select(OutboundMail))}
    assert {a.message["Message-ID"] for a in sink.arrived} == {f"<{m}>" for m in ids.values()}
