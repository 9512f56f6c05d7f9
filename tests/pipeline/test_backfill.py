"""The sanitised HTML is made once, by the pipeline; the frame only reads it (issue 13).

Letters stored before migration 0005 have none: the frame shows their text with a notice until
the worker's backfill reaches them, and the round that runs in the worker does it batch by batch.
"""
from __future__ import annotations

from sqlalchemy import select, update

from inbox.db import transaction
from inbox.models import Letter
from inbox.pipeline.backfill import Backfill, backfill_batch, process_then_backfill
from tests.web.conftest import EDITOR, app, client, editor_client, store_letter, users  # noqa: F401

HOSTILE = "<p>Sir, deep.</p>" + "<div></span>" * 2000


def frame(c, letter_id: int) -> str:
    r = c.get(f"/letters/{letter_id}/original.html")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_the_frame_serves_what_the_pipeline_stored_and_never_sanitises(editor_client, db):
    letter_id = store_letter(db, html="<p>Sir, <b>bold</b><script>alert(1)</script></p>")
    assert "<b>bold</b>" in frame(editor_client, letter_id) and "script" not in frame(editor_client, letter_id)
    # Whatever the column holds is what the frame shows: it does not sanitise the HTML again.
    with transaction(db.factory) as s:
        s.execute(update(Letter).where(Letter.id == letter_id).values(html_sanitised="<p>stored once</p>"))
    assert "<p>stored once</p>" in frame(editor_client, letter_id)


def test_letters_from_before_the_migration_show_text_until_the_backfill(editor_client, db, settings):
    plain = store_letter(db, html="<p>Sir, <i>old</i> letter.</p>", text="Sir, old letter.", sanitise=False)
    deep = store_letter(db, html=HOSTILE, text="Sir, deep.", sanitise=False)
    no_html = store_letter(db, sanitise=False)
    page = frame(editor_client, plain)
    assert "has not reached it yet" in page and "Sir, old letter." in page and "<i>" not in page

    assert backfill_batch(db.factory, size=1) == 1             # in batches, oldest first
    assert "<i>old</i>" in frame(editor_client, plain)
    assert "has not reached it yet" in frame(editor_client, deep)

    backfill = Backfill(db.factory, settings)
    process_then_backfill(db.factory, settings, backfill)      # the worker's round: to the end
    assert backfill.finished and backfill() == 0
    page = frame(editor_client, deep)
    assert "too complex to show safely" in page and "Sir, deep." in page
    with db.factory() as s:
        flags = dict(s.execute(select(Letter.id, Letter.flags)).all())
        pending = s.scalars(select(Letter.id).where(Letter.html.is_not(None), Letter.html_sanitised.is_(None))).all()
    assert flags[deep] == ["html-too-complex"] and flags[plain] == [] and pending == []
    assert flags[no_html] == []
