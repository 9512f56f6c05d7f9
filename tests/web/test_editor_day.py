"""The editor's working day over HTTP (issue 14): stepping through the queue a letter was opened
from, moving on after a decision, undo, select all matching, position, reject reasons, saved
searches, presence and conflicting saves."""
from __future__ import annotations

import html as htmllib
import re
from datetime import datetime, timedelta, timezone

import pytest

from inbox.desk import bulk, moderation
from inbox.desk.queue import QueueFilter
from inbox.models import AuditEvent, Letter, Presence, Status, User

from .conftest import EDITOR, csrf_token, store_letter


def _post(client, path, data, **kw):
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kw)


def _undo_form(page: str) -> dict:
    form = re.search(r'id="undo-notice">.*?</form>', page, re.S)
    assert form, "no Undo notice on the page"
    fields = dict(re.findall(r'name="(token|next)" value="([^"]*)"', form.group(0)))
    return {k: htmllib.unescape(v) for k, v in fields.items()}


def _letters(db, n, **kw):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [store_letter(db, subject=f"Letter {i}", received_at=start + timedelta(minutes=i),
                         author_email=f"r{i}@example.org", **kw) for i in range(n)]


def test_the_letter_page_steps_through_the_queue_it_was_opened_from(editor_client, db, many_letters):
    newest, second = many_letters[-1], many_letters[-2]
    queue = editor_client.get("/?tab=new&q=Letter").get_data(as_text=True)
    assert f'href="/letters/{newest}?tab=new&amp;q=Letter&amp;sort=newest"' in queue     # rows carry the queue
    page = editor_client.get(f"/letters/{newest}?tab=new&q=Letter&sort=newest").get_data(as_text=True)
    assert f'id="next-letter" rel="next" href="/letters/{second}?tab=new&amp;q=Letter&amp;sort=newest"' in page
    assert 'id="prev-letter"' not in page                                     # the top of the queue
    assert f'href="/?tab=new&amp;q=Letter&amp;sort=newest#l{newest}" id="back-to-queue"' in page
    page = editor_client.get(f"/letters/{second}?tab=new&sort=oldest").get_data(as_text=True)
    assert f'id="next-letter" rel="next" href="/letters/{newest}?tab=new&amp;sort=oldest"' in page
    assert f'id="prev-letter" rel="prev" href="/letters/{many_letters[-3]}?tab=new&amp;sort=oldest"' in page


def test_after_reject_the_next_letter_opens_and_the_queue_is_kept(editor_client, db, many_letters):
    newest, second = many_letters[-1], many_letters[-2]
    r = _post(editor_client, f"/letters/{newest}/reject?tab=new&q=Letter", {"rej-version": 1})
    assert r.status_code == 302 and r.headers["Location"] == f"/letters/{second}?tab=new&q=Letter&sort=newest"
    page = editor_client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Rejected: letter" in page and 'id="undo"' in page
    assert f'<a href="/letters/{newest}" id="decided-letter">Open it</a>' in page
    assert 'href="/?tab=new&amp;q=Letter&amp;sort=newest#l' in page            # back to New, not Rejected
    # the last letter of the queue goes back to the queue
    oldest = many_letters[0]
    r = _post(editor_client, f"/letters/{oldest}/shortlist?tab=new", {"version": 1})
    assert r.headers["Location"] == "/?tab=new&sort=newest"


def test_auto_advance_is_a_preference_stored_per_user(editor_client, admin_client, db, many_letters):
    r = _post(editor_client, "/account/preferences", {})        # the box unticked
    assert r.status_code == 302
    newest = many_letters[-1]
    r = _post(editor_client, f"/letters/{newest}/reject?tab=new", {"rej-version": 1})
    assert r.headers["Location"] == f"/letters/{newest}?tab=new&sort=newest"       # stays
    # another editor's setting is untouched (on by default)
    r = _post(admin_client, f"/letters/{many_letters[-2]}/reject?tab=new", {"rej-version": 1})
    assert r.headers["Location"] == f"/letters/{many_letters[-3]}?tab=new&sort=newest"
    with db.factory() as s:
        assert s.query(AuditEvent).filter_by(action="preferences").one().after == {"auto_advance": False}
    assert 'name="pref-auto_advance" type="checkbox" value="y">' in \
        editor_client.get("/account/password").get_data(as_text=True).replace("checked ", "")
    r = _post(editor_client, "/account/preferences", {"pref-auto_advance": "y"})
    r = _post(editor_client, f"/letters/{many_letters[-4]}/reject?tab=new", {"rej-version": 1})
    assert r.headers["Location"] == f"/letters/{many_letters[-5]}?tab=new&sort=newest"


