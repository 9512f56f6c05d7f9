"""Planning a page in a real browser: 20 letters in over SMTP and shortlisted, then an editor
creates an edition, adds 8, reorders by keyboard (and once by drag and drop), sets a lead and a
headline, watches the budget bar, exports DOCX and the file is read back with python-docx."""
from __future__ import annotations

import re
import time

import docx
import pytest
from sqlalchemy import select

from inbox.db import transaction
from inbox.desk import moderation
from inbox.desk.reading import publication_words
from inbox.models import Article, Letter

from .conftest import ADMIN
from .live import sign_in
from .test_triage import letter

pytestmark = pytest.mark.browser

NAMES = ["Ann Holloway", "Peter Jones", "Helen Evans", "James Nowak", "Priya Patel", "Oliver Smith",
         "Fiona Macleod", "Rupert Lambert", "Chen Wei", "Fatima Khan", "George Thorne", "Lucy Vaughan",
         "Iain Ingram", "Judith Abbott", "Kwame Osei", "Niamh Quigley", "Owain Ellison", "Sarah Lockhart",
         "Tobias Dunmore", "Ursula Yeats"]
TOWNS = ["York", "Bath", "Leeds", "Hull", "Ely", "Truro", "Derby", "Wells", "Ripon", "Perth"]


def test_plan_a_page_of_eight_from_a_shortlist_of_twenty(live, page, tmp_path):
    for i, name in enumerate(NAMES):
        live.send(letter(f"Letter {i:02d} on the line", f"Sir, this is letter number {i:02d} and it says something."
                         f"\n\n{name}\n{TOWNS[i % len(TOWNS)]}", f"{name} <reader{i}@example.org>"))
    live.wait_for_letters(20)
    with transaction(live.db.factory) as s:
        hs2 = Article(slug="hs2", title="The case for HS2")
        s.add(hs2)
        s.flush()
        blinken = s.scalar(select(Article).where(Article.slug == "blinken-beijing"))
        for l in s.scalars(select(Letter).order_by(Letter.id)):
            l.article = hs2 if int(l.subject.split()[1]) % 2 == 0 else blinken
            moderation.shortlist(s, l.id, user="test")
        subjects = {l.subject: l.id for l in s.scalars(select(Letter))}

    started = time.monotonic()
    base = live.url
    sign_in(page, base, *ADMIN)
    page.get_by_role("link", name="Editions").click()
    page.get_by_label("Title").fill("Letters, Friday 5 December")
    page.get_by_label("Date").fill("2026-12-05")
    page.get_by_label("Budget (words)").fill("80")
    page.get_by_role("button", name="Create edition").click()
    page.wait_for_url(re.compile(r"/editions/\d+$"))
    edition_url = page.url
    assert page.locator("#shortlist .short-item").count() == 20

    # add 8: tick them in the shortlist beside the plan
    chosen = [f"Letter {i:02d} on the line" for i in (0, 1, 2, 3, 4, 5, 6, 7)]
    for subject in chosen[:7]:
        page.locator("#shortlist .short-item", has_text=subject).get_by_role("checkbox").check()
    page.get_by_role("button", name="Add selected").click()
    page.wait_for_load_state()
    assert page.locator("#edition-letters .plan-entry").count() == 7
    # ... and the eighth by dragging it from the shortlist onto the page
    item = page.locator("#shortlist .short-item", has_text=chosen[7])
    with page.expect_navigation():
        item.drag_to(page.locator("#edition-letters .plan-entry").last)
    assert page.locator("#edition-letters .plan-entry").count() == 8

    def order() -> list[str]:
        return page.locator("#edition-letters .plan-entry .entry-title").all_inner_texts()

    assert sorted(order()) == sorted(chosen)
    words = int(page.locator("#budget-words").inner_text())
    with live.db.factory() as s:
        assert words == sum(publication_words(s.get(Letter, subjects[t])) for t in chosen)
    assert page.locator("#budget").get_attribute("class").split().count("over") == (words > 80)

    # drag within the page: the first letter dropped at the foot of the list goes last (and is saved)
    first = order()[0]
    # tall enough that nothing scrolls mid-drag (Playwright scrolls the target into view after
    # pressing on the source, and the drag would start from whatever is then under the pointer)
    page.set_viewport_size({"width": 1280, "height": 2400})
    box = page.locator("#edition-letters").bounding_box()
    with page.expect_navigation():
        page.locator("#edition-letters .plan-entry").first.drag_to(
            page.locator("#edition-letters"), target_position={"x": 30, "y": box["height"] - 3})
    assert order()[-1] == first and len(order()) == 8

    # reorder by keyboard: the last letter up three places, Alt+Up each time, focus kept
    last = order()[-1]
    page.locator("#edition-letters .plan-entry").last.focus()
    for _ in range(3):
        with page.expect_navigation():
            page.keyboard.press("Alt+ArrowUp")
        page.wait_for_selector("#edition-letters .plan-entry:focus")
    assert order().index(last) == 4
    # j moves the focus down, Alt+Down moves that letter down
    page.keyboard.press("j")
    moved = page.evaluate("document.activeElement.querySelector('.entry-title').textContent")
    with page.expect_navigation():
        page.keyboard.press("Alt+ArrowDown")
    assert order().index(moved) == 6

    # the lead: the fourth letter; then a headline over the HS2 group
    lead = order()[3]
    page.locator("#edition-letters .plan-entry", has_text=lead).get_by_role("button", name="Make lead").click()
    page.wait_for_load_state()
    assert page.locator("#edition-letters .plan-entry.lead .entry-title").inner_text() == lead
    page.get_by_label("Headline over “The case for HS2”").fill("Full steam ahead")
    page.get_by_label("Headline over “The case for HS2”").press("Enter")
    page.wait_for_load_state()
    assert page.locator("#group-{}".format(_article_id(live, "hs2")) + " h3").inner_text().startswith("Full steam ahead")
    planned = order()

    # export DOCX from the planner
    page.select_option("#edition-format", "docx")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export edition").click()
    path = tmp_path / "page.docx"
    info.value.save_as(path)
    elapsed = time.monotonic() - started
    print(f"planned and exported a page of 8 from 20 in {elapsed:.1f} s")

    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]
    assert paragraphs[0] == ("Title", "Letters, Friday 5 December")
    # printing order: the lead first, then its group's others in the planned order, then the other group
    with live.db.factory() as s:
        by_subject = {t: s.get(Letter, subjects[t]) for t in planned}
        lead_article = by_subject[lead].article.slug
        rest = [t for t in planned if t != lead]
        expected = [lead] + [t for t in rest if by_subject[t].article.slug == lead_article] + \
                   [t for t in rest if by_subject[t].article.slug != lead_article]
        signoffs = [f"{by_subject[t].signoff_name}, {by_subject[t].signoff_location}" for t in expected]
        numbers = [t.split()[1] for t in expected]
        blinken_title = s.scalar(select(Article.title).where(Article.slug == "blinken-beijing"))
    headings = [t for s_, t in paragraphs if s_ == "Heading 1"]
    groups = ["Full steam ahead", blinken_title]
    assert headings == (groups if lead_article == "hs2" else groups[::-1])
    body = [t for _, t in paragraphs if t.startswith("Sir,")]
    assert [re.search(r"number (\d\d)", t).group(1) for t in body] == numbers
    assert [t for s_, t in paragraphs if t in signoffs] == signoffs
    assert all(", " in s for s in signoffs) and len(set(signoffs)) == 8
    page.goto(edition_url)
    assert order() == planned


