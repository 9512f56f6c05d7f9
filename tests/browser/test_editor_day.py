"""The editor's working day in headless chromium against the real system (issue 14): triage by
keyboard reading every letter, undo, select all matching, two editors at once, the live queue,
a phone's screen."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from inbox.db import transaction
from inbox.models import Letter, Status
from tests.web.conftest import store_letter

from .conftest import ADMIN
from .live import sign_in
from .test_triage import letter

pytestmark = pytest.mark.browser
EDITOR = ("eddie@reaction.life", "browser passphrase 5678")


def _stored(live, n: int, **kw) -> list[int]:
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [store_letter(live.db, subject=f"Letter {i}", received_at=start + timedelta(minutes=i),
                         author_email=f"r{i}@example.org", **kw) for i in range(n)]


def _statuses(live, ids) -> list[Status]:
    with live.db.factory() as s:
        return [s.get(Letter, i).status for i in ids]


class Keys:
    """The keyboard, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)


def test_triage_30_letters_reading_each_in_two_keys_a_letter_and_no_clicks(live, page):
    for i in range(30):
        live.send(letter(f"Subject {i:02d}", f"Sir, letter number {i}.\n\nReader {i}\nYork",
                         f"Reader {i} <r{i}@example.org>"))
    live.wait_for_letters(30)
    sign_in(page, live.url, *ADMIN)
    keys = Keys(page)
    keys.press("j")
    with page.expect_navigation():
        keys.press("Enter")
    seen = []
    for n in range(30):
        subject = page.locator("h1").inner_text()
        assert subject not in seen                          # a new letter each time
        seen.append(subject)
        assert page.locator("#letter-text").is_visible()    # read it ...
        with page.expect_navigation():
            keys.press("s" if n % 3 == 0 else "r")          # ... decide: the next one opens by itself
    assert keys.count <= 2 * 30
    assert page.url.startswith(live.url + "/?tab=new")      # after the last, the queue it came from
    assert "That was the last letter" in page.locator("main").inner_text()
    with live.db.factory() as s:
        statuses = [l.status for l in s.scalars(select(Letter))]
    assert statuses.count(Status.SHORTLISTED) == 10 and statuses.count(Status.REJECTED) == 20


def test_in_the_queue_the_cursor_stays_on_the_next_row_after_a_decision(live, page):
    ids = _stored(live, 5)
    sign_in(page, live.url, *ADMIN)
    page.keyboard.press("j")
    page.keyboard.press("j")                 # the second row: Letter 3
    with page.expect_navigation():
        page.keyboard.press("r")
    assert page.locator("#rows .row.current .subject").inner_text() == "Letter 2"
    page.locator("#rows .row.current input[type=checkbox]").focus()     # keys work from the checkbox too
    with page.expect_navigation():
        page.keyboard.press("s")
    assert page.locator("#rows .row.current .subject").inner_text() == "Letter 1"
    assert _statuses(live, ids) == [Status.NEW, Status.NEW, Status.SHORTLISTED, Status.REJECTED, Status.NEW]


def test_the_back_link_returns_to_the_queue_as_it_was(live, page):
    _stored(live, 80, text="Sir, about taiwan.")
    sign_in(page, live.url, *ADMIN)
    page.goto(live.url + "/?tab=new&q=taiwan&sort=oldest")
    page.locator("#rows .row").nth(40).scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 500
    page.locator("#rows .row").nth(40).locator("a.subject").click()
    page.wait_for_url(re.compile(r"/letters/\d+"))
    with page.expect_navigation():
        page.keyboard.press("j")                # on to the next letter, then back
    page.locator("#back-to-queue").click()
    page.wait_for_load_state()
    assert "tab=new" in page.url and "q=taiwan" in page.url and "sort=oldest" in page.url
    assert page.locator("#q").input_value() == "taiwan"
    assert page.locator("#rows .row.current .subject").inner_text() == "Letter 41"
    assert abs(page.evaluate("window.scrollY") - scrolled) < 400