def test_undo_restores_a_single_decision_exactly_and_audits_it(editor_client, db):
    lid = store_letter(db)
    _post(editor_client, f"/letters/{lid}/shortlist", {"version": 1})
    with db.factory() as s:
        shortlisted = s.get(Letter, lid)
        before = (shortlisted.status, shortlisted.position, shortlisted.status_changed_at, shortlisted.publication_text)
    r = _post(editor_client, f"/letters/{lid}/reject?tab=shortlisted", {"rej-version": 2, "rej-reason": "on reflection"})
    page = editor_client.get(r.headers["Location"]).get_data(as_text=True)
    undo = _undo_form(page)
    r = _post(editor_client, "/undo", undo)
    assert r.status_code == 302 and r.headers["Location"] == undo["next"]
    with db.factory() as s:
        letter = s.get(Letter, lid)
        assert (letter.status, letter.position, letter.status_changed_at, letter.publication_text) == before
        assert letter.reject_reason is None
        event = s.query(AuditEvent).filter_by(letter_id=lid, action="undo").one()
        assert event.before["status"] == "rejected" and event.after["status"] == "shortlisted"
    # undoing twice changes nothing more
    r = _post(editor_client, "/undo", undo)
    assert "changed since" in editor_client.get("/").get_data(as_text=True)
    with db.factory() as s:
        assert s.query(AuditEvent).filter_by(letter_id=lid, action="undo").count() == 1


def test_undo_of_a_first_shortlist_empties_the_publication_version_again(editor_client, db):
    lid = store_letter(db)
    r = _post(editor_client, f"/letters/{lid}/shortlist", {"version": 1, "next": "/"})
    _post(editor_client, "/undo", _undo_form(editor_client.get("/").get_data(as_text=True)))
    with db.factory() as s:
        letter = s.get(Letter, lid)
        assert letter.status is Status.NEW and letter.publication_text is None and letter.position is None
        assert letter.signoff_name is None and letter.status_changed_at is None


def test_undo_leaves_alone_a_letter_a_colleague_changed_since(editor_client, admin_client, db):
    lid = store_letter(db)
    _post(editor_client, f"/letters/{lid}/reject", {"rej-version": 1, "next": "/"})
    undo = _undo_form(editor_client.get("/").get_data(as_text=True))
    _post(admin_client, f"/letters/{lid}/restore", {"version": 2})
    _post(admin_client, f"/letters/{lid}/shortlist", {"version": 3})
    _post(editor_client, "/undo", undo)
    assert "changed since" in editor_client.get("/").get_data(as_text=True)
    with db.factory() as s:
        assert s.get(Letter, lid).status is Status.SHORTLISTED
    # and nobody undoes another editor's decision with their token
    lid2 = store_letter(db)
    _post(editor_client, f"/letters/{lid2}/reject", {"rej-version": 1, "next": "/"})
    undo = _undo_form(editor_client.get("/").get_data(as_text=True))
    _post(admin_client, "/undo", undo)
    with db.factory() as s:
        assert s.get(Letter, lid2).status is Status.REJECTED


def test_the_queue_shows_its_position(editor_client, db):
    _letters(db, 120)
    page = editor_client.get("/?tab=new").get_data(as_text=True)
    assert "1–50 of 120" in page and "Select all 120 matching" in page
    after = re.search(r'href="/\?tab=new&amp;sort=newest&amp;after=([^"]+)" rel="next"', page).group(1)
    page = editor_client.get(f"/?tab=new&sort=newest&after={htmllib.unescape(after)}").get_data(as_text=True)
    assert "51–100 of 120" in page


