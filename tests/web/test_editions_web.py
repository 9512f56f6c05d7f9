"""The Editions page and planner over HTTP (the real app, CSRF on): create, add from the planner,
the queue's bulk action and the letter view, move, reorder (as the drag and drop posts it), lead,
headline, the budget and "also received" as shown, export, publish; stance and Balance."""
from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from inbox.models import Article, AuditEvent, Edition, EditionLetter, Letter, Status
from tests.web.conftest import csrf_token, store_letter


def _edition(client, title="Letters, Friday 5 December", budget="60"):
    token = csrf_token(client, "/editions")
    r = client.post("/editions", data={"csrf_token": token, "date": "2026-12-05", "title": title, "budget": budget})
    assert r.status_code == 302
    return int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _shortlisted(db, n, **kw):
    return [store_letter(db, subject=f"Letter {i}", text=f"Sir, this is letter {i}.", status=Status.SHORTLISTED,
                         author_email=f"w{i}@example.org", article_slug="blinken-beijing", **kw) for i in range(n)]


def _order(db, eid):
    with db.factory() as s:
        return list(s.scalars(select(EditionLetter.letter_id).where(EditionLetter.edition_id == eid)
                              .order_by(EditionLetter.position)))


def test_plan_an_edition_over_http(editor_client, db):
    ids = _shortlisted(db, 4)
    new = store_letter(db, subject="Not yet", article_slug="blinken-beijing")
    eid = _edition(editor_client)
    page = editor_client.get(f"/editions/{eid}").get_data(as_text=True)
    assert "Letter 0" in page and "Not yet" not in page        # only the shortlist is offered
    token = csrf_token(editor_client, f"/editions/{eid}")
    r = editor_client.post(f"/editions/{eid}/add", data={"csrf_token": token, "letter": [str(i) for i in ids[:3]]})
    assert r.status_code == 302 and _order(db, eid) == ids[:3]
    # the budget bar and "also received" as the page shows them
    page = editor_client.get(f"/editions/{eid}").get_data(as_text=True)
    assert re.search(r'id="budget-words">15<', page)           # 3 letters of 5 words
    with db.factory() as s:
        received = s.scalar(select(func.count()).select_from(Letter).join(Article).where(Article.slug == "blinken-beijing"))
    assert received == 5
    assert re.search(r'class="received">5</strong>.*class="printed">3</strong>', page, re.S)
    # move down by the keyboard's form, reorder as the drag and drop does (JSON)
    editor_client.post(f"/editions/{eid}/letters/{ids[0]}/move", data={"csrf_token": token, "direction": "down"})
    assert _order(db, eid) == [ids[1], ids[0], ids[2]]
    r = editor_client.post(f"/editions/{eid}/order", data={"csrf_token": token, "order": f"{ids[2]},{ids[1]},{ids[0]}"},
                           headers={"Accept": "application/json"})
    assert r.get_json() == {"ok": True, "words": 15, "budget": 60, "letters": [ids[2], ids[1], ids[0]]}
    r = editor_client.post(f"/editions/{eid}/order", data={"csrf_token": token, "order": f"{ids[2]}"},
                           headers={"Accept": "application/json"})
    assert r.status_code == 400 and not r.get_json()["ok"]
    # a new letter cannot be added
    editor_client.post(f"/editions/{eid}/add", data={"csrf_token": token, "letter": str(new)})
    assert new not in _order(db, eid)
    # lead and headline
    editor_client.post(f"/editions/{eid}/lead", data={"csrf_token": token, "letter": str(ids[0])})
    with db.factory() as s:
        art = s.scalar(select(Article.id).where(Article.slug == "blinken-beijing"))
    editor_client.post(f"/editions/{eid}/headline", data={"csrf_token": token, "article_key": str(art),
                                                          "headline": "What Beijing heard"})
    md = editor_client.post("/export", data={"csrf_token": token, "edition": str(eid),
                                             "format": "md"}).get_data(as_text=True)
    assert "## What Beijing heard" in md and md.index("letter 0") < md.index("letter 2") < md.index("letter 1")
    assert "received" not in md
    assert "also received" in editor_client.post("/export", data={
        "csrf_token": token, "edition": str(eid), "format": "md", "editor_note": "y"}).get_data(as_text=True)
    # publish
    editor_client.post(f"/editions/{eid}/publish", data={"csrf_token": token})
    with db.factory() as s:
        assert s.get(Edition, eid).status.value == "published"
        assert {s.get(Letter, i).status for i in ids[:3]} == {Status.PUBLISHED}
        assert s.get(Letter, ids[3]).status is Status.SHORTLISTED
    listing = editor_client.get("/editions").get_data(as_text=True)
    assert "Letters, Friday 5 December" in listing and "Published" in listing


