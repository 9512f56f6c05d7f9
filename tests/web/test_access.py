"""Access control over every route in the app: signed out, editor, admin."""
from __future__ import annotations

import pytest

from .conftest import ADMIN, EDITOR, csrf_token, sign_in, store_letter

PUBLIC = {"auth.signin", "static", "health.healthz", "reader.page", "reader.answer", "feeds.letters", "feeds.article"}
# Editors see the Articles page; only admins change articles.
ADMIN_ONLY = {"articles.add", "articles.edit", "articles.save", "articles.retire", "articles.restore"}


@pytest.fixture
def ids(db, users):
    letter = store_letter(db, attachments=[("a.txt", "text/plain", b"hello", False, None)])
    from inbox.models import Article, Attachment
    with db.factory() as s:
        attachment = s.query(Attachment).filter_by(letter_id=letter).one().id
        article = s.query(Article).filter_by(slug="blinken-beijing").one().id
    from inbox.db import transaction
    from inbox.desk.tokens import create_token
    with transaction(db.factory) as s:
        token = create_token(s, "cms", "read", actor="test")[0].id
    return {"letter_id": letter, "attachment_id": attachment, "user_id": users["editor"], "filename": "app.css",
            "article_id": article, "slug": "blinken-beijing", "token_id": token,
            "name": "acknowledgement", "token": "not-a-signed-link", "saved_id": 1, "reason_id": 1,
            "writer_id": 1, "campaign_id": 1,    # the desk at intake: none yet, so these answer 404
            "edition_id": _edition(db)}


def _edition(db) -> int:
    from datetime import date

    from inbox.db import transaction
    from inbox.desk import editions
    with transaction(db.factory) as s:
        return editions.create(s, day=date(2026, 12, 5), title="Letters", budget=100, actor="test").id


def _routes(app, ids):
    for rule in app.url_map.iter_rules():
        url = rule.build({a: ids[a] for a in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def _call(client, method, url, token=None):
    data = {"csrf_token": token} if token and method == "POST" else None
    return client.open(url, method=method, data=data)


def test_every_route_is_covered(app, ids):
    endpoints = {e for e, _, _ in _routes(app, ids)}
    assert {"queue.index", "letters.view", "admin.users", "admin.audit_log", "auth.signout"} <= endpoints


def test_signed_out_gets_only_sign_in_static_and_health(app, ids):
    client = app.test_client()
    for endpoint, method, url in _routes(app, ids):
        r = _call(client, method, url)
        if endpoint in PUBLIC:
            assert r.status_code in (200, 400), (endpoint, method, r.status_code)   # 400: sign-in POST without token
        else:
            assert r.status_code in (302, 401), (endpoint, method, r.status_code)
            if r.status_code == 302:
                assert r.headers["Location"].startswith("/signin"), (endpoint, method)


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_signed_in_roles(app, ids, role):
    client = app.test_client()
    sign_in(client, *(EDITOR if role == "editor" else ADMIN))
    token = csrf_token(client, "/")
    for endpoint, method, url in _routes(app, ids):
        if endpoint == "auth.signout":
            continue        # tested on its own: it would end this client's session
        r = _call(client, method, url, token)
        assert r.status_code < 500, (endpoint, method, r.status_code)
        location = r.headers.get("Location", "")
        assert not location.startswith("/signin"), (endpoint, method)
        if (endpoint.startswith("admin.") or endpoint in ADMIN_ONLY) and role == "editor":
            assert r.status_code == 403, (endpoint, method, r.status_code)
        else:
            assert r.status_code != 403, (endpoint, method)


def test_editor_cannot_add_users_even_with_a_valid_token(editor_client):
    token = csrf_token(editor_client, "/")
    r = editor_client.post("/admin/users", data={"csrf_token": token, "add-email": "x@y.org",
                                                  "add-password": "p" * 20, "add-role": "admin"})
    assert r.status_code == 403
