"""The queue: tabs and counts, filters, search, keyset pages, bulk actions, the live count."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from inbox.desk import queue
from inbox.models import Kind, Letter, Status

from .conftest import csrf_token, store_letter


def _subjects(html: str) -> list[str]:
    return re.findall(r'class="subject" href="[^"]+">([^<]+)</a>', html)


def test_tabs_keep_letters_apart_with_counts(editor_client, db):
    store_letter(db, subject="A new one")
    store_letter(db, subject="A chosen one", status=Status.SHORTLISTED)
    store_letter(db, subject="An auto reply", kind=Kind.AUTOMATED, automated_reason="auto-submitted")
    html = editor_client.get("/").get_data(as_text=True)
    assert _subjects(html) == ["A new one"]
    assert re.search(r'data-tab-count="new">1<', html) and re.search(r'data-tab-count="automated">1<', html)
    assert _subjects(editor_client.get("/?tab=shortlisted").get_data(as_text=True)) == ["A chosen one"]
    assert _subjects(editor_client.get("/?tab=automated").get_data(as_text=True)) == ["An auto reply"]


def test_row_shows_author_town_article_time_words_first_line_and_flag(editor_client, db):
    store_letter(db, subject="Flagged", text="\n\nFirst line here.\nSecond line.", author_location="Bath",
                 needs_review=True, article_slug="blinken-beijing")
    html = editor_client.get("/").get_data(as_text=True)
    for bit in ("Ann Reader", "Bath", "First line here.", "5 words", "UTC", "needs review", 'class="row flagged"'):
        assert bit in html, bit
    assert "Second line" not in html


def test_article_filter_including_unassigned(editor_client, db):
    store_letter(db, subject="Linked", article_slug="blinken-beijing")
    store_letter(db, subject="Loose")
    assert _subjects(editor_client.get("/?article=unassigned").get_data(as_text=True)) == ["Loose"]
    assert _subjects(editor_client.get("/?article=blinken-beijing").get_data(as_text=True)) == ["Linked"]
    assert _subjects(editor_client.get("/?article=no-such-slug").get_data(as_text=True)) == []


def test_search_over_subject_text_and_author(editor_client, db):
    store_letter(db, subject="Taiwan strait", text="Deterrence works.", author_name="Jo Smith")
    store_letter(db, subject="Budget", text="Immigration figures are wrong.", author_name="Al Jones",
                 author_location="Harrogate")
    for q, expected in (("taiwan", ["Taiwan strait"]), ("immigration", ["Budget"]), ("smith", ["Taiwan strait"]),
                        ("harrogate", ["Budget"]), ("immig", ["Budget"]), ("deterrence taiwan", ["Taiwan strait"]),
                        ("nothing-like-this", [])):
        assert _subjects(editor_client.get("/", query_string={"q": q}).get_data(as_text=True)) == expected, q


def test_search_with_fts_syntax_is_plain_text(editor_client, db):
    store_letter(db, subject="Quotes", text='He said "NEAR" AND OR NOT')
    for q in ('"', 'AND', 'NEAR(', 'subject:x', '*', "a'b", '()', '-', '"unterminated'):
        r = editor_client.get("/", query_string={"q": q})
        assert r.status_code == 200, q


def test_newest_oldest_and_keyset_pages(db, many_letters):
    from inbox.desk.queue import QueueFilter, fetch_page
    with db.factory() as s:
        seen, cursor = [], None
        while True:
            page = fetch_page(s, QueueFilter(tab="new", after=cursor), per_page=7)
            seen += [l.subject for l in page.letters]
            cursor = page.next_cursor
            if not cursor:
                break
        assert seen == [f"Letter {i}" for i in range(29, -1, -1)]
        first = fetch_page(s, QueueFilter(tab="new", sort="oldest"), per_page=5)
        assert [l.subject for l in first.letters] == [f"Letter {i}" for i in range(5)]
        second = fetch_page(s, QueueFilter(tab="new", sort="oldest", after=first.next_cursor), per_page=5)
        assert [l.subject for l in second.letters] == [f"Letter {i}" for i in range(5, 10)]


def test_same_timestamp_letters_are_not_lost_between_pages(db):
    when = datetime(2026, 2, 2, tzinfo=timezone.utc)
    ids = [store_letter(db, subject=f"Same {i}", received_at=when) for i in range(5)]
    from inbox.desk.queue import QueueFilter, fetch_page
    with db.factory() as s:
        got, cursor = [], None
        for _ in range(5):
            page = fetch_page(s, QueueFilter(after=cursor), per_page=2)
            got += [l.id for l in page.letters]
            cursor = page.next_cursor
            if not cursor:
                break
    assert sorted(got) == ids and len(got) == 5


def test_pager_link_in_page(editor_client, many_letters):
    html = editor_client.get("/").get_data(as_text=True)
    assert len(_subjects(html)) == queue.PER_PAGE if len(many_letters) > queue.PER_PAGE else 30
    assert "Older letters" not in html       # 30 fit in one page
    from inbox.desk.queue import encode_cursor  # noqa: F401  (cursor format covered above)


def test_bad_cursor_is_ignored(editor_client, many_letters):
    assert editor_client.get("/?after=garbage|x").status_code == 200
    assert editor_client.get("/?after=2026-13-99|1").status_code == 200


def test_counts_json_announces_new_letters(editor_client, db):
    store_letter(db)
    data = editor_client.get("/queue/counts.json").get_json()
    since = data["newest_id"]
    assert data["counts"]["new"] == 1 and data["new"] == 0
    store_letter(db)
    store_letter(db)
    data = editor_client.get(f"/queue/counts.json?since={since}").get_json()
    assert data["new"] == 2 and data["counts"]["new"] == 3


def test_counts_json_needs_sign_in(client):
    r = client.get("/queue/counts.json")
    assert r.status_code in (302, 401)


def test_bulk_shortlist_and_reject(editor_client, db):
    a, b, c = (store_letter(db, subject=s) for s in ("A", "B", "C"))
    token = csrf_token(editor_client)
    r = editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "shortlist",
                                                "letter": [f"{a}:1", f"{b}:1"], "next": "/?tab=new"})
    assert r.status_code == 302 and r.headers["Location"] == "/?tab=new"
    r = editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "reject", "letter": [f"{c}:1"],
                                                "reason": "off topic"})
    with db.factory() as s:
        assert [s.get(Letter, i).status for i in (a, b, c)] == [Status.SHORTLISTED, Status.SHORTLISTED, Status.REJECTED]
        assert s.get(Letter, c).reject_reason == "off topic"


def test_bulk_with_a_stale_version_leaves_that_letter_alone(editor_client, db):
    a, b = store_letter(db), store_letter(db)
    token = csrf_token(editor_client)
    editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "reject", "letter": [f"{a}:1"]})
    r = editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "shortlist",
                                                "letter": [f"{a}:1", f"{b}:1"]}, follow_redirects=True)
    assert "changed by someone else" in r.get_data(as_text=True)
    with db.factory() as s:
        assert s.get(Letter, a).status is Status.REJECTED and s.get(Letter, b).status is Status.SHORTLISTED


def test_bulk_refuses_unknown_action_and_foreign_next(editor_client, db):
    a = store_letter(db)
    token = csrf_token(editor_client)
    r = editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "delete", "letter": [f"{a}:1"],
                                                "next": "https://evil.example/"})
    assert r.status_code == 302 and r.headers["Location"] == "/"
    with db.factory() as s:
        assert s.get(Letter, a).status is Status.NEW


def test_shortlist_order_moves_up_and_down(editor_client, db):
    ids = [store_letter(db, subject=f"S{i}", received_at=datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(hours=i))
           for i in range(3)]
    token = csrf_token(editor_client)
    editor_client.post("/queue/bulk", data={"csrf_token": token, "action": "shortlist",
                                            "letter": [f"{i}:1" for i in ids]})
    html = editor_client.get("/?tab=shortlisted").get_data(as_text=True)
    assert _subjects(html) == ["S0", "S1", "S2"] and "Move up" in html
    editor_client.post(f"/letters/{ids[2]}/move", data={"csrf_token": token, "direction": "up"})
    assert _subjects(editor_client.get("/?tab=shortlisted").get_data(as_text=True)) == ["S0", "S2", "S1"]
    editor_client.post(f"/letters/{ids[0]}/move", data={"csrf_token": token, "direction": "down"})
    assert _subjects(editor_client.get("/?tab=shortlisted").get_data(as_text=True)) == ["S2", "S0", "S1"]
    editor_client.post(f"/letters/{ids[2]}/move", data={"csrf_token": token, "direction": "up"})   # already first
    assert _subjects(editor_client.get("/?tab=shortlisted").get_data(as_text=True)) == ["S2", "S0", "S1"]


def test_shortlisted_view_has_an_export_control(editor_client, app, db):
    html = editor_client.get("/?tab=shortlisted").get_data(as_text=True)
    assert ">Export</button>" in html and 'name="mark_published"' in html
    assert 'name="since"' in html and 'name="until"' in html
    # The control posts (with its CSRF token) and marks the letters Published when asked.
    letter_id = store_letter(db, subject="To print", status=Status.SHORTLISTED)
    token = re.search(r'class="filters export".*?name="csrf_token" type="hidden" value="([^"]+)"', html, re.S).group(1)
    # As a browser sends the form: empty date fields included.
    r = editor_client.post("/export", data={"csrf_token": token, "status": "shortlisted", "format": "md",
                                            "since": "", "until": "", "mark_published": "y"})
    assert r.status_code == 200 and "Strait matters" in r.get_data(as_text=True)
    assert "attachment" in r.headers["Content-Disposition"]
    with db.factory() as s:
        assert s.get(Letter, letter_id).status is Status.PUBLISHED
