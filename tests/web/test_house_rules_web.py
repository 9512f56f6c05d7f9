"""House-rule flags in the queue (badges, the filter) and the letter view (explained), and the
admin House rules page; letters delivered over real SMTP and processed by the real pipeline."""
from __future__ import annotations

import re

from sqlalchemy import select

from inbox.models import Letter
from tests.conftest import make_letter
from tests.pipeline.test_house_rules import wait_processed


def _subjects(html: str) -> list[str]:
    return re.findall(r'class="subject" href="[^"]+">([^<]+)</a>', html)


def _deliver_two(send, db, settings):
    send(make_letter(subject="Copied", body="Sir, a point.\n\nAnn Reader\nYork",
                     extra_headers="Cc: letters@thetimes.co.uk\r\n"))
    send(make_letter(subject="Exclusive", body="Sir, a point.\n\nBob Reader\nLeeds",
                     sender="Bob Reader <bob@example.org>"))
    wait_processed(db, settings)


def test_queue_shows_flag_badges_with_their_explanation_and_filters_by_flag(editor_client, send, db, settings):
    _deliver_two(send, db, settings)
    html = editor_client.get("/").get_data(as_text=True)
    assert sorted(_subjects(html)) == ["Copied", "Exclusive"]
    assert re.search(r'<span class="badge flag flag-not-exclusive" title="Also sent to '
                     r'letters@thetimes.co.uk">not-exclusive</span>', html)
    filtered = editor_client.get("/?flag=not-exclusive").get_data(as_text=True)
    assert _subjects(filtered) == ["Copied"]
    assert '<option value="not-exclusive" selected>' in filtered
    # An unknown flag is no filter at all.
    assert sorted(_subjects(editor_client.get("/?flag=bogus").get_data(as_text=True))) == ["Copied", "Exclusive"]


def test_letter_view_explains_each_flag_and_links_the_writers_last_letter(editor_client, send, db, settings):
    send(make_letter(subject="First", body="Sir, a point.\n\nAnn Reader\nYork"))
    wait_processed(db, settings)
    send(make_letter(subject="Second", body="Sir, another point.\n\nAnn Reader\nYork",
                     extra_headers="Cc: letters@thetimes.co.uk\r\n"))
    wait_processed(db, settings)
    with db.factory() as s:
        ids = {l.subject: l.id for l in s.scalars(select(Letter))}
    html = editor_client.get(f"/letters/{ids['Second']}").get_data(as_text=True)
    section = html[html.index('id="house-flags"'):]
    assert "Also sent to letters@thetimes.co.uk" in section
    assert re.search(r"2nd letter from this writer in 30 days: \d+ \w{3} · "
                     rf'<a href="/letters/{ids["First"]}">the last one</a>', section)
    assert 'data-flag="frequent-writer"' not in editor_client.get(f"/letters/{ids['First']}").get_data(as_text=True)


def test_house_rules_page_lists_each_rule_with_its_setting(admin_client, editor_client, settings):
    html = admin_client.get("/admin/house-rules").get_data(as_text=True)
    for code in ("over-word-limit", "frequent-writer", "no-full-name", "no-town", "not-exclusive",
                 "stale-article", "reply-to-mismatch", "campaign"):
        assert f'data-flag="{code}"' in html
    assert re.search(r"<code>INBOX_HOUSE_WORD_LIMIT</code></td><td>300<", html)
    assert re.search(r"<code>INBOX_WRITER_INTERVAL_DAYS</code></td><td>30<", html)
    assert re.search(r"<code>INBOX_ARTICLE_MAX_AGE_DAYS</code></td><td>14<", html)
    assert "letters@thetimes.co.uk" in html
    assert editor_client.get("/admin/house-rules").status_code == 403
