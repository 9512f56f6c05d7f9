"""Verification records and INBOX_REQUIRE_VERIFICATION over publishing and both export paths;
the header signals beside them. Letters arrive over real SMTP."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner
from sqlalchemy import select

from inbox.cli import main
from inbox.db import transaction
from inbox.desk import moderation, signals, verification
from inbox.desk.reading import letter_to_dict, list_letters
from inbox.models import AuditEvent, Letter, Status, User
from inbox.web import create_app
from tests.conftest import make_letter
from tests.pipeline.test_house_rules import wait_processed
from tests.web.conftest import EDITOR, csrf_token, sign_in
from tests.web.conftest import app, client, editor_client, users  # noqa: F401  (the web fixtures)


def _two_shortlisted(send, db, settings) -> dict[str, int]:
    send(make_letter(subject="Checked", sender="Ann Reader <ann@example.org>"))
    send(make_letter(subject="Unchecked", sender="Bob Writer <bob@example.org>",
                     body="Sir, another point.\n\nBob Writer\nLeeds"))
    wait_processed(db, settings)
    with transaction(db.factory) as s:
        ids = {l.subject: l.id for l in s.scalars(select(Letter))}
        for i in ids.values():
            moderation.shortlist(s, i, user="cli")
    return ids


def _env(settings, **extra) -> dict[str, str]:
    return {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or "", **extra}


def test_an_editor_records_a_verification_from_the_letter_view(editor_client, send, db, settings):
    ids = _two_shortlisted(send, db, settings)
    page = editor_client.get(f"/letters/{ids['Checked']}").get_data(as_text=True)
    assert 'id="unverified"' in page
    token = csrf_token(editor_client, f"/letters/{ids['Checked']}")
    r = editor_client.post(f"/letters/{ids['Checked']}/verification",
                           data={"csrf_token": token, "method": "phone", "note": "rang her at home"})
    assert r.status_code == 302
    page = editor_client.get(f"/letters/{ids['Checked']}").get_data(as_text=True)
    assert re.search(r'id="verified">.*by phone · editor@reaction.life', page, re.S)
    with db.factory() as s:
        record = {d["subject"]: d["verification"] for d in map(letter_to_dict, list_letters(s))}
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "verify")).one()
    assert record["Unchecked"] is None
    v = record["Checked"]
    assert (v["method"], v["by"], v["note"]) == ("phone", "editor@reaction.life", "rang her at home")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", v["at"])
    assert event.user_email == "editor@reaction.life" and event.after["method"] == "phone"
    r = editor_client.post(f"/letters/{ids['Checked']}/verification", data={"csrf_token": token, "method": "telepathy"})
    assert r.status_code == 302
    with db.factory() as s:
        assert s.get(Letter, ids["Checked"]).verification.method.value == "phone"


def _verify(db, letter_id):
    with transaction(db.factory) as s:
        editor = s.scalars(select(User)).first()
        verification.verify(s, s.get(Letter, letter_id), user=editor, method="email reply")


def test_publishing_refuses_unverified_letters_naming_them(send, db, settings, users):
    ids = _two_shortlisted(send, db, settings)
    _verify(db, ids["Checked"])
    with transaction(db.factory) as s:
        letters = list(s.scalars(select(Letter)))
        try:
            moderation.publish(s, letters, actor="cli", fmt="md", require_verification=True)
            raise AssertionError("published unverified letters")
        except verification.Unverified as e:
            assert e.letter_ids == [ids["Unchecked"]]
            assert f"letter {ids['Unchecked']} (Bob Writer)" in str(e)
    with transaction(db.factory) as s:     # without the setting it publishes as before
        assert moderation.publish(s, list(s.scalars(select(Letter))), actor="cli", fmt="md") == 2


def test_cli_export_refuses_unverified_letters_for_print_when_required(send, db, settings, users):
    ids = _two_shortlisted(send, db, settings)
    _verify(db, ids["Checked"])
    r = CliRunner().invoke(main, ["export", "--format", "md"], env=_env(settings, INBOX_REQUIRE_VERIFICATION="1"))
    assert r.exit_code != 0
    assert f"letter {ids['Unchecked']} (Bob Writer)" in r.output and "not verified" in r.output
    # The desk formats are how verification is done: they still export, but never publish.
    r = CliRunner().invoke(main, ["export", "--format", "json"], env=_env(settings, INBOX_REQUIRE_VERIFICATION="1"))
    assert r.exit_code == 0 and len(json.loads(r.output)) == 2
    r = CliRunner().invoke(main, ["export", "--format", "json", "--mark-published"],
                           env=_env(settings, INBOX_REQUIRE_VERIFICATION="1"))
    assert r.exit_code != 0
    with db.factory() as s:
        assert {l.status for l in s.scalars(select(Letter))} == {Status.SHORTLISTED}
    r = CliRunner().invoke(main, ["export", "--format", "md"], env=_env(settings))
    assert r.exit_code == 0 and "Bob Writer" in r.output


def test_web_export_refuses_unverified_letters_when_required(send, db, settings, users):
    ids = _two_shortlisted(send, db, settings)
    strict = create_app(settings.with_(require_verification=True), db=db, test_config={"TESTING": True})
    c = strict.test_client()
    assert sign_in(c, *EDITOR).status_code == 302
    token = csrf_token(c, "/?tab=shortlisted")
    r = c.post("/export", data={"csrf_token": token, "format": "md", "status": "shortlisted"})
    assert r.status_code == 409
    body = r.get_data(as_text=True)
    assert "not verified" in body and f"letter {ids['Unchecked']}" in body and f"letter {ids['Checked']}" in body
    r = c.post("/export", data={"csrf_token": token, "format": "csv", "status": "shortlisted",
                                "mark_published": "y"})
    assert r.status_code == 409
    _verify(db, ids["Checked"])
    _verify(db, ids["Unchecked"])
    r = c.post("/export", data={"csrf_token": token, "format": "md", "status": "shortlisted",
                                "mark_published": "y"})
    assert r.status_code == 200
    with db.factory() as s:
        assert {l.status for l in s.scalars(select(Letter))} == {Status.PUBLISHED}


def test_header_signals_trusted_authentication_free_mail_title_and_advocacy(send, db, settings):
    ours = "Authentication-Results: mx.reaction.life; spf=pass smtp.mailfrom=example.org; dkim=fail; dmarc=fail\r\n"
    forged = "Authentication-Results: evil.example; spf=pass; dkim=pass; dmarc=pass\r\n"
    send(make_letter(subject="Auth", extra_headers=forged + ours))
    send(make_letter(subject="Forged", sender="Bob <bob@example.org>", extra_headers=forged))
    send(make_letter(subject="Title", sender="Cllr Jo Bloggs <jo.bloggs@gmail.com>",
                     body="Sir, the bins.\n\nCllr Jo Bloggs\nYork"))
    send(make_letter(subject="Form", sender="Di Activist <di@example.org>",
                     extra_headers="X-Mailer: Action Network (actionnetwork.org)\r\n"))
    wait_processed(db, settings)
    trusted = ("mx.reaction.life",)
    with db.factory() as s:
        by = {l.subject: {g.name: g for g in signals.signals(l, trusted)} for l in s.scalars(select(Letter))}
        untrusted = signals.signals(s.scalars(select(Letter)).first(), ())
    auth = by["Auth"]["authentication"]
    assert auth.detail == "SPF pass, DKIM fail, DMARC fail (checked by mx.reaction.life)" and auth.good is False
    assert by["Forged"]["authentication"].detail == "No Authentication-Results from mx.reaction.life"
    assert by["Title"]["free-mail title"].detail == "Signs as \u201cCllr\u201d from a free-mail address (gmail.com)"
    assert "free-mail title" not in by["Auth"]
    assert by["Form"]["advocacy platform"].detail == "Sent through an advocacy platform (actionnetwork.org)"
    assert untrusted[0].good is None and "not set" in untrusted[0].detail


def test_signals_show_in_the_letter_view(send, db, settings, users):
    send(make_letter(subject="Auth", extra_headers="Authentication-Results: mx.reaction.life; spf=pass; "
                                                   "dkim=pass; dmarc=pass\r\n"))
    wait_processed(db, settings)
    app_ = create_app(settings.with_(trusted_authserv_ids=("mx.reaction.life",)), db=db,
                      test_config={"TESTING": True})
    c = app_.test_client()
    assert sign_in(c, *EDITOR).status_code == 302
    with db.factory() as s:
        letter_id = s.scalars(select(Letter.id)).one()
    page = c.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert ('<li class="signal good" data-signal="authentication">SPF pass, DKIM pass, DMARC pass '
            "(checked by mx.reaction.life)</li>") in page
