"""Moderation in the domain: decisions, conflicts, publication versions, order, audit, search."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from inbox.desk import accounts, moderation
from inbox.models import AuditEvent, Letter, Status
from inbox.resources import resource_dir
from inbox.desk.search import fts5_query
from inbox.desk.textdiff import word_diff

from tests.web.conftest import store_letter  # the shared letter factory


@pytest.fixture
def editor(db):
    with db.factory() as s, s.begin():
        user = accounts.create_user(s, "ed@example.org", "long enough password", name="Ed")
        return user.id


def _user(s, uid):
    from inbox.models import User
    return s.get(User, uid)


def test_shortlist_starts_the_publication_version_and_audits(db, editor):
    lid = store_letter(db, text="Original text.", author_name="Ann", author_location="York")
    with db.factory() as s, s.begin():
        letter = moderation.shortlist(s, lid, user=_user(s, editor), version=1)
        assert letter.publication_text == "Original text." and letter.signoff_name == "Ann"
        assert letter.signoff_location == "York" and letter.position == 1 and letter.version == 2
    with db.factory() as s:
        event = s.query(AuditEvent).filter(AuditEvent.letter_id.is_not(None)).one()
        assert (event.action, event.user_email, event.letter_id) == ("shortlist", "ed@example.org", lid)
        assert event.before["status"] == "new" and event.after["status"] == "shortlisted"
        assert event.at.tzinfo is not None and event.at.utcoffset() == timedelta(0)


def test_stale_version_raises_conflict_and_changes_nothing(db, editor):
    lid = store_letter(db)
    with db.factory() as s, s.begin():
        moderation.reject(s, lid, user=_user(s, editor), version=1, reason="no")
    with db.factory() as s:
        with pytest.raises(moderation.Conflict, match="changed by someone else"):
            moderation.shortlist(s, lid, user=_user(s, editor), version=1)
        s.rollback()
    with db.factory() as s:
        assert s.get(Letter, lid).status is Status.REJECTED
        assert s.query(AuditEvent).filter(AuditEvent.letter_id.is_not(None)).count() == 1


def test_a_lost_race_at_update_time_is_a_conflict(db, editor):
    lid = store_letter(db)
    with db.factory() as s1, db.factory() as s2:
        user = _user(s1, editor)
        s1.get(Letter, lid)                    # both load version 1
        s1.commit()                            # (s1 keeps its now-stale copy: expire_on_commit=False)
        s2.get(Letter, lid)
        moderation.reject(s2, lid, user=_user(s2, editor), version=1)
        s2.commit()
        with pytest.raises(moderation.Conflict):
            moderation.shortlist(s1, lid, user=user, version=1)   # passes the check, loses at UPDATE


def test_restore_clears_reason_and_position(db, editor):
    lid = store_letter(db)
    with db.factory() as s, s.begin():
        u = _user(s, editor)
        moderation.shortlist(s, lid, user=u)
        moderation.reject(s, lid, user=u, reason="dup")
        letter = moderation.restore(s, lid, user=u)
        assert letter.status is Status.NEW and letter.reject_reason is None and letter.position is None


def test_bulk_applies_each_and_reports_conflicts_and_missing(db, editor):
    a, b = store_letter(db), store_letter(db)
    with db.factory() as s, s.begin():
        moderation.reject(s, b, user=_user(s, editor))
    with db.factory() as s, s.begin():
        result = moderation.bulk(s, "shortlist", [(a, 1), (b, 1), (999, None)], user=_user(s, editor))
    assert (result.done, result.conflicts, result.missing) == ([a], [b], [999])


def test_edit_publication_never_touches_the_original(db, editor):
    lid = store_letter(db, text="Sir, original.\n\nPara two.")
    with db.factory() as s, s.begin():
        u = _user(s, editor)
        with pytest.raises(moderation.InvalidChange):
            moderation.edit_publication(s, lid, user=u, version=None, headline="H", publication_text="x",
                                        signoff_name=None, signoff_location=None)
        moderation.shortlist(s, lid, user=u)
        letter = moderation.edit_publication(s, lid, user=u, version=2, headline="A\r\nHead",
                                             publication_text="Sir, edited.\r\n\r\nPara two.",
                                             signoff_name="A. N.", signoff_location="Bath")
        assert letter.text == "Sir, original.\n\nPara two." and letter.publication_text == "Sir, edited.\n\nPara two."
        assert letter.headline == "A Head"


def test_move_up_and_down_renumbers_once_then_swaps(db, editor):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    ids = [store_letter(db, received_at=start + timedelta(hours=i), status=Status.SHORTLISTED) for i in range(3)]
    with db.factory() as s, s.begin():                     # legacy rows without positions
        u = _user(s, editor)
        moderation.move(s, ids[2], "up", user=u)
        assert [l.id for l in moderation.shortlist_order(s)] == [ids[0], ids[2], ids[1]]
        moderation.move(s, ids[0], "up", user=u)            # already first: nothing moves
        assert [l.id for l in moderation.shortlist_order(s)] == [ids[0], ids[2], ids[1]]
        with pytest.raises(moderation.InvalidChange):
            moderation.move(s, ids[0], "sideways", user=u)


def test_relink_and_notes_are_audited(db, editor):
    lid = store_letter(db)
    with db.factory() as s, s.begin():
        u = _user(s, editor)
        moderation.relink(s, lid, user=u, version=1, article_slug="blinken-beijing")
        moderation.add_note(s, lid, user=u, body="ring the reader")
        with pytest.raises(moderation.InvalidChange):
            moderation.add_note(s, lid, user=u, body="   ")
    with db.factory() as s:
        assert [e.action for e in s.query(AuditEvent).filter(AuditEvent.letter_id.is_not(None))
                .order_by(AuditEvent.id)] == ["relink", "note"]


def test_missing_letter_is_not_found(db, editor):
    with db.factory() as s:
        with pytest.raises(moderation.NotFound):
            moderation.shortlist(s, 424242, user=_user(s, editor))


def test_word_diff_marks_changes():
    segs = word_diff("the quick brown fox", "the slow brown fox jumps")
    assert [(x.op, x.text) for x in segs if x.op != "same"] == [("del", "quick"), ("ins", "slow"), ("ins", " jumps")]


def test_fts5_query_quotes_every_word():
    assert fts5_query('taiwan AND "x" NEAR(') == '"taiwan" "AND" """x""" "NEAR("*'
    assert fts5_query("  ") is None and fts5_query("()") is None


def test_the_stored_search_document_is_the_one_0001_indexed():
    # 0003 moved the PostgreSQL search document into a stored column: what it matches must not change.
    def document(prefix):
        text = next((resource_dir("migrations") / "versions").glob(f"{prefix}*.py")).read_text()
        block = re.search(r"PG_DOCUMENT = \((.*?)\)\n", text, re.S).group(1)
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
    assert document("0003") == document("0001") and "to_tsvector('simple'" in document("0001")


def test_search_finds_by_subject_text_author(db):
    from inbox.desk.queue import QueueFilter, fetch_page
    store_letter(db, subject="Taiwan", text="Deterrence.", author_name="Jo Smith", author_email="jo@x.org")
    store_letter(db, subject="Budget", text="Tax.", author_name="Al Jones", author_location="Hull")
    with db.factory() as s:
        for q, want in (("taiwan", ["Taiwan"]), ("tax", ["Budget"]), ("jones", ["Budget"]), ("hull", ["Budget"]),
                        ("jo@x.org", ["Taiwan"]), ("zebra", [])):
            assert [l.subject for l in fetch_page(s, QueueFilter(q=q)).letters] == want, q


def test_postgres_search_uses_the_gin_index(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(reason="PostgreSQL only (set INBOX_TEST_DATABASE_URL)")
    from sqlalchemy import select, text

    from inbox.desk.search import search_condition
    with db.factory() as s:
        s.execute(text("SET enable_seqscan = off"))
        query = select(Letter.id).where(search_condition(s, "taiwan deterrence"))
        compiled = query.compile(s.bind)
        plan = "\n".join(r[0] for r in s.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params))
    assert "ix_letters_search" in plan, plan


def test_word_diff_ignores_line_ending_and_wrapping_changes():
    segs = word_diff("Sir,\r\n\r\nOne two\r\nthree.", "Sir,\n\nOne two three.")
    assert all(x.op == "same" for x in segs)


def test_first_line_skips_the_salutation():
    from inbox.desk.queue import first_line
    assert first_line("Sir,\n\nThe visit achieved little.") == "The visit achieved little."
    assert first_line("Dear Editor,\nWhat a piece.") == "What a piece."
    assert first_line("Sir,") == "Sir,"