def test_undo_a_single_reject_and_a_bulk_reject(live, page):
    ids = _stored(live, 4)
    sign_in(page, live.url, *ADMIN)
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.keyboard.press("r")                             # Letter 3 rejected, Letter 2 opens
    assert page.locator("h1").inner_text() == "Letter 2"
    notice = page.locator("#undo-notice")
    assert notice.is_visible() and "Rejected" in notice.inner_text()
    page.wait_for_timeout(10_500)                            # still there after 10 s
    assert notice.is_visible()
    with page.expect_navigation():
        page.keyboard.press("u")
    assert page.locator("h1").inner_text() == "Letter 3" and page.locator("#status").inner_text() == "New"
    assert _statuses(live, ids) == [Status.NEW] * 4
    # bulk: tick all, Reject, then Undo from the notice
    page.goto(live.url + "/")
    page.locator("#select-all").check()
    with page.expect_navigation():
        page.locator("#bulk-reject").click()
    assert "Rejected 4 letters." in page.locator("#undo-notice").inner_text()
    assert _statuses(live, ids) == [Status.REJECTED] * 4
    with page.expect_navigation():
        page.get_by_role("button", name="Undo").click()
    assert _statuses(live, ids) == [Status.NEW] * 4
    assert page.locator("#rows .row").count() == 4
    history = page.goto(f"{live.url}/letters/{ids[0]}")
    assert "undo" in page.locator("#history").inner_text()


def test_select_all_matching_over_three_pages(live, page):
    ids = _stored(live, 130, text="Sir, about taiwan.")
    others = _stored(live, 3, text="Sir, about the budget.")
    sign_in(page, live.url, *ADMIN)
    page.goto(live.url + "/?tab=new&q=taiwan")
    assert page.locator("#span").inner_text() == "1–50 of 130"
    assert page.locator("#select-matching").is_hidden()
    page.locator("#select-all").check()
    page.locator("#select-matching").click()
    assert page.locator("#matching-note").is_visible()
    with page.expect_navigation():
        page.locator("#bulk-reject").click()
    assert page.locator("h1").inner_text() == "Reject 130 letters?"
    with page.expect_navigation():
        page.locator("#confirm-bulk").click()
    assert "Rejected 130 letters." in page.locator("#undo-notice").inner_text()
    assert page.locator("#span").inner_text() == "0 letters"
    assert set(_statuses(live, ids)) == {Status.REJECTED}
    assert set(_statuses(live, others)) == {Status.NEW}
    page.goto(live.url + "/?tab=rejected")
    assert page.locator("#span").inner_text() == "1–50 of 130"
    page.get_by_role("link", name="Older letters →").click()
    assert page.locator("#span").inner_text() == "51–100 of 130"


def test_two_editors_presence_and_a_conflicting_save_merged(live, browser):
    live.add_user(*EDITOR, role="editor", name="Eddie Editor")
    [lid] = _stored(live, 1, text="Sir, the first paragraph.\n\nThe second paragraph.")
    with transaction(live.db.factory) as s:
        s.get(Letter, lid).status = Status.SHORTLISTED
        s.get(Letter, lid).publication_text = "Sir, the first paragraph.\n\nThe second paragraph."
    pages = []
    for who in (ADMIN, EDITOR):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        sign_in(pg, live.url, *who)
        pg.goto(f"{live.url}/letters/{lid}")
        pages.append(pg)
    ada, eddie = pages
    # each sees the other (Ada's page learns of Eddie at her next heartbeat: reload to see it now)
    assert eddie.locator("#presence").inner_text() == "Ada Admin has this letter open"
    ada.reload()
    assert ada.locator("#presence").inner_text() == "Eddie Editor has this letter open"
    # both edit; Eddie is seen editing
    # (the first keystroke sends Eddie's heartbeat at once; Ada reloads once it has arrived)
    with eddie.expect_response(lambda r: "presence" in r.url and r.request.method == "POST"
                               and '"editing"\r\n\r\n1' in (r.request.post_data or "")):
        eddie.locator("#pub-publication_text").fill("Sir, the first paragraph, edited by Eddie.\n\nThe second paragraph.")
    ada.reload()
    assert "Eddie Editor is editing the publication text" in ada.locator("#presence").inner_text()
    ada.locator("#pub-publication_text").fill("Sir, the first paragraph.\n\nThe second paragraph, by Ada.")
    ada.get_by_role("button", name="Save publication version").click()
    ada.wait_for_load_state()
    # Eddie saves on the old version: refused, both shown, named and timed
    eddie.get_by_role("button", name="Save publication version").click()
    eddie.wait_for_load_state()
    assert "Saved by Ada Admin at" in eddie.locator("#merge").inner_text()
    assert "The second paragraph, by Ada." in eddie.locator("#theirs").inner_text()
    assert "edited by Eddie" in eddie.locator("#pub-publication_text").input_value()
    with live.db.factory() as s:
        assert s.get(Letter, lid).publication_text.endswith("by Ada.")           # nothing overwritten
    # Eddie merges: takes Ada's text and puts his edit back in, then saves
    eddie.locator("#use-theirs").click()
    merged = eddie.locator("#pub-publication_text").input_value().replace(
        "the first paragraph.", "the first paragraph, edited by Eddie.")
    eddie.locator("#pub-publication_text").fill(merged)
    eddie.get_by_role("button", name="Save publication version").click()
    eddie.wait_for_load_state()
    with live.db.factory() as s:
        assert s.get(Letter, lid).publication_text == \
            "Sir, the first paragraph, edited by Eddie.\n\nThe second paragraph, by Ada."
    # Ada, still on her saved version, is told it changed; her stale save would show both again
    ada.locator("#pub-publication_text").fill("Ada again")
    ada.get_by_role("button", name="Save publication version").click()
    ada.wait_for_load_state()
    assert "Saved by Eddie Editor" in ada.locator("#merge").inner_text()
    with live.db.factory() as s:
        assert "edited by Eddie" in s.get(Letter, lid).publication_text
    # leaving the page ends presence at once
    eddie.goto(live.url + "/")
    ada.reload()
    assert ada.locator("#presence").inner_text() == ""
    for pg in pages:
        pg.context.close()