def test_select_all_matching_asks_with_the_count_then_applies_to_every_matching_letter(editor_client, db):
    ids = _letters(db, 120)
    other = store_letter(db, subject="Budget", text="Tax and spend.")
    form = {"action": "reject", "scope": "matching", "tab": "new", "q": "Letter", "reason": "bulk",
            "next": "/?tab=new&q=Letter"}
    r = _post(editor_client, "/queue/bulk", form)
    assert r.status_code == 200 and "Reject 120 letters?" in r.get_data(as_text=True)
    with db.factory() as s:
        assert s.query(Letter).filter_by(status=Status.REJECTED).count() == 0       # nothing yet
    r = _post(editor_client, "/queue/bulk", {**form, "confirmed": "120"})
    assert r.status_code == 302
    page = editor_client.get("/?tab=new&q=Letter").get_data(as_text=True)
    assert "Rejected 120 letters." in page and "0 letters" in page
    with db.factory() as s:
        assert {s.get(Letter, i).status for i in ids} == {Status.REJECTED}
        assert s.get(Letter, other).status is Status.NEW                          # not matching the search
        assert s.query(AuditEvent).filter_by(action="reject").count() == 120
    _post(editor_client, "/undo", _undo_form(page))
    with db.factory() as s:
        assert {s.get(Letter, i).status for i in ids} == {Status.NEW}
        assert {s.get(Letter, i).reject_reason for i in ids} == {None}
        assert s.query(AuditEvent).filter_by(action="undo").count() == 120


def test_a_confirmed_count_that_no_longer_holds_changes_nothing(editor_client, db):
    _letters(db, 60)
    r = _post(editor_client, "/queue/bulk", {"action": "shortlist", "scope": "matching", "tab": "new",
                                             "confirmed": "59", "next": "/"})
    assert r.status_code == 200 and "Shortlist 60 letters?" in r.get_data(as_text=True)    # asks again
    store_letter(db)
    r = _post(editor_client, "/queue/bulk", {"action": "shortlist", "scope": "matching", "tab": "new",
                                             "confirmed": "60", "next": "/"})
    assert r.status_code == 200 and "Shortlist 61 letters?" in r.get_data(as_text=True)    # the new count
    with db.factory() as s:
        assert s.query(Letter).filter_by(status=Status.SHORTLISTED).count() == 0
        # the service checks it too, for a letter arriving between the page's count and the action
        user = s.query(User).filter_by(email=EDITOR[0]).one()
        with pytest.raises(moderation.Conflict, match="not the 60 you confirmed"):
            bulk.bulk_matching(s, "shortlist", QueueFilter(tab="new"), user=user, expected=60)


def test_reject_reasons_kept_by_admins_offered_on_letters(editor_client, admin_client, db, letter_id):
    assert editor_client.get("/admin/reasons").status_code == 403
    for label in ("Off topic", "Too long"):
        assert _post(admin_client, "/admin/reasons", {"reason-label": label}).status_code == 302
    assert _post(admin_client, "/admin/reasons", {"reason-label": "Too long"}).status_code == 400   # once
    page = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'data-reason-key="2"><kbd>2</kbd> Too long</button>' in page
    assert 'data-reason-key="1"' in editor_client.get("/").get_data(as_text=True)
    _post(editor_client, f"/letters/{letter_id}/reject", {"rej-version": 1, "canned": "Too long",
                                                          "rej-reason": "by half"})
    with db.factory() as s:
        assert s.get(Letter, letter_id).reject_reason == "Too long — by half"
        assert s.query(AuditEvent).filter_by(action="reject-reason-add").count() == 2
    page = admin_client.get("/admin/reasons").get_data(as_text=True)
    reason_id = re.search(r'/admin/reasons/(\d+)/remove', page).group(1)
    _post(admin_client, f"/admin/reasons/{reason_id}/remove", {})
    assert "Off topic" not in admin_client.get("/admin/reasons").get_data(as_text=True)
    with db.factory() as s:
        assert s.get(Letter, letter_id).reject_reason == "Too long — by half"    # decisions keep their words


def test_a_canned_reason_in_the_queue_rejects_the_ticked_rows(editor_client, db):
    a, b = store_letter(db), store_letter(db)
    _post(editor_client, "/queue/bulk", {"canned": "Off topic", "letter": [f"{a}:1"], "next": "/"})
    with db.factory() as s:
        assert s.get(Letter, a).status is Status.REJECTED and s.get(Letter, a).reject_reason == "Off topic"
        assert s.get(Letter, b).status is Status.NEW


