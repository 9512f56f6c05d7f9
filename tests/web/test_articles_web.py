"""The Articles page: editors see it; admins add, edit, retire and restore (CSRF on)."""
from __future__ import annotations

from sqlalchemy import select

from inbox.desk.articles import article_by_slug
from inbox.models import AuditEvent
from tests.web.conftest import csrf_token, store_letter


def test_editors_see_the_list_with_letter_counts_but_cannot_change_it(editor_client, db):
    store_letter(db, article_slug="blinken-beijing")
    page = editor_client.get("/articles")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Blinken in Beijing" in html and ">1</a>" in html
    assert "Add an article" not in html
    token = csrf_token(editor_client, "/articles")
    refused = editor_client.post("/articles", data={"csrf_token": token, "add-title": "X", "add-url": "https://reaction.life/x/"})
    assert refused.status_code == 403


def test_admins_add_edit_and_retire(admin_client, session):
    token = csrf_token(admin_client, "/articles")
    added = admin_client.post("/articles", data={"csrf_token": token, "add-title": "Defence <b>spending</b>",
                                                 "add-url": "https://reaction.life/defence/", "add-published": "2026-11-02"})
    assert added.status_code == 302
    article = article_by_slug(session, "defence-b-spending-b") or article_by_slug(session, "defence-spending")
    assert article is not None and article.source == "editor"
    page = admin_client.get("/articles").get_data(as_text=True)
    assert "Defence &lt;b&gt;spending&lt;/b&gt;" in page        # escaped, never markup

    edited = admin_client.post(f"/articles/{article.id}", data={
        "csrf_token": token, "edit-title": "Defence spending", "edit-url": "https://reaction.life/defence-2/",
        "edit-slug": "defence", "edit-published": "2026-11-03", "edit-body": "Two per cent."})
    assert edited.status_code == 302
    session.rollback()
    article = article_by_slug(session, "defence")
    assert (article.title, article.url_key, article.body) == ("Defence spending", "reaction.life/defence-2", "Two per cent.")

    clash = admin_client.post(f"/articles/{article.id}", data={
        "csrf_token": token, "edit-title": "Defence", "edit-url": "https://reaction.life/defence-2/", "edit-slug": "blinken-beijing"})
    assert clash.status_code == 400 and "taken" in clash.get_data(as_text=True)

    assert admin_client.post(f"/articles/{article.id}/retire", data={"csrf_token": token}).status_code == 302
    session.rollback()
    assert article_by_slug(session, "defence").retired
    assert "(retired)" in admin_client.get("/articles").get_data(as_text=True)
    admin_client.post(f"/articles/{article.id}/restore", data={"csrf_token": token})
    session.rollback()
    assert not article_by_slug(session, "defence").retired
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"article.create", "article.update", "article.retire", "article.restore"} <= actions


def test_a_post_without_the_csrf_token_is_refused(admin_client, session):
    blinken = article_by_slug(session, "blinken-beijing")
    assert admin_client.post(f"/articles/{blinken.id}/retire").status_code == 400
    session.rollback()
    assert not article_by_slug(session, "blinken-beijing").retired