def test_the_open_queue_follows_colleagues_and_new_mail_within_five_seconds(live, page):
    ids = _stored(live, 3)
    sign_in(page, live.url, *ADMIN)
    assert page.locator("#rows .row").count() == 3
    with transaction(live.db.factory) as s:                  # a colleague rejects one
        from inbox.desk import moderation
        from inbox.models import User
        moderation.reject(s, ids[1], user=s.scalars(select(User)).first())
    started = time.monotonic()
    page.wait_for_selector(f"#l{ids[1]}", state="detached", timeout=5_500)
    assert time.monotonic() - started < 5.5
    live.send(letter("Fresh arrival", "Sir, just in.\n\nNew Reader\nHull", "New Reader <nr@example.org>"))
    live.wait_for_letters(4)
    started = time.monotonic()
    page.wait_for_selector("#rows .row .subject:text('Fresh arrival')", timeout=5_500)
    assert time.monotonic() - started < 5.5
    assert page.locator("#rows .row").count() == 3
    page.keyboard.press("j")                                 # the keys include the new row
    assert page.locator("#rows .row.current .subject").inner_text() == "Fresh arrival"


def test_on_a_phone_tabs_scroll_the_first_letter_is_in_view_and_keys_have_touch_controls(live, browser):
    ids = _stored(live, 3)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    sign_in(pg, live.url, *ADMIN)
    tabs = pg.locator("nav.tabs")
    assert pg.evaluate("el => el.scrollWidth > el.clientWidth", tabs.element_handle())      # it scrolls
    assert pg.evaluate("el => getComputedStyle(el).overflowX", tabs.element_handle()) == "auto"
    pg.get_by_role("link", name=re.compile("^Automated")).scroll_into_view_if_needed()
    assert pg.get_by_role("link", name=re.compile("^Automated")).is_visible()
    first = pg.locator("#rows .row").first.bounding_box()
    assert first["y"] + 40 < 844, first                                           # the first letter in view
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390             # nothing wider than the phone
    # open, decide and undo by touch alone
    pg.locator("#rows .row .subject").first.tap()
    pg.wait_for_url(re.compile(r"/letters/\d+"))
    assert pg.locator("#next-letter").is_visible()
    with pg.expect_navigation():
        pg.locator("#do-reject").tap()
    with pg.expect_navigation():
        pg.locator("#undo").tap()
    assert _statuses(live, ids) == [Status.NEW] * 3
    context.close()


def test_number_keys_reject_with_the_canned_reasons(live, page):
    from inbox.db import transaction
    from inbox.desk import reject_reasons
    with transaction(live.db.factory) as s:
        for label in ("Off topic", "Too long", "Already published elsewhere"):
            reject_reasons.add_reason(s, label, actor="test")
    ids = _stored(live, 3)
    sign_in(page, live.url, *ADMIN)
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".reasons").inner_text().split("\n")[0].startswith("1")
    with page.expect_navigation():
        page.keyboard.press("2")                    # on a letter: reject with reason 2, the next opens
    page.goto(live.url + "/")                       # in the queue: the cursor row, reason 3
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("3")
    with live.db.factory() as s:
        reasons = {s.get(Letter, i).reject_reason for i in ids}
    assert reasons == {"Too long", "Already published elsewhere", None}