def test_saved_searches_with_live_counts(editor_client, admin_client, db):
    store_letter(db, subject="Taiwan one")
    store_letter(db, subject="Taiwan two")
    store_letter(db, subject="Budget")
    r = _post(editor_client, "/queue/saved", {"name": "Taiwan", "tab": "new", "q": "taiwan"})
    assert r.status_code == 302
    page = editor_client.get("/").get_data(as_text=True)
    assert re.search(r'href="/\?tab=new&amp;q=taiwan&amp;sort=newest">Taiwan</a>\s*<span class="count" '
                     r'data-saved-count="\d+">2</span>', page)
    store_letter(db, subject="Taiwan three")
    saved = editor_client.get("/queue/live.json?tab=new").get_json()["saved"]
    assert list(saved.values()) == [3]
    assert "data-saved-count" not in admin_client.get("/").get_data(as_text=True)   # each editor their own
    saved_id = list(saved)[0]
    assert _post(admin_client, f"/queue/saved/{saved_id}/remove", {}).status_code == 404
    _post(editor_client, f"/queue/saved/{saved_id}/remove", {})
    assert editor_client.get("/queue/live.json").get_json()["saved"] == {}


def test_live_json_says_which_rows_left_the_queue(editor_client, admin_client, db):
    a, b = store_letter(db), store_letter(db)
    _post(admin_client, f"/letters/{a}/reject", {"rej-version": 1})
    data = editor_client.get(f"/queue/live.json?tab=new&ids={a},{b}").get_json()
    assert data["gone"] == [a] and data["counts"]["new"] == 1


def test_presence_shows_who_else_has_the_letter_open_and_who_edits(editor_client, admin_client, db, letter_id):
    token = csrf_token(admin_client, f"/letters/{letter_id}")
    r = admin_client.post(f"/letters/{letter_id}/presence.json", data={"editing": "1"},
                          headers={"X-CSRFToken": token})
    assert r.status_code == 200 and r.get_json()["viewers"] == []
    token = csrf_token(editor_client, f"/letters/{letter_id}")
    data = editor_client.post(f"/letters/{letter_id}/presence.json", data={"editing": "0"},
                              headers={"X-CSRFToken": token}).get_json()
    assert data["viewers"] == [{"name": "Ada Admin", "editing": True}]
    page = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Ada Admin is editing the publication text" in page
    # a heartbeat older than the limit is gone; leaving is gone at once
    with db.factory() as s, s.begin():
        row = s.get(Presence, (letter_id, s.query(Presence).filter(Presence.editing.is_(True)).one().user_id))
        row.seen_at = datetime.now(timezone.utc) - timedelta(seconds=50)
    assert "Ada Admin" not in editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    admin_client.post(f"/letters/{letter_id}/presence.json", data={}, headers={"X-CSRFToken": csrf_token(admin_client)})
    assert "Ada Admin has this letter open" in editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    admin_client.post(f"/letters/{letter_id}/presence/leave", data={"csrf_token": csrf_token(admin_client)})
    assert "Ada Admin" not in editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert editor_client.post(f"/letters/{letter_id}/presence.json").status_code == 400     # CSRF


def test_a_conflicting_save_shows_both_versions_and_overwrites_nothing(editor_client, admin_client, db):
    lid = store_letter(db, text="Sir, one two three.")
    _post(admin_client, f"/letters/{lid}/shortlist", {"version": 1})
    base = {"pub-headline": "", "pub-signoff_name": "Ann", "pub-signoff_location": "York"}
    # both editors load version 2; Ada saves first
    _post(admin_client, f"/letters/{lid}/publication", {**base, "pub-version": 2,
                                                        "pub-publication_text": "Sir, one two three, said Ada."})
    r = _post(editor_client, f"/letters/{lid}/publication", {**base, "pub-version": 2,
                                                             "pub-publication_text": "Sir, one 2 three."})
    page = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "Saved by Ada Admin at" in page and "Sir, one two three, said Ada." in page    # theirs, named
    assert "Sir, one 2 three.</textarea>" in page                                       # and mine, kept
    assert 'name="pub-version" value="3"' in page
    with db.factory() as s:
        assert s.get(Letter, lid).publication_text == "Sir, one two three, said Ada."
    # the editor merges and saves, having seen Ada's version
    r = _post(editor_client, f"/letters/{lid}/publication", {**base, "pub-version": 3,
                                                             "pub-publication_text": "Sir, one 2 three, said Ada."})
    assert r.status_code == 302
    with db.factory() as s:
        assert s.get(Letter, lid).publication_text == "Sir, one 2 three, said Ada."
    # the same stale form sent again is refused again, never applied
    r = _post(editor_client, f"/letters/{lid}/publication", {**base, "pub-version": 3,
                                                             "pub-publication_text": "stale"})
    assert r.status_code == 409
