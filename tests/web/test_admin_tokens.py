"""The API tokens admin page: the secret shown once, revoking, editors refused."""
from __future__ import annotations

import re

from inbox.desk.tokens import token_for
from tests.web.conftest import csrf_token


def test_admins_make_and_revoke_a_token_and_see_the_secret_once(admin_client, session):
    token = csrf_token(admin_client, "/admin/tokens")
    made = admin_client.post("/admin/tokens", data={"csrf_token": token, "tok-name": "cms", "tok-scope": "read"})
    html = made.get_data(as_text=True)
    secret = re.search(r'<code class="secret">(rli_[^<]+)</code>', html).group(1)
    assert token_for(session, secret).scope == "read"
    page = admin_client.get("/admin/tokens").get_data(as_text=True)
    assert "cms" in page and secret not in page                  # never shown again
    token_id = re.search(r'/admin/tokens/(\d+)/revoke', page).group(1)
    assert admin_client.post(f"/admin/tokens/{token_id}/revoke", data={"csrf_token": token}).status_code == 302
    session.rollback()
    assert token_for(session, secret) is None


def test_editors_cannot_see_or_make_tokens(editor_client):
    assert editor_client.get("/admin/tokens").status_code == 403
    token = csrf_token(editor_client, "/")
    assert editor_client.post("/admin/tokens", data={"csrf_token": token, "tok-name": "x", "tok-scope": "write"}).status_code == 403
