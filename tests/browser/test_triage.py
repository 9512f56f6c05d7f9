"""A real editor's session in headless chromium against the real system (SMTP in, web out)."""
from __future__ import annotations

import re
import uuid

import pytest

from .conftest import ADMIN
from .live import sign_in

pytestmark = pytest.mark.browser


def letter(subject: str, body: str, sender: str) -> bytes:
    return (f"From: {sender}\r\nTo: letters@reaction.life\r\nSubject: {subject}\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.org>\r\nDate: Mon, 26 Jun 2023 10:00:00 +0000\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def test_sign_in_triage_with_button_and_keyboard_then_edit_and_audit(live, page):
    live.send(letter("Blinken in Beijing", "Sir, the visit achieved little.\n\nJane Doe\nYork",
                     "Jane Doe <jane@example.org>"))
    live.send(letter("Taiwan and deterrence", "Sir, deterrence is cheaper than war.\n\nTom Smith\nBath",
                     "Tom Smith <tom@example.org>"))
    live.wait_for_letters(2)
    base = live.url
    sign_in(page, base, *ADMIN)
    assert page.locator("#rows .row").count() == 2
    assert page.get_by_role("button", name="Sign out").is_visible()

    # the ? key lists the keys
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()

    # open a letter and shortlist it with the button
    page.get_by_role("link", name="Blinken in Beijing").click()
    page.wait_for_url(re.compile(r"/letters/\d+"))
    with page.expect_navigation():
        page.get_by_role("button", name="Shortlist").click()
    # the oldest letter was the last of the queue: back to it, with the notice linking the letter
    assert "Shortlisted: letter" in page.locator("#undo-notice").inner_text()
    page.locator("#decided-letter").click()
    page.wait_for_url(re.compile(r"/letters/\d+$"))
    assert page.locator("#status").inner_text() == "Shortlisted"

    # back in the queue, shortlist the other with the keyboard: j then s
    page.goto(base + "/")
    assert page.locator("#rows .row").count() == 1
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("s")
    assert page.locator("#rows .row").count() == 0

    # both are under Shortlisted, with the counts
    page.get_by_role("link", name=re.compile("^Shortlisted")).click()
    assert page.locator('[data-tab-count="shortlisted"]').inner_text() == "2"
    subjects = page.locator("#rows .subject").all_inner_texts()
    assert sorted(subjects) == ["Blinken in Beijing", "Taiwan and deterrence"]

    # Enter opens the focused letter; edit its publication text
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/letters/\d+\?tab=shortlisted"))
    text = page.locator("#pub-publication_text")
    original = text.input_value()
    text.fill(original.replace("Sir, ", "Sir, Frankly, "))
    page.get_by_label("Headline").fill("A view from the desk")
    page.get_by_role("button", name="Save publication version").click()
    page.wait_for_load_state()
    assert "Frankly," in page.locator("#diff ins").first.inner_text()
    assert "Frankly" not in page.locator("#letter-text").inner_text()     # the original is untouched

    # the audit entry: on the letter, and in the admin's log
    history = page.locator("#history").inner_text()
    assert "edit" in history and ADMIN[0] in history and "UTC" in history
    page.get_by_role("link", name="Audit log").click()
    log = page.locator("table.audit").inner_text()
    assert "edit" in log and "shortlist" in log

    # signing out ends the session
    page.get_by_role("button", name="Sign out").click()
    page.goto(base + "/")
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_new_letters_are_announced_without_reload(live, page):
    live.send(letter("First", "Sir, one.\n\nA B\nLeeds", "A B <ab@example.org>"))
    live.wait_for_letters(1)
    sign_in(page, live.url, *ADMIN)
    live.send(letter("Second", "Sir, two.\n\nC D\nHull", "C D <cd@example.org>"))
    live.wait_for_letters(2)
    # the page polls every ~12 s; speed the clock up rather than wait
    page.wait_for_selector("#new-letters:not([hidden])", timeout=30_000)
    assert "1 new letter" in page.locator("#new-letters").inner_text()
    assert page.locator('[data-tab-count="new"]').inner_text() == "2"
