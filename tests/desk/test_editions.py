"""Editions in the domain: adding, ordering, the lead, group headlines, publishing, one edition
per letter (service and schema), and the planner's figures (words, "also received", balance)
checked against direct counts in the database after every kind of change."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from inbox.desk import editions, moderation
from inbox.desk.planning import plan_edition
from inbox.models import AuditEvent, EditionLetter, EditionStatus, Kind, Letter, Status
from inbox.text import word_count
from tests.export_support import add_letter, article

LIMIT = 300


@pytest.fixture
def page(session):
    """An edition and letters on two articles: 4 shortlisted on HS2, 2 on tariffs, 3 new on HS2."""
    hs2 = article(session, "hs2", "The case for HS2")
    tariffs = article(session, "tariffs", "Tariffs and the pound")
    made = {f"hs2-{i}": add_letter(session, article=hs2, text=f"Sir, HS2 letter {i} " + "word " * i,
                                   author_name=f"Writer {i}", author_location="Leeds") for i in range(4)}
    made.update({f"tar-{i}": add_letter(session, article=tariffs, text=f"Sir, tariffs {i}.") for i in range(2)})
    made.update({f"new-{i}": add_letter(session, article=hs2, status="new", text="Sir, new.") for i in range(3)})
    edition = editions.create(session, day=date(2026, 12, 5), title="Letters, Friday 5 December",
                              budget=40, actor="test")
    session.commit()
    return {"edition": edition.id, "hs2": hs2, "tariffs": tariffs, **{k: v.id for k, v in made.items()}}


def order(session, edition_id):
    return [e.letter.id for e in plan_edition(session, edition_id, word_limit=LIMIT).entries]


def test_add_move_lead_headline_publish_all_audited(session, page):
    e = page["edition"]
    editions.add(session, e, [page["hs2-0"], page["tar-0"], page["hs2-1"]], actor="ed")
    assert order(session, e) == [page["hs2-0"], page["tar-0"], page["hs2-1"]]
    editions.move(session, e, page["hs2-1"], "up", actor="ed")
    assert order(session, e) == [page["hs2-0"], page["hs2-1"], page["tar-0"]]
    editions.reorder(session, e, [page["tar-0"], page["hs2-0"], page["hs2-1"]], actor="ed")
    editions.set_lead(session, e, page["hs2-1"], actor="ed")
    editions.set_headline(session, e, page["hs2"].id, "Why the line must go north", actor="ed")
    plan = plan_edition(session, e, word_limit=LIMIT)
    # printing order: the lead first, its article's group first, then the others in order
    assert [g.heading for g in plan.groups] == ["Why the line must go north", "Tariffs and the pound"]
    assert [x.letter.id for x in plan.printing_order] == [page["hs2-1"], page["hs2-0"], page["tar-0"]]
    editions.publish(session, e, actor="ed")
    session.commit()
    statuses = session.scalars(select(Letter.status).where(Letter.id.in_(order(session, e)))).all()
    assert set(statuses) == {Status.PUBLISHED}
    assert plan_edition(session, e, word_limit=LIMIT).edition.status is EditionStatus.PUBLISHED
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    for action in ("edition-create", "edition-add", "edition-move", "edition-reorder", "edition-lead",
                   "edition-headline", "edition-published", "edition-publish"):
        assert action in actions
    assert actions.count("edition-published") == 3     # one per letter
    with pytest.raises(moderation.InvalidChange):       # a published edition is final
        editions.add(session, e, [page["hs2-2"]], actor="ed")


def test_only_shortlisted_letters_and_one_edition_at_a_time(session, page):
    e = page["edition"]
    with pytest.raises(moderation.InvalidChange, match="new"):
        editions.add(session, e, [page["new-0"]], actor="ed")
    editions.add(session, e, [page["hs2-0"]], actor="ed")
    other = editions.create(session, day=date(2026, 12, 6), title="Letters, Saturday", budget=500, actor="ed")
    with pytest.raises(moderation.InvalidChange, match=f"already in edition {e}"):
        editions.add(session, other.id, [page["hs2-0"]], actor="ed")
    session.commit()
    # and the schema refuses it whatever the code above does
    session.add(EditionLetter(edition_id=other.id, letter_id=page["hs2-0"], position=1, lead=False))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def direct_figures(session, edition_id):
    """What the planner should say, counted straight from the tables."""
    rows = session.execute(select(Letter).join(EditionLetter).where(EditionLetter.edition_id == edition_id)).scalars().all()
    words = sum(word_count((l.publication_text if (l.publication_text or "").strip() else l.text).strip())
                for l in rows)
    received, printed, stances = {}, {}, {}
    for l in rows:
        key = l.article_id or 0
        printed[key] = printed.get(key, 0) + 1
        received[key] = session.scalar(select(func.count()).select_from(Letter).where(
            Letter.kind == Kind.LETTER,
            Letter.article_id == l.article_id if l.article_id else Letter.article_id.is_(None)))
        stances[key] = dict(session.execute(select(Letter.stance, func.count()).where(
            Letter.kind == Kind.LETTER, Letter.article_id == l.article_id).group_by(Letter.stance)).all())
    return words, received, printed, stances


def planner_figures(session, edition_id):
    plan = plan_edition(session, edition_id, word_limit=LIMIT)
    received = {g.article_key: g.received for g in plan.groups}
    printed = {g.article_key: g.printed for g in plan.groups}
    stances = {g.article_key: {(None if k == "none" else k): c.received for k, c in g.stances.items() if c.received}
               for g in plan.groups}
    return plan.words, received, printed, stances


def check(session, edition_id):
    session.expire_all()
    words, received, printed, stances = direct_figures(session, edition_id)
    p_words, p_received, p_printed, p_stances = planner_figures(session, edition_id)
    assert (p_words, p_received, p_printed) == (words, received, printed)
    assert {k: {(s.value if s else None): n for s, n in v.items()} for k, v in stances.items()} == p_stances


def test_budget_also_received_and_balance_follow_every_change(session, page, db):
    from inbox.desk import accounts
    user = accounts.create_user(session, "ed@example.org", "long enough password")
    e = page["edition"]
    editions.add(session, e, [page["hs2-0"], page["hs2-1"], page["tar-0"]], actor=user)
    check(session, e)
    assert plan_edition(session, e, word_limit=LIMIT).words > 0
    # edited: the publication text is what counts
    letter = session.get(Letter, page["hs2-0"])
    moderation.edit_publication(session, letter.id, user=user, version=letter.version, headline="H",
                                publication_text="Sir, " + "much longer " * 30, signoff_name="A",
                                signoff_location="B")
    check(session, e)
    assert plan_edition(session, e, word_limit=LIMIT).over_budget
    # stances tagged
    for key, stance in (("hs2-0", "for"), ("hs2-1", "for"), ("new-0", "against"), ("hs2-3", "mixed")):
        moderation.set_stance(session, page[key], stance, user=user)
    check(session, e)
    plan = plan_edition(session, e, word_limit=LIMIT)
    hs2 = next(g for g in plan.groups if g.slug == "hs2")
    assert hs2.one_sided == "for" and "received are mixed" in hs2.warning
    # relinked: the letter moves to the other group, and the counts follow
    letter = session.get(Letter, page["hs2-1"])
    moderation.relink(session, letter.id, user=user, version=letter.version, article_slug="tariffs")
    check(session, e)
    # removed
    editions.remove(session, e, page["tar-0"], actor=user)
    check(session, e)
    # rejected (there is no withdraw action: rejection is how a letter leaves the page)
    letter = session.get(Letter, page["hs2-0"])
    moderation.reject(session, letter.id, user=user, version=letter.version, reason="withdrawn by the writer")
    check(session, e)
    assert page["hs2-0"] not in order(session, e)
    assert session.scalar(select(AuditEvent.action).where(
        AuditEvent.letter_id == page["hs2-0"]).order_by(AuditEvent.id.desc()).limit(1)) == "reject"


def test_desk_flags(session, page):
    e = page["edition"]
    hs2 = page["hs2"]
    long = add_letter(session, article=hs2, text="word " * 320, needs_review=True, author_location=None,
                      author_email="often@example.org")
    for _ in range(3):
        add_letter(session, article=hs2, status="new", author_email="often@example.org")
    editions.add(session, e, [long.id], actor="ed")
    flags = plan_edition(session, e, word_limit=LIMIT).entries[0].flags
    assert "over the limit (320/300)" in flags and "needs review" in flags and "no town" in flags
    assert any(f.startswith("frequent writer (4") for f in flags)


def test_article_balance_against_direct_counts(session, page):
    from datetime import datetime, timedelta, timezone

    from inbox.desk.balance import article_balance, chart_bars
    from inbox.models import Stance
    hs2 = page["hs2"]
    hs2.published_on = date(2026, 11, 18)
    repeat = add_letter(session, article=hs2, status="published", author_email="w@example.org",
                        received_at=datetime(2026, 11, 22, 9, tzinfo=timezone.utc))
    add_letter(session, article=hs2, status="rejected", author_email="w@example.org",
               received_at=datetime(2026, 11, 23, 9, tzinfo=timezone.utc))
    for key, stance in (("hs2-0", "for"), ("hs2-1", "against"), ("new-0", "against")):
        moderation.set_stance(session, page[key], stance, user="ed")
    moderation.set_stance(session, repeat.id, "mixed", user="ed")
    session.flush()
    balance = article_balance(session, hs2)
    letters = session.scalars(select(Letter).where(Letter.article_id == hs2.id, Letter.kind == Kind.LETTER)).all()
    for key in ("for", "against", "mixed", "none"):
        mine = [l for l in letters if (l.stance.value if l.stance else "none") == key]
        counts = balance.stances[key]
        assert counts.received == len(mine)
        assert counts.shortlisted == sum(l.status is Status.SHORTLISTED for l in mine)
        assert counts.printed == sum(l.status is Status.PUBLISHED for l in mine)
    assert balance.total.received == len(letters) == 9
    firsts = {}
    for l in session.scalars(select(Letter).order_by(Letter.id)):
        firsts.setdefault(l.author_email, l.id)
    regulars = [l for l in letters if firsts[l.author_email] != l.id]
    assert balance.writers["regular"].received == len(regulars) == 1
    assert balance.writers["first-time"].received == len(letters) - 1
    assert balance.writers["regular"].printed == 0 and balance.writers["first-time"].printed == 1
    # letters per day from the day the article appeared, every day present
    per_day = dict(balance.per_day)
    assert balance.per_day[0][0] == date(2026, 11, 18)
    assert sum(per_day.values()) == len(letters)
    assert per_day[date(2026, 11, 22)] == 1 and per_day[date(2026, 11, 19)] == 0
    days = [b["day"] for b in chart_bars(balance.per_day)["bars"]]
    assert days == [(date(2026, 11, 18) + timedelta(days=i)).isoformat() for i in range(len(days))]
    # a stance outside the list is refused
    with pytest.raises(moderation.InvalidChange):
        moderation.set_stance(session, page["hs2-0"], "sideways", user="ed")
    assert session.get(Letter, page["hs2-0"]).stance is Stance.FOR


def direct_writers(session, article_id):
    """First-time / regular received on an article, counted from the rows: first-time when no
    letter with a lower id has the same address, or there is no address."""
    firsts = {}
    for letter_id, email in session.execute(select(Letter.id, Letter.author_email).order_by(Letter.id)):
        firsts.setdefault(email, letter_id)
    out = {"first-time": 0, "regular": 0}
    for l in session.scalars(select(Letter).where(Letter.article_id == article_id, Letter.kind == Kind.LETTER)):
        out["first-time" if l.author_email is None or firsts[l.author_email] == l.id else "regular"] += 1
    return out


def check_writers(session, *articles):
    from inbox.desk.balance import article_balance
    session.flush()
    session.expire_all()
    for a in articles:
        writers = article_balance(session, a).writers
        assert {k: c.received for k, c in writers.items()} == direct_writers(session, a.id)


def test_first_time_and_regular_follow_every_change(session, settings, page):
    from datetime import datetime, timezone

    from inbox.desk import accounts
    from inbox.enums import WITHDRAWN_REASON
    from inbox.readers import privacy
    user = accounts.create_user(session, "ed@example.org", "long enough password")
    hs2, tariffs = page["hs2"], page["tariffs"]
    old = datetime(2020, 1, 1, tzinfo=timezone.utc)
    # added: the address's first letter on tariffs, then three on HS2 (an old one among them)
    first = add_letter(session, article=tariffs, author_email="w@example.org")
    a, b, c = (add_letter(session, article=hs2, author_email="w@example.org", received_at=at)
               for at in (old, None, None))
    check_writers(session, hs2, tariffs)
    assert direct_writers(session, hs2.id)["regular"] == 3
    # removed: the first letter goes, the earliest left of that address becomes the first
    message = first.message
    session.delete(first)
    session.delete(message)
    check_writers(session, hs2, tariffs)
    # edited, relinked, withdrawn: the split follows the letter to its new article
    moderation.edit_publication(session, b.id, user=user, version=b.version, headline="H",
                                publication_text="Sir, edited.", signoff_name="W", signoff_location="X")
    moderation.relink(session, b.id, user=user, version=session.get(Letter, b.id).version, article_slug="tariffs")
    moderation.reject(session, c.id, user=user, version=c.version, reason=WITHDRAWN_REASON)
    check_writers(session, hs2, tariffs)
    # retention blanks the old letter's address: it counts as first-time, and so does the next
    assert privacy.purge(session, settings, actor="test").letter_ids == [a.id]
    check_writers(session, hs2, tariffs)
    assert session.scalar(select(Letter.first_from_address).where(Letter.id == b.id))
    # erasure: every letter of the address removed (none published)
    add_letter(session, article=hs2, author_email="w@example.org")
    check_writers(session, hs2, tariffs)
    privacy.erase_writer(session, settings, "w@example.org", actor="test")
    check_writers(session, hs2, tariffs)
    assert session.scalar(select(func.count()).where(Letter.author_email == "w@example.org")) == 0
