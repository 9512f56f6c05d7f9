"""Writers recognised across letters and their standing rules: hold, block (audited,
restorable), the Writers page, the letter view's card and ``inbox writers list``. Letters arrive
over real SMTP and are processed by the real pipeline."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner
from sqlalchemy import select, update

from inbox.cli import main
from inbox.db import transaction
from inbox.desk import moderation, writers
from inbox.models import AuditEvent, Letter, Standing, Status, Writer
from tests.conftest import make_letter
from tests.pipeline.test_house_rules import wait_processed
from tests.web.conftest import csrf_token
from tests.web.conftest import app, client, editor_client, users  # noqa: F401  (the web fixtures)

ANN = "Ann Reader <ann@example.org>"


def _letters(db) -> dict[str, Letter]:
    with db.factory() as s:
        return {l.subject: l for l in s.scalars(select(Letter))}


def _writer(db, email="ann@example.org") -> Writer:
    with db.factory() as s:
        return s.scalars(select(Writer).where(Writer.email == email)).one()


def test_one_writer_by_address_whatever_its_case_or_plus_tag(send, db, settings):
    send(make_letter(subject="One", sender=ANN))
    send(make_letter(subject="Two", sender="A. Reader <ANN+letters@Example.org>"))
    send(make_letter(subject="Other", sender="Bob <bob@example.org>"))
    wait_processed(db, settings)
    letters = _letters(db)
    assert letters["One"].writer_id == letters["Two"].writer_id != letters["Other"].writer_id
    assert _writer(db).name == "Ann Reader"


def test_a_held_writers_letters_need_review(send, db, settings, users):
    send(make_letter(subject="Before", sender=ANN))
    wait_processed(db, settings)
    with transaction(db.factory) as s:
        writers.set_standing(s, _writer(db).id, "hold", user="cli", note="check every letter")
    send(make_letter(subject="After", sender=ANN))
    wait_processed(db, settings)
    letters = _letters(db)
    assert letters["After"].needs_review and letters["After"].status is Status.NEW
    assert not letters["Before"].needs_review


def test_a_blocked_writer_goes_straight_to_rejected_audited_and_restorable(send, db, settings, users):
    send(make_letter(subject="Earlier", sender=ANN))
    send(make_letter(subject="Someone else", sender="Bob <bob@example.org>"))
    wait_processed(db, settings)
    with transaction(db.factory) as s:
        writers.set_standing(s, _writer(db).id, "block", user="cli", note="hoaxer")
    letters = _letters(db)
    # Blocking rejects what is waiting in New, with the reason, audited.
    assert letters["Earlier"].status is Status.REJECTED and letters["Earlier"].reject_reason == "blocked writer"
    assert letters["Someone else"].status is Status.NEW
    send(make_letter(subject="Later", sender=ANN))
    wait_processed(db, settings)
    later = _letters(db)["Later"]
    assert later.status is Status.REJECTED and later.reject_reason == "blocked writer"
    with db.factory() as s:
        events = {(e.letter_id, e.action, e.user_email) for e in s.scalars(select(AuditEvent))}
        standing = s.scalars(select(AuditEvent).where(AuditEvent.action == "writer-standing")).one()
    assert (later.id, "reject", "intake") in events and (letters["Earlier"].id, "reject", "cli") in events
    assert standing.after == {"writer": "ann@example.org", "standing": "block", "note": "hoaxer"}
    with transaction(db.factory) as s:   # restorable like any rejection
        moderation.restore(s, later.id, user="cli")
    assert _letters(db)["Later"].status is Status.NEW


def test_writers_page_lists_letters_published_count_and_date(send, db, settings, editor_client):
    send(make_letter(subject="Printed", sender=ANN))
    send(make_letter(subject="Waiting", sender=ANN))
    wait_processed(db, settings)
    with transaction(db.factory) as s:
        printed = s.scalars(select(Letter).where(Letter.subject == "Printed")).one()
        moderation.publish(s, [printed], actor="cli", fmt="md")
    html = editor_client.get("/writers/").get_data(as_text=True)
    row = re.search(r'<tr data-writer="\d+">.*?</tr>', html, re.S).group(0)
    assert "ann@example.org" in row
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[2:4] == ["2", "1"] and re.fullmatch(r"\d\d \w{3} \d{4}", cells[4])
    page = editor_client.get(f"/writers/{_writer(db).id}").get_data(as_text=True)
    assert "Printed" in page and "Waiting" in page


def test_standing_is_set_from_the_letter_view(send, db, settings, editor_client):
    send(make_letter(subject="Mine", sender=ANN))
    wait_processed(db, settings)
    letter = _letters(db)["Mine"]
    html = editor_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert 'id="writer"' in html and "1 letter, 0 published; never published" in html
    token = csrf_token(editor_client, f"/letters/{letter.id}")
    r = editor_client.post(f"/writers/{letter.writer_id}/standing",
                           data={"csrf_token": token, "standing": "trusted", "note": "long-time reader",
                                 "next": f"/letters/{letter.id}"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/letters/{letter.id}")
    assert _writer(db).standing is Standing.TRUSTED and _writer(db).note == "long-time reader"
    html = editor_client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert '<span class="badge warn" id="writer-standing">trusted</span>' in html
    r = editor_client.post(f"/writers/{letter.writer_id}/standing", data={"standing": "block"})
    assert r.status_code == 400        # no CSRF token: refused
    assert _writer(db).standing is Standing.TRUSTED


def test_cli_writers_list_prints_json(send, db, settings):
    send(make_letter(subject="Mine", sender=ANN))
    wait_processed(db, settings)
    env = {"INBOX_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    r = CliRunner().invoke(main, ["writers", "list"], env=env)
    assert r.exit_code == 0, r.output
    [row] = json.loads(r.output)
    assert row == {"id": row["id"], "email": "ann@example.org", "name": "Ann Reader", "standing": "none",
                   "note": None, "letters": 1, "published": 0, "last_published": None}
    r = CliRunner().invoke(main, ["writers", "list", "--standing", "block"], env=env)
    assert json.loads(r.output) == []
