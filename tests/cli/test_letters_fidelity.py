"""Issue #12 end to end: a stored message through the pipeline to ``inbox letters`` JSON, and to
every publication export. Hand-written messages; the real store, pipeline and CLI."""
from __future__ import annotations

import io
import json

import docx
import pytest
from click.testing import CliRunner

from inbox.cli import main
from inbox.export import export_letters
from inbox.intake.store import IncomingMessage, MessageStore
from inbox.models import Letter, Status
from inbox.pipeline.batch import process_pending
from tests.conftest import make_letter
from tests.export_support import article

COLONEL = ("Sir,\n\nIn your article you wrote:\n\n> The Close is a museum.\n\nIt is a home.\n\n"
           "Yours faithfully,\nColonel Hugh Fanshawe (retd)\n12 The Close\nSalisbury\n"
           "Wiltshire SP1 2EF\nTel: 01722 123456")


def store(db, raw: bytes, to: str = "letters@reaction.life") -> None:
    message_store = MessageStore(db.engine)
    try:
        message_store.write([message_store.prepare(IncomingMessage(
            raw=raw, mail_from="reader@example.org", rcpt_tos=(to,)))])
    finally:
        message_store.close()


def letters_json(settings, *args) -> list[dict]:
    env = {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}
    result = CliRunner().invoke(main, ["letters", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_inbox_letters_shows_removed_parts_and_the_private_contact(settings, db):
    store(db, make_letter(body=COLONEL, sender="Hugh Fanshawe <hf@example.org>"))
    (letter,) = letters_json(settings)
    assert letter["text"] == "Sir,\n\nIn your article you wrote:\n\n> The Close is a museum.\n\nIt is a home."
    assert letter["author_name"] == "Colonel Hugh Fanshawe (retd)"
    assert letter["author_location"] == "Salisbury, Wiltshire"
    assert letter["author_contact"] == {"address": "12 The Close, Salisbury, Wiltshire SP1 2EF",
                                        "phone": "01722 123456"}
    assert letter["removed"] == [
        {"kind": "sign-off", "text": "Yours faithfully,\nColonel Hugh Fanshawe (retd)"},
        {"kind": "contact", "text": "12 The Close\nSalisbury\nWiltshire SP1 2EF\nTel: 01722 123456"}]
    assert letter["needs_review"] is False


def test_a_letter_the_parser_is_unsure_of_needs_review_and_says_why(settings, db):
    store(db, make_letter(body="> The railways are finished.\n\nThey are not."))
    (letter,) = letters_json(settings)
    assert letter["needs_review"] is True
    assert any(flag.startswith("review: quoted lines at the top") for flag in letter["flags"])


def test_list_mail_is_automated_and_never_linked(settings, db, session):
    article(session, "blinken-beijing", "Blinken in Beijing")
    session.commit()
    newsletter = make_letter(subject="Blinken in Beijing", body="THE WEEKLY DIGEST\n\nBlinken in Beijing.",
                             sender="Digest <news@digest.example.com>",
                             extra_headers="Precedence: bulk\r\nList-Id: <digest.example.com>\r\n"
                                           "List-Unsubscribe: <https://digest.example.com/u>\r\n")
    store(db, newsletter, to="letters+blinken-beijing@reaction.life")
    (letter,) = letters_json(settings, "--kind", "automated")
    assert (letter["kind"], letter["automated_reason"], letter["article"]) == ("automated", "list-mail", None)


def test_a_personal_letter_with_bulk_precedence_stays_a_linked_letter(settings, db, session):
    article(session, "blinken-beijing", "Blinken in Beijing")
    session.commit()
    store(db, make_letter(extra_headers="Precedence: bulk\r\n"), to="letters+blinken-beijing@reaction.life")
    (letter,) = letters_json(settings)
    assert (letter["kind"], letter["article"]) == ("letter", "blinken-beijing")


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
def test_publication_exports_never_carry_the_contact_and_render_the_quotation(settings, db, session, fmt):
    store(db, make_letter(body=COLONEL, sender="Hugh Fanshawe <hf@example.org>"))
    process_pending(db.factory, settings)
    letter = session.query(Letter).one()
    letter.status = Status.SHORTLISTED
    session.commit()
    data = export_letters([letter], fmt)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs) if fmt == "docx" \
        else data.decode("utf-8")
    for private in ("12 The Close", "SP1 2EF", "01722", "Tel"):
        assert private not in text
    assert "Colonel Hugh Fanshawe (retd)" in text and "Yours faithfully" not in text
    quoted = {"md": "> The Close is a museum.", "txt": "    The Close is a museum.",
              "html": "<blockquote><p>The Close is a museum.</p></blockquote>",
              "docx": "The Close is a museum."}[fmt]
    assert quoted in text
    if fmt == "docx":
        styles = {p.text: p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs}
        assert styles["The Close is a museum."] == "Quote"


def _as_before_0004(db, settings) -> tuple[int, int]:
    """Two letters as migration 0004 left them: the text unparsed into parts, nothing removed,
    no contact; the second shortlisted with no edited publication version."""
    for _ in range(2):
        store(db, make_letter(body=COLONEL, sender="Hugh Fanshawe <hf@example.org>"))
    process_pending(db.factory, settings)
    with db.factory() as s:
        ids = [l.id for l in s.query(Letter).order_by(Letter.id)]
    with db.factory() as s:
        for letter in s.query(Letter):
            letter.text, letter.removed, letter.author_contact = COLONEL, [], None
            letter.author_location = None
            letter.author_name = "Hugh Fanshawe"
        s.get(Letter, ids[1]).status = Status.SHORTLISTED
        s.commit()
    return ids[0], ids[1]


def test_letters_stored_before_0004_are_reparsed_audited_and_a_publication_version_kept(settings, db):
    from inbox.models import AuditEvent
    first, shortlisted = _as_before_0004(db, settings)
    dry = reparse_json(settings, "--dry-run")
    assert dry["changed"] == [first, shortlisted]
    with db.factory() as s:
        assert s.get(Letter, first).removed == []                   # a dry run writes nothing
    done = reparse_json(settings)
    assert done["changed"] == [first, shortlisted] and done["publication_version_kept"] == [shortlisted]
    with db.factory() as s:
        for letter_id in (first, shortlisted):
            letter = s.get(Letter, letter_id)
            assert letter.text.endswith("It is a home.") and letter.author_location == "Salisbury, Wiltshire"
            assert [p["kind"] for p in letter.removed] == ["sign-off", "contact"]
            assert letter.author_contact["phone"] == "01722 123456"
            event = s.query(AuditEvent).filter_by(letter_id=letter_id, action="reparse").one()
            assert event.before["text"] == COLONEL and event.user_email == "cli"
        kept = s.get(Letter, shortlisted)
        assert kept.publication_text == COLONEL and kept.signoff_name == "Hugh Fanshawe"
    assert reparse_json(settings)["changed"] == []                 # nothing left to do


def reparse_json(settings, *args) -> dict:
    env = {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}
    result = CliRunner().invoke(main, ["letters", "reparse", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
