"""Each page renders for a signed-in editor, and the basics of the layout hold."""
from .conftest import store_letter


def test_signed_out_root_leads_to_sign_in_page(client):
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    for label in ("Email", "Password", "Sign in"):
        assert label in html


def test_queue_renders_with_tabs_and_counts(editor_client, db):
    store_letter(db, subject="About Taiwan", author_location="Leeds")
    html = editor_client.get("/").get_data(as_text=True)
    for tab in ("New", "Shortlisted", "Rejected", "Published", "Automated"):
        assert tab in html
    assert "About Taiwan" in html and "Leeds" in html and "Sign out" in html


def test_letter_view_renders(editor_client, letter_id):
    r = editor_client.get(f"/letters/{letter_id}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    for button in ("Shortlist", "Reject", "Sign out"):
        assert button in html
