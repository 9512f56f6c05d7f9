"""The Campaigns view over letters delivered by real SMTP: the list, the template with each
member's differences, and shortlisting one while rejecting the rest in one audited action."""
from __future__ import annotations

import re

from sqlalchemy import select

from inbox.models import AuditEvent, Campaign, Letter, Status
from tests.conftest import make_letter
from tests.pipeline.test_campaigns import campaign_letter
from tests.pipeline.test_house_rules import wait_processed

from .conftest import csrf_token


def _campaign(send, db, settings) -> int:
    send(make_letter(sender="A One <a1@example.org>", body=campaign_letter(1)))
    send(make_letter(sender="B Two <b2@example.org>", body=campaign_letter(2, greeting="Dear Editor,")))
    send(make_letter(sender="C Three <c3@example.org>", body=campaign_letter(3, order=(2, 1, 0),
                     extra="My own daughter was born there.")))
    wait_processed(db, settings)
    with db.factory() as s:
        return s.scalars(select(Campaign.id)).one()


def test_campaigns_list_and_view_show_the_template_and_each_members_differences(editor_client, send, db, settings):
    cid = _campaign(send, db, settings)
    html = editor_client.get("/campaigns/").get_data(as_text=True)
    row = re.search(rf'<tr data-campaign="{cid}">.*?</tr>', html, re.S).group(0)
    assert "<td>3</td>" in row and "Blinken in Beijing" in row
    page = editor_client.get(f"/campaigns/{cid}").get_data(as_text=True)
    assert "The proposed closure of the Riverside maternity unit" in page
    assert re.search(r"<ins>[^<]*My own daughter was born there\.[^<]*</ins>", page)
    assert "<ins>Dear Editor,</ins>" in page and "<del>Sir,</del>" in page
    # Reordered paragraphs are matched as the same paragraphs, not marked as rewritten.
    assert "<del>The proposed closure" not in page
    assert page.count('name="keep"') == 3


def test_keep_one_shortlists_it_and_rejects_the_rest_audited(editor_client, send, db, settings):
    cid = _campaign(send, db, settings)
    with db.factory() as s:
        ids = [l.id for l in s.scalars(select(Letter).order_by(Letter.id))]
    token = csrf_token(editor_client, f"/campaigns/{cid}")
    r = editor_client.post(f"/campaigns/{cid}/keep-one", data={"csrf_token": token, "keep": ids[1]})
    assert r.status_code == 302
    with db.factory() as s:
        letters = {l.id: l for l in s.scalars(select(Letter))}
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert letters[ids[1]].status is Status.SHORTLISTED
    for i in (ids[0], ids[2]):
        assert letters[i].status is Status.REJECTED and letters[i].reject_reason == "campaign letter"
    summary = [e for e in events if e.action == "campaign-keep-one"]
    assert summary and summary[0].after == {"campaign": cid, "kept": ids[1], "rejected": [ids[0], ids[2]]}
    assert {e.letter_id for e in events if e.action == "reject"} == {ids[0], ids[2]}
    assert all(e.user_email == "editor@reaction.life" for e in events if e.letter_id)


def test_keep_one_refuses_a_letter_outside_the_campaign(editor_client, send, db, settings):
    cid = _campaign(send, db, settings)
    token = csrf_token(editor_client, f"/campaigns/{cid}")
    r = editor_client.post(f"/campaigns/{cid}/keep-one", data={"csrf_token": token, "keep": "999"},
                           follow_redirects=True)
    assert "is not in campaign" in r.get_data(as_text=True)
    with db.factory() as s:
        assert {l.status for l in s.scalars(select(Letter))} == {Status.NEW}
