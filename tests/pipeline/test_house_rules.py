"""The house rules' flags, computed once at intake, on letters delivered over real SMTP."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select, update

from inbox.desk.reading import letter_to_dict, list_letters
import pytest

from inbox.models import Article, Letter, LetterFlag, Message
from inbox.db import transaction
from inbox.pipeline.batch import process_pending
from inbox.pipeline.desk_checks import check_new_letters
from tests.conftest import make_letter

SIGNED = "Sir, the Strait matters to everyone.\n\nAnn Reader\nYork"


@pytest.fixture(autouse=True)
def recent_article(db, request):
    """The seed article as if published today (every letter links to it as the only article),
    except where a test is about its age."""
    if "stale" in request.node.name:
        return
    with db.factory() as s:
        s.execute(update(Article).values(published_on=datetime.now(timezone.utc).date()))
        s.commit()


def _deliver(send, db, settings, *raws, rcpt="letters@reaction.life"):
    for raw in raws:
        assert send(raw, rcpt=rcpt) == {}
    wait_processed(db, settings)


def wait_processed(db, settings, timeout: float = 20) -> None:
    """Every stored message made into a letter: by us, or by the listener's own worker thread
    (on PostgreSQL it may hold the batch we would have claimed)."""
    deadline = time.monotonic() + timeout
    while True:
        process_pending(db.factory, settings)
        with db.factory() as s:
            stored = s.scalar(select(func.count()).select_from(Message))
            made = s.scalar(select(func.count()).select_from(Letter))
        if made >= stored or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def _letters(db) -> list[dict]:
    with db.factory() as s:
        return [letter_to_dict(l) for l in list_letters(s, kind="all")]


def _details(db) -> dict[int, dict[str, str]]:
    with db.factory() as s:
        out: dict[int, dict[str, str]] = {}
        for flag in s.scalars(select(LetterFlag)):
            out.setdefault(flag.letter_id, {})[flag.code.value] = flag.detail
        return out


def test_a_well_formed_letter_carries_no_house_flag(send, db, settings):
    _deliver(send, db, settings, make_letter(body=SIGNED))
    [letter] = _letters(db)
    assert letter["flags"] == []


def test_over_the_word_limit(send, db, settings):
    body = "Sir, " + "words " * 320 + "\n\nAnn Reader\nYork"
    _deliver(send, db, settings, make_letter(body=body))
    [letter] = _letters(db)
    assert "over-word-limit" in letter["flags"]
    [detail] = _details(db).values()
    assert detail["over-word-limit"] == f"{letter['word_count']} words; the house limit is 300"


def test_single_names_initials_and_withheld_names_have_no_full_name(send, db, settings):
    _deliver(send, db, settings,
             make_letter(body="Sir, a point.", sender="Ann <ann@example.org>"),
             make_letter(body="Sir, a point.", sender="J. S. <js@example.org>"),
             make_letter(body="Sir, a point.", sender="Name withheld <nw@example.org>"),
             make_letter(body="Sir, a point.", sender="A Concerned Reader <cr@example.org>"),
             make_letter(body=SIGNED.replace("Ann", "Dee"), sender="Dee Reader <dee@example.org>"))
    by_email = {l["author_email"]: l for l in _letters(db)}
    for email in ("ann@example.org", "js@example.org", "nw@example.org", "cr@example.org"):
        assert "no-full-name" in by_email[email]["flags"], by_email[email]
    assert by_email["dee@example.org"]["flags"] == []     # Reader is a surname too
    details = {d["no-full-name"] for d in _details(db).values() if "no-full-name" in d}
    assert details == {"A single name: “Ann”", "Initials only: “J. S.”",
                       "Signed “Name withheld”: no name to print",
                       "Looks like a pseudonym: “A Concerned Reader”"}


def test_no_town(send, db, settings):
    _deliver(send, db, settings, make_letter(body="Sir, the Strait matters to everyone.\n\nAnn Reader"))
    [letter] = _letters(db)
    assert "no-town" in letter["flags"]
    assert list(_details(db).values())[0]["no-town"] == "No town in the sign-off"


def test_a_letter_copied_to_another_papers_desk_is_not_exclusive(send, db, settings):
    raw = make_letter(body=SIGNED, extra_headers="Cc: The Times <letters@thetimes.co.uk>\r\n")
    _deliver(send, db, settings, raw)
    [letter] = _letters(db)
    assert "not-exclusive" in letter["flags"]
    assert list(_details(db).values())[0]["not-exclusive"] == "Also sent to letters@thetimes.co.uk"


def test_any_editor_address_at_another_domain_and_a_forward_trail_count(send, db, settings):
    body = ("Sir, the Strait matters to everyone.\n\nAnn Reader\nYork\n\n"
            "---------- Forwarded message ---------\nFrom: Ann Reader <ann@example.org>\n"
            "To: editor@localgazette.example\nSubject: Taiwan\n")
    _deliver(send, db, settings, make_letter(body=body))
    assert "Also sent to editor@localgazette.example" in list(_details(db).values())[0]["not-exclusive"]


def test_many_recipients_are_not_exclusive(send, db, settings):
    cc = ", ".join(f"mp{i}@parliament.example" for i in range(6))
    _deliver(send, db, settings, make_letter(body=SIGNED, extra_headers=f"Cc: {cc}\r\n"))
    assert list(_details(db).values())[0]["not-exclusive"].startswith("Also sent to 6 other recipients")


def test_only_our_own_addresses_are_exclusive(send, db, settings):
    raw = make_letter(body=SIGNED, extra_headers="Cc: editor@reaction.life\r\n")
    _deliver(send, db, settings, raw)
    assert _letters(db)[0]["flags"] == []


def test_a_letter_on_an_old_article_is_stale(send, db, settings):
    # The seed article was published on 19 June 2023; the letter arrives today.
    _deliver(send, db, settings, make_letter(body=SIGNED), rcpt="letters+blinken-beijing@reaction.life")
    [letter] = _letters(db)
    assert letter["article"] == "blinken-beijing"
    assert "stale-article" in letter["flags"]
    assert list(_details(db).values())[0]["stale-article"].startswith("The article was published 19 Jun 2023")


def test_an_article_a_week_old_is_not_stale(send, db, settings):
    with db.factory() as s:
        s.execute(update(Article).values(published_on=datetime.now(timezone.utc).date() - timedelta(days=7)))
        s.commit()
    _deliver(send, db, settings, make_letter(body=SIGNED), rcpt="letters+blinken-beijing@reaction.life")
    assert "stale-article" not in _letters(db)[0]["flags"]


def test_reply_to_elsewhere_and_a_sign_off_address_mismatch(send, db, settings):
    _deliver(send, db, settings,
             make_letter(body=SIGNED, extra_headers="Reply-To: pr@lobby.example\r\n"),
             make_letter(body=SIGNED + "\nwriter@other.example", sender="Bob Reader <bob@example.org>"),
             make_letter(body=SIGNED, sender="Cy Reader <cy@example.org>",
                         extra_headers="Reply-To: Cy <CY+letters@example.org>\r\n"))
    details = {l["author_email"]: l["flags"] for l in _letters(db)}
    assert "reply-to-mismatch" in details["ann@example.org"]
    assert "reply-to-mismatch" in details["bob@example.org"]
    assert "reply-to-mismatch" not in details["cy@example.org"]
    texts = {d["reply-to-mismatch"] for d in _details(db).values() if "reply-to-mismatch" in d}
    assert texts == {"Replies go to pr@lobby.example, not the sender ann@example.org",
                     "The sign-off gives writer@other.example, not the sender bob@example.org"}


def test_a_frequent_writer_is_flagged_with_the_dates_and_the_last_letter(send, db, settings):
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="One"))
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="Two"))
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="Three"),
             make_letter(body=SIGNED, sender="Other Person <other@example.org>"))
    with db.factory() as s:
        by_subject = {l.subject: l for l in s.scalars(select(Letter))}
        flags = {l.subject: {f.code.value: f for f in l.rule_flags} for l in by_subject.values()}
        today = by_subject["One"].received_at
    assert "frequent-writer" not in flags["One"]
    assert flags["Two"]["frequent-writer"].related_letter_id == by_subject["One"].id
    three = flags["Three"]["frequent-writer"]
    day = f"{today.day} {today:%b}"
    assert three.detail == f"3rd letter from this writer in 30 days: {day}, {day}"
    assert three.related_letter_id == by_subject["Two"].id
    assert by_subject["One"].writer_id == by_subject["Three"].writer_id != by_subject["Taiwan"].writer_id


def test_a_letter_outside_the_interval_is_not_counted(send, db, settings):
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="Old"))
    with db.factory() as s:
        s.execute(update(Letter).values(received_at=datetime.now(timezone.utc) - timedelta(days=45)))
        s.commit()
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="New"))
    with db.factory() as s:
        new = s.scalars(select(Letter).where(Letter.subject == "New")).one()
        assert [f.code.value for f in new.rule_flags] == []


def test_an_earlier_letter_processed_late_recomputes_the_writers_later_letter(send, db, settings):
    """A letter received before another but processed after it changes the later one's count."""
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="Later"))
    _deliver(send, db, settings, make_letter(body=SIGNED, subject="Earlier"))
    with transaction(db.factory) as s:   # as if "Earlier" had been received a day before, processed now
        earlier = s.scalars(select(Letter).where(Letter.subject == "Earlier")).one()
        s.execute(update(Letter).where(Letter.id == earlier.id).values(
            received_at=datetime.now(timezone.utc) - timedelta(days=1)))
        s.execute(delete(LetterFlag))
        check_new_letters(s, [earlier.id], settings)
    with db.factory() as s:
        by_subject = {l.subject: l for l in s.scalars(select(Letter))}
        later = {f.code.value: f for f in by_subject["Later"].rule_flags}
        assert later["frequent-writer"].related_letter_id == by_subject["Earlier"].id
        assert "frequent-writer" not in {f.code.value for f in by_subject["Earlier"].rule_flags}
