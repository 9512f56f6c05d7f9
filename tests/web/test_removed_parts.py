"""Issue #12 in the letter view: the parts the parser removed, each labelled, one click to put
one back into the publication text (audited); the reader's quotation as a block quote; the
private contact shown to editors."""
from __future__ import annotations

from inbox.db import transaction
from inbox.models import AuditEvent, Letter

from .conftest import csrf_token, store_letter

REMOVED = [{"kind": "sign-off", "text": "Yours faithfully,\nAnn Reader"},
           {"kind": "contact", "text": "12 High Street\nYork YO1 7HH"},
           {"kind": "quote", "text": "On Mon, Bob wrote:\n> the old mail"}]


def _letter(db) -> int:
    letter_id = store_letter(db, text="Sir,\n\n> Trains are late.\n\nThey are.")
    with transaction(db.factory) as s:
        letter = s.get(Letter, letter_id)
        letter.removed = REMOVED
        letter.author_contact = {"address": "12 High Street, York YO1 7HH", "phone": None}
    return letter_id


def _shortlist(client, db, letter_id) -> int:
    """Shortlist the letter; the version the editor now sees."""
    with db.factory() as s:
        version = s.get(Letter, letter_id).version
    assert _post(client, f"/letters/{letter_id}/shortlist", {"version": version}).status_code == 302
    return version + 1


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


def test_the_letter_view_lists_each_removed_part_labelled_and_the_contact(editor_client, db):
    letter_id = _letter(db)
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Removed by the parser" in html
    for part in REMOVED:
        assert f'data-kind="{part["kind"]}"' in html
    assert "&gt; the old mail" in html                       # escaped, never markup
    assert "<blockquote>&gt;" not in html and "<blockquote>Trains are late.</blockquote>" in html
    assert "12 High Street, York YO1 7HH" in html and "never printed" in html
    assert "Put back into the publication text" not in html   # a new letter has no publication text


def test_putting_a_part_back_adds_it_to_the_publication_text_and_is_audited(editor_client, db):
    letter_id = _letter(db)
    version = _shortlist(editor_client, db, letter_id)
    assert "Put back into the publication text" in editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    r = _post(editor_client, f"/letters/{letter_id}/put-back", {"version": version, "part": 0})
    assert r.status_code == 302
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.publication_text == "Sir,\n\n> Trains are late.\n\nThey are.\n\nYours faithfully,\nAnn Reader"
        assert letter.text == "Sir,\n\n> Trains are late.\n\nThey are."          # the parsed text stays
        event = s.query(AuditEvent).filter_by(letter_id=letter_id, action="put-back").one()
        assert event.after["kind"] == "sign-off" and event.before["publication_text"] == letter.text


def test_putting_back_with_a_stale_version_is_a_conflict(editor_client, db):
    letter_id = _letter(db)
    version = _shortlist(editor_client, db, letter_id)
    assert _post(editor_client, f"/letters/{letter_id}/put-back",
                 {"version": version - 1, "part": 0}).status_code == 409


def test_putting_back_a_part_that_does_not_exist_is_refused(editor_client, db):
    letter_id = _letter(db)
    version = _shortlist(editor_client, db, letter_id)
    for part in (9, "x"):
        assert _post(editor_client, f"/letters/{letter_id}/put-back",
                     {"version": version, "part": part}).status_code == 400


def test_the_original_marks_each_removed_part_where_it_stood(editor_client, db):
    letter_id = store_letter(db, text="Sir,\n\nThey are.")
    full = ("Sir,\n\nThey are.\n\nYours faithfully,\nAnn Reader\n\n12 High Street\nYork YO1 7HH\n\n"
            "On Mon, Bob wrote:\n> the old mail")
    with transaction(db.factory) as s:
        letter = s.get(Letter, letter_id)
        letter.full_text = full
        letter.removed = REMOVED
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    original = html[html.index('<pre class="original-text"'):]
    original = original[:original.index("</pre>")]
    assert original.index('data-kind="sign-off"') < original.index('data-kind="contact"') \
        < original.index('data-kind="quote"')
    assert '<mark class="removed-mark" data-kind="contact"><span class="removed-label">contact</span>' \
           '12 High Street\nYork YO1 7HH</mark>' in original
    assert "They are." in original.split("<mark")[0]


