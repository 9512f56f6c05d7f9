"""The planner shows each letter's consent state in words, read for the whole edition in one
query (issue 18 on the planner of issue 17)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from sqlalchemy import event

from inbox.db import transaction
from inbox.desk import editions, moderation
from inbox.models import ConsentRequest, Status
from tests.web.conftest import app, client, editor_client, store_letter, users  # noqa: F401  (fixtures)

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def _planned(db, states: list[str | None]) -> tuple[int, list[int]]:
    ids = [store_letter(db, subject=f"Letter {i}", text=f"Sir, this is letter {i} and more.",
                        status=Status.SHORTLISTED, author_email=f"w{i}@example.org") for i in range(len(states))]
    with transaction(db.factory) as s:
        edition = editions.create(s, day=date(2026, 12, 5), title="Saturday", budget=400, actor="test")
        editions.add(s, edition.id, ids, actor="test")
        for i, (letter_id, state) in enumerate(zip(ids, states)):
            moderation.edit_publication(s, letter_id, user=None, version=None, headline=None,
                                        publication_text=f"Sir, letter {i}.", signoff_name="Ann", signoff_location="York")
            if state is None:
                continue
            if state == "approved-earlier":       # approved, then edited again
                s.add(ConsentRequest(letter_id=letter_id, state="approved", nonce=f"n{i}", version_text="older",
                                     sent_at=WHEN, answered_at=WHEN))
                continue
            s.add(ConsentRequest(letter_id=letter_id, state="superseded", nonce=f"old{i}", version_text="x", sent_at=WHEN))
            s.add(ConsentRequest(letter_id=letter_id, state=state, nonce=f"n{i}", version_text=f"Sir, letter {i}.",
                                 sent_at=WHEN, answered_at=None if state == "awaiting" else WHEN,
                                 suggestion="Keep 'loudly'." if state == "suggested" else None))
        edition_id = edition.id
    return edition_id, ids


def _badges(page: str) -> dict[int, str]:
    out = {}
    for letter_id, body in re.findall(r'<li id="entry-(\d+)"(.*?)</li>', page, re.S):
        badge = re.search(r'class="badge consent[^"]*">(.*?)</span>', body, re.S)
        out[int(letter_id)] = " ".join(badge.group(1).split()) if badge else ""
    return out


def test_the_planner_shows_consent_in_words_with_one_query(editor_client, db, settings):  # noqa: F811
    states = ["awaiting", "approved", "suggested", "withdrawn", "approved-earlier", None]
    edition_id, ids = _planned(db, states)
    statements = []
    listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = editor_client.get(f"/editions/{edition_id}").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert _badges(page) == {
        ids[0]: "consent: awaiting since 30 Nov", ids[1]: "consent: approved",
        ids[2]: "consent: change suggested", ids[3]: "consent: withdrawn",
        ids[4]: "consent: approved (an earlier version)", ids[5]: ""}
    assert sum("consent_requests" in s for s in statements) == 1      # not one per letter


def test_an_edited_letter_never_asked_is_flagged_when_consent_is_required(app, editor_client, db, settings):  # noqa: F811
    edition_id, ids = _planned(db, [None])
    app.config["INBOX_SETTINGS"] = settings.with_(require_consent=True)
    page = editor_client.get(f"/editions/{edition_id}").get_data(as_text=True)
    assert _badges(page) == {ids[0]: "consent: edited, not asked"}
