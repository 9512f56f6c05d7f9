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