def test_original_segments_leave_unfound_parts_unmarked():
    from inbox.desk.reading import original_segments
    pieces = original_segments("Sir,\n\nText.\n\nAnn", [{"kind": "quote", "text": "not there"},
                                                        {"kind": "sign-off", "text": "Ann"}])
    assert pieces == [("Sir,\n\nText.\n\n", None), ("Ann", "sign-off")]


INTERLEAVED = ("Sir,\n\nOn Mon, 26 Jun 2023 at 08:00, Reaction <newsletter@reaction.life> wrote:\n"
               "> Blinken said he was clear-eyed.\n\nClear-eyed is what they all say.\n\n"
               "> The visit was a thaw.\n\nIt was a pause.\n\nYours faithfully,\nAnn Reader\n"
               "12 High Street\nYork YO1 7HH")


def test_a_part_put_back_goes_where_it_stood_between_the_paragraphs(editor_client, send, db, settings):
    """Over real SMTP: the attribution the parser took from between "Sir," and the quotation the
    reader answers goes back there, not at the end; the sign-off and the contact, put back in
    either order, go back under the last paragraph in message order."""
    from tests.pipeline.test_house_rules import wait_processed
    from tests.conftest import make_letter
    send(make_letter(body=INTERLEAVED))
    wait_processed(db, settings)
    with db.factory() as s:
        letter = s.query(Letter).one()
        letter_id, kinds = letter.id, [part["kind"] for part in letter.removed]
    assert kinds == ["quote", "sign-off", "contact"]
    version = _shortlist(editor_client, db, letter_id)
    for part in (0, 2, 1):                      # the contact before the sign-off it stood under
        assert _post(editor_client, f"/letters/{letter_id}/put-back",
                     {"version": version, "part": part}).status_code == 302
        version += 1
    with db.factory() as s:
        assert s.get(Letter, letter_id).publication_text == (
            "Sir,\n\nOn Mon, 26 Jun 2023 at 08:00, Reaction <newsletter@reaction.life> wrote:\n\n"
            "> Blinken said he was clear-eyed.\n\nClear-eyed is what they all say.\n\n"
            "> The visit was a thaw.\n\nIt was a pause.\n\nYours faithfully,\nAnn Reader\n\n"
            "12 High Street\nYork YO1 7HH")


def test_put_back_in_place_survives_an_edited_paragraph_and_a_cover_note_goes_on_top():
    from inbox.desk.putback import put_back_in_place
    full = "Sir,\n\nFirst point,\nwrapped.\n\nPS from me\n\nSecond point.\n\nAnn"
    removed = [{"kind": "signature", "text": "PS from me"}, {"kind": "sign-off", "text": "Ann"}]
    text = "Sir,\n\nFirst point, wrapped.\n\nSecond point."
    # The paragraph before it was rewritten by the editor: the one after it still anchors it.
    edited = "Sir,\n\nMy first point, edited.\n\nSecond point."
    assert put_back_in_place(edited, text, full, removed, 0) == \
        "Sir,\n\nMy first point, edited.\n\nPS from me\n\nSecond point."
    assert put_back_in_place(text, text, full, removed, 1) == f"{text}\n\nAnn"
    cover = [{"kind": "forward-header", "text": "FYI, my letter below.\n\n---------- Forwarded message ----------"}]
    assert put_back_in_place("Dear Sir,\n\nText.", "Dear Sir,\n\nText.",
                             "FYI, my letter below.\n\n---------- Forwarded message ----------\n\nDear Sir,\n\nText.",
                             cover, 0).startswith("FYI, my letter below.")
    assert put_back_in_place("Text.", "Text.", "", [{"kind": "quote", "text": "> old"}], 0) == "Text.\n\n> old"
