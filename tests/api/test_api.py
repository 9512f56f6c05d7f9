"""The CMS API with a real HTTP client: bearer tokens and scopes, articles in, published letters
out (never contact data), the write-back, the audit of every use, and no cookie authentication."""
from __future__ import annotations

from sqlalchemy import select

from inbox.desk.articles import article_by_slug
from inbox.models import ApiToken, AuditEvent, Letter, Status
from tests.api.conftest import bearer
from tests.web.conftest import ADMIN, sign_in


def test_no_token_a_bad_one_or_a_revoked_one_is_401(server, http, secrets):
    for headers in ({}, bearer("rli_nonsense"), bearer(secrets["revoked"]), {"Authorization": secrets["read"]},
                    {"Authorization": f"Basic {secrets['read']}"}):
        r = http.get(f"{server}/api/v1/articles", headers=headers)
        assert r.status_code == 401 and r.json()["code"] == 401
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert http.get(f"{server}/api/v1/openapi.json").status_code == 401


def test_a_read_token_reads_and_cannot_write(server, http, secrets, session):
    r = http.get(f"{server}/api/v1/articles", headers=bearer(secrets["read"]))
    assert r.status_code == 200
    assert r.json()[0] == {"slug": "blinken-beijing", "title": "Blinken in Beijing: competition without conflict",
                           "url": "https://reaction.life/blinken-in-beijing/", "published_at": "2023-06-19",
                           "letters": 0, "retired": False}
    r = http.post(f"{server}/api/v1/articles", headers=bearer(secrets["read"]),
                  json={"url": "https://reaction.life/x/", "title": "X"})
    assert r.status_code == 403
    assert article_by_slug(session, "x") is None
    actions = [(e.user_email, e.action) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert ("token:cms-read", "api-use") in actions and ("token:cms-read", "api-refused") in actions
    assert session.scalar(select(ApiToken).where(ApiToken.name == "cms-read")).last_used_at is not None


def test_the_cms_pushes_an_article_then_updates_it_by_url(server, http, secrets, session):
    body = {"url": "https://reaction.life/defence-review/", "title": "The defence review", "published_at": "2026-11-30",
            "summary": "Two and a half per cent.", "body": "The review's text.", "short_url": "https://reaction.life/?p=77"}
    r = http.post(f"{server}/api/v1/articles", headers=bearer(secrets["write"]), json=body)
    assert r.status_code == 201 and r.json()["slug"] == "the-defence-review"
    r = http.post(f"{server}/api/v1/articles", headers=bearer(secrets["write"]),
                  json={"url": "http://www.reaction.life/defence-review?utm_source=cms", "title": "The defence review, revised"})
    assert r.status_code == 200 and r.json()["title"] == "The defence review, revised"
    article = article_by_slug(session, "the-defence-review")
    assert (article.source, article.short_key, article.summary) == ("api", "reaction.life/?p=77", "Two and a half per cent.")
    bad = http.post(f"{server}/api/v1/articles", headers=bearer(secrets["write"]), json={"url": "javascript:alert(1)", "title": "X"})
    assert bad.status_code == 422
    clash = http.post(f"{server}/api/v1/articles", headers=bearer(secrets["write"]),
                      json={"url": "https://reaction.life/other/", "title": "Other", "slug": "blinken-beijing"})
    assert clash.status_code == 409


def test_published_letters_carry_the_publication_version_and_no_contact_data(server, http, secrets, published):
    r = http.get(f"{server}/api/v1/letters", headers=bearer(secrets["read"]))
    assert r.status_code == 200
    letters = r.json()
    assert [l["id"] for l in letters] == [published["published"]]
    letter = letters[0]
    assert letter["headline"] == "The Strait matters" and letter["signoff_name"] == "Ann Reader"
    assert letter["signoff_town"] == "York" and letter["article"] == "blinken-beijing"
    assert letter["text"] == "Sir, the Strait matters ((email address removed))."
    assert "example.org" not in r.text and "author_email" not in letter
    assert http.get(f"{server}/api/v1/letters?article=unassigned", headers=bearer(secrets["read"])).json() == []
    assert http.get(f"{server}/api/v1/letters?since=2026-11-21", headers=bearer(secrets["read"])).json() == []
    assert len(http.get(f"{server}/api/v1/letters?since=2026-11-20&article=blinken-beijing",
                        headers=bearer(secrets["read"])).json()) == 1
    assert http.get(f"{server}/api/v1/letters?since=yesterday", headers=bearer(secrets["read"])).status_code == 422


def test_the_cms_marks_a_letter_published_where_it_appeared(server, http, secrets, published, session):
    url = f"{server}/api/v1/letters/{published['shortlisted']}/published"
    assert http.post(url, headers=bearer(secrets["read"]), json={"url": "https://reaction.life/letters-1/"}).status_code == 403
    r = http.post(url, headers=bearer(secrets["write"]), json={"url": "https://reaction.life/letters-1/"})
    assert r.status_code == 200 and r.json()["published_url"] == "https://reaction.life/letters-1/"
    letter = session.get(Letter, published["shortlisted"])
    assert letter.status is Status.PUBLISHED and letter.published_url == "https://reaction.life/letters-1/"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "api-published"))
    assert event.user_email == "token:cms-write" and event.letter_id == letter.id
    new = http.post(f"{server}/api/v1/letters/{published['new']}/published", headers=bearer(secrets["write"]),
                    json={"url": "https://reaction.life/letters-1/"})
    assert new.status_code == 409
    assert http.post(f"{server}/api/v1/letters/999999/published", headers=bearer(secrets["write"]),
                     json={"url": "https://reaction.life/x/"}).status_code == 404


def test_the_session_cookie_is_never_authentication_and_no_csrf_token_is_needed(app, users, secrets):
    client = app.test_client()
    assert sign_in(client, *ADMIN).status_code == 302
    assert client.get("/api/v1/articles").status_code == 401          # signed in, but no bearer token
    assert client.post("/api/v1/articles", json={"url": "https://reaction.life/y/", "title": "Y"}).status_code == 401
    r = client.post("/api/v1/articles", json={"url": "https://reaction.life/y/", "title": "Y"}, headers=bearer(secrets["write"]))
    assert r.status_code == 201                                         # no CSRF token: bearer only
