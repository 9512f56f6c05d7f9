"""Admin pages: accounts managed in the UI, and the whole audit log."""
from __future__ import annotations

from inbox.models import AuditEvent, Role, User

from .conftest import ADMIN, EDITOR, csrf_token, sign_in, store_letter


def test_admin_adds_an_account_that_can_sign_in(app, admin_client, db):
    token = csrf_token(admin_client, "/admin/users")
    r = admin_client.post("/admin/users", data={"csrf_token": token, "add-email": "New@Reaction.life",
                                                "add-name": "Nia New", "add-role": "editor",
                                                "add-password": "a fine long password"})
    assert r.status_code == 302
    assert sign_in(app.test_client(), "new@reaction.life", "a fine long password").status_code == 302
    with db.factory() as s:
        added = s.query(AuditEvent).filter_by(action="user-add", user_email="admin@reaction.life").one()
        assert added.after == {"email": "new@reaction.life", "role": "editor"}


def test_admin_add_refuses_short_password_and_duplicates(admin_client):
    token = csrf_token(admin_client, "/admin/users")
    r = admin_client.post("/admin/users", data={"csrf_token": token, "add-email": "x@reaction.life",
                                                "add-role": "editor", "add-password": "short"})
    assert r.status_code == 400
    r = admin_client.post("/admin/users", data={"csrf_token": token, "add-email": EDITOR[0],
                                                "add-role": "editor", "add-password": "long enough password"})
    assert r.status_code == 400 and "already an account" in r.get_data(as_text=True)


def test_change_role_and_deactivate_ends_their_session(app, admin_client, editor_client, users, db):
    uid = users["editor"]
    token = csrf_token(admin_client, "/admin/users")
    admin_client.post(f"/admin/users/{uid}", data={"csrf_token": token, f"u{uid}-role": "admin",
                                                   f"u{uid}-active": "y"})
    with db.factory() as s:
        assert s.get(User, uid).role is Role.ADMIN
    assert editor_client.get("/admin/users").status_code == 200      # promoted: now allowed
    admin_client.post(f"/admin/users/{uid}", data={"csrf_token": token, f"u{uid}-role": "editor"})
    with db.factory() as s:
        assert s.get(User, uid).active is False
    assert editor_client.get("/").status_code == 302                # deactivated: signed out
    assert sign_in(app.test_client(), *EDITOR).status_code == 401


def test_the_last_admin_cannot_be_demoted(admin_client, users, db):
    uid = users["admin"]
    token = csrf_token(admin_client, "/admin/users")
    admin_client.post(f"/admin/users/{uid}", data={"csrf_token": token, f"u{uid}-role": "editor",
                                                   f"u{uid}-active": "y"})
    with db.factory() as s:
        assert s.get(User, uid).role is Role.ADMIN


def test_reset_password_ends_their_sessions(app, admin_client, editor_client, users):
    uid = users["editor"]
    token = csrf_token(admin_client, "/admin/users")
    r = admin_client.post(f"/admin/users/{uid}/password", data={"csrf_token": token,
                                                                "reset-password": "reset by the admin 1"})
    assert r.status_code == 302
    assert editor_client.get("/").status_code == 302
    assert sign_in(app.test_client(), EDITOR[0], "reset by the admin 1").status_code == 302


def test_audit_log_is_paginated_and_escaped(admin_client, editor_client, db):
    letter_id = store_letter(db)
    token = csrf_token(editor_client)
    for i in range(55):
        editor_client.post(f"/letters/{letter_id}/notes",
                           data={"csrf_token": token, "note-body": f"note {i} <script>alert(1)</script>\r\nFAKE"})
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert html.count("<tr>") == 51 and "Older entries" in html       # header row + 50
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    older = html.split('href="/admin/audit?before=')[1].split('"')[0]
    html2 = admin_client.get(f"/admin/audit?before={older}").get_data(as_text=True)
    # 55 notes plus the two accounts the fixtures created (their "user-add" entries).
    assert html2.count("<tr>") == 8 and "Older entries" not in html2
