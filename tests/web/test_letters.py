"""The letter view: decisions, conflicts, publication editing with diff and word count,
relinking, notes and the history."""
from __future__ import annotations

from inbox.models import AuditEvent, LinkMethod, Letter, Status

from .conftest import csrf_token, store_letter


def _post(client, path, data):
    data = {"csrf_token": csrf_token(client), **data}
    return client.post(path, data=data)


def test_shortlist_reject_restore_buttons(editor_client, db, letter_id):
    r = _post(editor_client, f"/letters/{letter_id}/shortlist", {"version": 1})
    assert r.status_code == 302
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Shortlisted" in html and ">Restore</button>" in html and ">Reject</button>" in html
    _post(editor_client, f"/letters/{letter_id}/reject", {"rej-version": 2, "rej-reason": "too long"})
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.status is Status.REJECTED and letter.reject_reason == "too long"
    _post(editor_client, f"/letters/{letter_id}/restore", {"version": 3})
    with db.factory() as s:
        assert s.get(Letter, letter_id).status is Status.NEW


def test_a_stale_decision_is_a_409_conflict_not_lost(app, editor_client, admin_client, db, letter_id):
    page = editor_client.get(f"/letters/{letter_id}")       # the editor looks at version 1 ...
    assert page.status_code == 200
    _post(admin_client, f"/letters/{letter_id}/reject", {"rej-version": 1, "rej-reason": "no"})  # ... admin acts
    r = _post(editor_client, f"/letters/{letter_id}/shortlist", {"version": 1})
    assert r.status_code == 409
    assert "changed by someone else" in r.get_data(as_text=True)
    with db.factory() as s:
        assert s.get(Letter, letter_id).status is Status.REJECTED


def test_publication_version_editing_with_diff_and_word_count(editor_client, db):
    letter_id = store_letter(db, text="Sir, the Strait matters to everyone. <b>Really</b>.")
    _post(editor_client, f"/letters/{letter_id}/shortlist", {"version": 1})
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "For publication" in html and "No changes" in html and "/ 300 words" in html
    assert 'value="Ann Reader"' in html and 'value="York"' in html      # sign-off defaults
    r = _post(editor_client, f"/letters/{letter_id}/publication", {
        "pub-version": 2, "pub-headline": "The Strait", "pub-publication_text": "Sir, the Strait matters. <b>Really</b>.",
        "pub-signoff_name": "A. Reader", "pub-signoff_location": "York"})
    assert r.status_code == 302
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "<del>" in html and "<ins>" in html and "&lt;b&gt;Really&lt;/b&gt;" in html
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.text == "Sir, the Strait matters to everyone. <b>Really</b>."     # the original stays
        assert letter.publication_text == "Sir, the Strait matters. <b>Really</b>."
        assert letter.headline == "The Strait" and letter.signoff_name == "A. Reader"
        edit = s.query(AuditEvent).filter_by(letter_id=letter_id, action="edit").one()
        assert edit.before["headline"] is None and edit.after["headline"] == "The Strait"


def test_word_count_over_the_house_limit_is_marked(settings, db, users):
    from inbox.web import create_app
    from .conftest import EDITOR, sign_in
    app = create_app(settings.with_(house_word_limit=5), db=db, test_config={"TESTING": True})
    c = app.test_client()
    sign_in(c, *EDITOR)
    letter_id = store_letter(db, text="one two three four five six seven", status=Status.SHORTLISTED)
    html = c.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "7 / 5 words" in html and 'class="wordcount over"' in html


def test_publication_edit_of_a_new_letter_is_refused(editor_client, letter_id):
    r = _post(editor_client, f"/letters/{letter_id}/publication", {"pub-version": 1, "pub-publication_text": "x"})
    assert r.status_code == 400


def test_relink_and_assign(editor_client, db, letter_id):
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Unassigned" in html and "blinken-beijing" in html
    r = _post(editor_client, f"/letters/{letter_id}/article", {"link-version": 1, "link-article": "blinken-beijing"})
    assert r.status_code == 302
    with db.factory() as s:
        letter = s.get(Letter, letter_id)
        assert letter.article.slug == "blinken-beijing" and letter.link_method is LinkMethod.EDITOR
    r = _post(editor_client, f"/letters/{letter_id}/article", {"link-version": 2, "link-article": "no-such"})
    assert r.status_code == 400
    _post(editor_client, f"/letters/{letter_id}/article", {"link-version": 2, "link-article": "unassigned"})
    with db.factory() as s:
        assert s.get(Letter, letter_id).article_id is None


def test_link_suggestions_show_for_unassigned(editor_client, db):
    letter_id = store_letter(db)
    with db.factory() as s, s.begin():
        s.get(Letter, letter_id).link_suggestions = [{"slug": "blinken-beijing", "score": 0.31}]
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Suggestions" in html and "0.31" in html


def test_notes_between_editors(editor_client, admin_client, letter_id):
    _post(editor_client, f"/letters/{letter_id}/notes", {"note-body": "Check the figures <script>x</script>"})
    html = admin_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Check the figures &lt;script&gt;" in html and "Eddie Editor" in html
    assert _post(editor_client, f"/letters/{letter_id}/notes", {"note-body": "  "}).status_code == 400


def test_other_letters_from_the_same_reader(editor_client, db):
    first = store_letter(db, subject="First go", author_email="same@example.org")
    second = store_letter(db, subject="Second go", author_email="same@example.org")
    store_letter(db, subject="Someone else", author_email="else@example.org")
    html = editor_client.get(f"/letters/{second}").get_data(as_text=True)
    assert "First go" in html and "Someone else" not in html and f"/letters/{first}" in html


def test_history_shows_who_did_what_in_utc(editor_client, letter_id):
    _post(editor_client, f"/letters/{letter_id}/shortlist", {"version": 1})
    html = editor_client.get(f"/letters/{letter_id}").get_data(as_text=True)
    history = html.split('id="history"')[1]
    assert "shortlist" in history and "editor@reaction.life" in history and "UTC" in history
    assert "<del>new</del>" in history and "<ins>shortlisted</ins>" in history