def test_add_from_the_queue_and_the_letter_view(editor_client, db):
    ids = _shortlisted(db, 3)
    eid = _edition(editor_client)
    queue = editor_client.get("/?tab=shortlisted").get_data(as_text=True)
    assert 'id="bulk-add-edition"' in queue and "Add to edition" in queue
    token = csrf_token(editor_client, "/?tab=shortlisted")
    with db.factory() as s:
        versions = {i: s.get(Letter, i).version for i in ids}
    r = editor_client.post("/editions/add", data={"csrf_token": token, "edition": str(eid), "next": "/?tab=shortlisted",
                                                  "letter": [f"{i}:{versions[i]}" for i in ids[:2]]})
    assert r.status_code == 302 and r.headers["Location"].endswith("/?tab=shortlisted")
    assert _order(db, eid) == ids[:2]
    view = editor_client.get(f"/letters/{ids[2]}").get_data(as_text=True)
    assert 'id="letter-add-edition"' in view
    editor_client.post("/editions/add", data={"csrf_token": token, "edition": str(eid), "letter": str(ids[2])})
    assert _order(db, eid) == ids
    assert "Letters, Friday 5 December" in editor_client.get(f"/letters/{ids[2]}").get_data(as_text=True)
    # a second edition cannot take a letter that is on the first
    other = _edition(editor_client, title="Letters, Saturday")
    editor_client.post("/editions/add", data={"csrf_token": token, "edition": str(other), "letter": str(ids[0])})
    assert _order(db, other) == []
    with db.factory() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "edition-add")) == 3


def test_stance_from_the_letter_view_and_as_json_and_the_balance_page(editor_client, db):
    ids = _shortlisted(db, 3)
    token = csrf_token(editor_client, f"/letters/{ids[0]}")
    editor_client.post(f"/letters/{ids[0]}/stance", data={"csrf_token": token, "stance": "for"})
    r = editor_client.post(f"/letters/{ids[1]}/stance", data={"csrf_token": token, "stance": "against"},
                           headers={"Accept": "application/json"})
    assert r.get_json()["ok"] and r.get_json()["stance"] == "against"
    r = editor_client.post(f"/letters/{ids[1]}/stance", data={"csrf_token": token, "stance": "sideways"},
                           headers={"Accept": "application/json"})
    assert r.status_code == 400
    with db.factory() as s:
        assert [s.get(Letter, i).stance and s.get(Letter, i).stance.value for i in ids] == ["for", "against", None]
    editor_client.post("/balance/blinken-beijing/labels", data={"csrf_token": token, "for": "for engagement",
                                                                "against": "against engagement"})
    page = editor_client.get("/balance/blinken-beijing").get_data(as_text=True)
    assert re.search(r'data-stance="for"><th scope="row">for engagement</th><td class="received">1</td>'
                     r'<td class="shortlisted">1</td><td class="printed">0</td>', page)
    assert re.search(r'data-stance="none"><th scope="row">no stance</th><td class="received">1<', page)
    assert "<svg" in page and "<rect" in page and "<script" not in page.split("<main")[1]


def test_the_queues_export_control_offers_the_editions(editor_client, db):
    ids = _shortlisted(db, 2)
    eid = _edition(editor_client)
    token = csrf_token(editor_client, f"/editions/{eid}")
    editor_client.post(f"/editions/{eid}/add", data={"csrf_token": token, "letter": [str(ids[1])]})
    queue = editor_client.get("/?tab=shortlisted").get_data(as_text=True)
    assert f'<option value="{eid}">Letters, Friday 5 December' in queue
    r = editor_client.post("/export", data={"csrf_token": token, "format": "json", "status": "shortlisted",
                                            "edition": str(eid)})
    assert r.status_code == 200 and f"edition-{eid}" in r.headers["Content-Disposition"]
    assert [row["id"] for row in json.loads(r.get_data())] == [ids[1]]
    r = editor_client.post("/export", data={"csrf_token": token, "format": "json", "status": "shortlisted",
                                            "edition": str(eid), "mark_published": "y"})
    assert r.status_code == 400 and "Publish" in r.get_data(as_text=True)
    r = editor_client.post("/export", data={"csrf_token": token, "format": "json", "status": "shortlisted",
                                            "edition": ""})
    assert sorted(row["id"] for row in json.loads(r.get_data())) == ids     # without: the shortlist as before
