"""Accessibility in a real browser: axe-core (the npm package) finds no violations on any page,
signed in or out; one ``h1`` a page; a skip link; the help dialog takes, keeps and returns focus;
visible focus rings."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import pytest

from inbox.db import transaction
from inbox.desk import editions
from inbox.models import Article, ConsentRequest, Letter, Status
from tests.web.conftest import store_letter

from .axe import axe_source, violations
from .conftest import ADMIN
from .live import sign_in
from .test_triage import letter

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def _check(page, axe, where: str, found: dict) -> None:
    problems = violations(page, axe)
    if page.locator("h1").count() != 1:
        problems.append({"id": "one-h1", "count": page.locator("h1").count()})
    if problems:
        found[where] = problems


def _html_letter() -> bytes:
    b = uuid.uuid4().hex
    return (f"From: Hana Html <hana@example.org>\r\nTo: letters@reaction.life\r\nSubject: An HTML letter\r\n"
            f"Message-ID: <{b}@example.org>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n"
            f"--{b}\r\nContent-Type: text/plain\r\n\r\nSir, in plain.\r\n"
            f"--{b}\r\nContent-Type: text/html\r\n\r\n<p>Sir, in <b>HTML</b>.</p>\r\n--{b}--\r\n").encode()


def test_axe_finds_no_violations_on_any_page_signed_in_or_out(live, page, axe):
    live.send(letter("A plain letter " + "with a very long subject " * 12, "Sir, " + "x" * 3000 + "\n\nA B\nLeeds",
                     "A B <ab@example.org>"))
    live.send(_html_letter())
    live.wait_for_letters(2)
    shortlisted = store_letter(live.db, subject="Shortlisted one", text="Sir, one.\n\nTwo.", status=Status.SHORTLISTED)
    with transaction(live.db.factory) as s:
        row = s.get(Letter, shortlisted)
        row.publication_text, row.position = "Sir, one edited.\n\nTwo.", 1
    for i in range(55):
        store_letter(live.db, subject=f"Filler {i}", status=Status.REJECTED)
    found: dict = {}

    page.goto(live.url + "/signin")
    _check(page, axe, "sign-in", found)
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password 123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    _check(page, axe, "sign-in refused", found)
    page.goto(live.url + "/reader/not-a-signed-link")
    _check(page, axe, "reader's page, a link that does not hold", found)

    sign_in(page, live.url, *ADMIN)
    with live.db.factory() as s:
        ids = {l.subject: l.id for l in s.query(Letter)}
        article_id = s.query(Article.id).filter_by(slug="blinken-beijing").scalar()
    with transaction(live.db.factory) as s:
        edition_id = editions.create(s, day=date(2026, 12, 5), title="Letters, Saturday 5 December", budget=400,
                                     actor="test").id
        editions.add(s, edition_id, [shortlisted], actor="test")
        # The writer's answer shows on the letter and as a badge on the planner (issue 18).
        s.add(ConsentRequest(letter_id=shortlisted, state="suggested", nonce=uuid.uuid4().hex,
                             version_text="The version sent.", suggestion="Keep my last sentence.",
                             answered_at=datetime.now(timezone.utc)))
    pages = {
        "queue (new)": "/", "queue (shortlisted, editors' order)": "/?tab=shortlisted",
        "queue (rejected, a page of many)": "/?tab=rejected", "queue (empty)": "/?tab=published",
        "queue (automated)": "/?tab=automated", "search": "/?q=plain",
        "letter (plain, new)": f"/letters/{ids[next(k for k in ids if k.startswith('A plain'))]}",
        "letter (HTML)": f"/letters/{ids['An HTML letter']}",
        "letter (shortlisted, edited)": f"/letters/{shortlisted}?tab=shortlisted",
        "letter, article picker": f"/letters/{shortlisted}?tab=shortlisted&find=blinken",
        "queue, article search": "/?find=zzzz",
        "account": "/account/password", "accounts": "/admin/users", "reject reasons": "/admin/reasons",
        "audit log": "/admin/audit", "not found": "/letters/999999",
        # The pages of issues 15-18.
        "articles": "/articles", "article": f"/articles/{article_id}", "API tokens": "/admin/tokens",
        "editions": "/editions", "planner": f"/editions/{edition_id}", "balance": "/balance",
        "balance of an article": "/balance/blinken-beijing", "writers": "/writers/", "campaigns": "/campaigns/",
        "house rules": "/admin/house-rules", "reader mail": "/admin/reader-mail", "readers' data": "/admin/readers",
    }
    for where, path in pages.items():
        page.goto(live.url + path)
        _check(page, axe, where, found)

    # the merge view of a conflicting save: a colleague saves while this page is open
    page.goto(f"{live.url}/letters/{shortlisted}?tab=shortlisted")
    live.add_user("colleague@reaction.life", "colleague passphrase 1", role="editor", name="Cole League")
    with transaction(live.db.factory) as s:
        from inbox.desk import moderation
        from inbox.models import User
        colleague = s.query(User).filter_by(email="colleague@reaction.life").one()
        moderation.edit_publication(s, shortlisted, user=colleague, version=None, headline="Theirs",
                                    publication_text="Sir, theirs.", signoff_name="A", signoff_location="B")
    page.locator("#pub-publication_text").fill("Sir, mine.")
    page.get_by_role("button", name="Save publication version").click()
    page.wait_for_selector("#merge")
    _check(page, axe, "conflicting save (merge)", found)

    page.goto(live.url + "/admin/reasons")
    page.get_by_label("Reason").fill("Off topic")
    page.get_by_role("button", name="Add reason").click()
    page.wait_for_load_state()
    page.goto(live.url + "/")
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    _check(page, axe, "queue with the undo notice and reasons", found)
    page.keyboard.press("?")
    _check(page, axe, "help dialog open", found)
    page.keyboard.press("Escape")
    page.goto(live.url + "/?tab=rejected")
    page.locator("#select-all").check()
    page.locator("#select-matching").click()
    _check(page, axe, "select all matching", found)
    with page.expect_navigation():
        page.locator("#bulk-restore").click()
    _check(page, axe, "confirm a bulk action", found)
    assert found == {}, found


def test_skip_link_help_dialog_focus_and_visible_focus_ring(live, page):
    store_letter(live.db, subject="Only letter")
    sign_in(page, live.url, *ADMIN)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link" and skip.is_visible()
    assert skip.inner_text() == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the help dialog takes focus, keeps it on Tab, and gives it back on Escape
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('row')")
    page.keyboard.press("?")
    assert page.evaluate("document.activeElement.closest('#help') !== null")
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#help') !== null")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('#help') !== null")
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('row')")
    # a focused control shows a ring
    page.locator("#q").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