def _article_id(live, slug):
    with live.db.factory() as s:
        return s.scalar(select(Article.id).where(Article.slug == slug))


def test_stance_from_the_queue_by_keyboard(live, page):
    live.send(letter("On the line", "Sir, build it.\n\nAnn Holloway\nYork", "Ann Holloway <ann@example.org>"))
    live.send(letter("Off the line", "Sir, cancel it.\n\nPeter Jones\nBath", "Peter Jones <peter@example.org>"))
    live.wait_for_letters(2)
    sign_in(page, live.url, *ADMIN)
    page.keyboard.press("j")            # the newest first: "Off the line"
    page.keyboard.press("a")            # against
    page.wait_for_selector("#rows .row.current .badge.stance")
    assert page.locator("#rows .row.current .badge.stance").inner_text() == "against"
    page.keyboard.press("j")
    page.keyboard.press("f")            # for
    page.wait_for_selector("#rows .row.current .badge.stance")
    with live.db.factory() as s:
        stances = {l.subject: l.stance.value if l.stance else None for l in s.scalars(select(Letter))}
    assert stances == {"Off the line": "against", "On the line": "for"}
    # the row's version moved on with the tag: shortlisting it by key still works (no conflict)
    with page.expect_navigation():
        page.keyboard.press("s")
    with live.db.factory() as s:
        assert s.scalar(select(Letter.status).where(Letter.subject == "On the line")).value == "shortlisted"
