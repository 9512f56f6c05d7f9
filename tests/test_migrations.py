"""The Alembic migrations build exactly the schema the models describe, on each backend."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from inbox.migrate import include_name
from inbox.models import Base


def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_full_text_search_uses_the_backends_own_engine(db):
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert "letters_fts" in inspect(conn).get_table_names()
        else:
            indexes = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_letters_search' AND schemaname = current_schema()"))
            assert "gin" in indexes.scalar_one().lower()


def test_upgrading_twice_changes_nothing(db, settings):
    from inbox import migrate
    migrate.upgrade(db.engine)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None


def test_the_head_read_from_the_files_is_alembics_head():
    # Starting a command skips Alembic when the database is at this head; a wrong reading would
    # skip a migration, so it must agree with Alembic's own graph.
    from alembic.script import ScriptDirectory

    from inbox import migrate
    assert migrate.head_revision() == ScriptDirectory.from_config(migrate._scripts_config()).get_current_head()


def test_a_database_behind_the_head_is_still_upgraded(tmp_path):
    from inbox import migrate
    from inbox.db import make_engine
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(engine, "0002")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == migrate.head_revision()
    engine.dispose()


def test_first_from_address_is_backfilled_by_0014(settings):
    # Letters stored before 0014: the first letter of each address (or without one) is first.
    import hashlib

    from sqlalchemy import insert, select
    from sqlalchemy.orm import Session

    from inbox import migrate
    from inbox.db import make_engine
    from inbox.models import Kind, Letter, Message, Status, utcnow
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
    migrate.upgrade(engine, "0013")
    emails = ["a@example.org", "b@example.org", "a@example.org", None, "b@example.org"]
    with Session(engine) as s:
        ids = s.scalars(insert(Message).returning(Message.id, sort_by_parameter_order=True), [
            dict(fingerprint=hashlib.sha256(str(i).encode()).hexdigest(), raw=b"x", size=1, mail_from="",
                 rcpt_tos=[], received_at=utcnow(), processed_at=utcnow()) for i in range(len(emails))]).all()
        s.execute(insert(Letter), [dict(message_pk=m, kind=Kind.LETTER, status=Status.NEW, author_email=e,
                                        received_at=utcnow(), link_suggestions=[], headers=[], flags=[])
                                   for m, e in zip(ids, emails)])
        s.commit()
    migrate.upgrade(engine)
    with engine.connect() as conn:
        firsts = conn.execute(select(Letter.first_from_address).order_by(Letter.id)).scalars().all()
    assert firsts == [True, True, False, True, False]
    engine.dispose()


def test_0016_rebuilds_the_campaign_keys_of_the_letters_that_had_them(settings):
    """Letters stored before 0016 carry keys of the old signature: rebuilt with the current
    scheme, so they still match new letters; a letter that had none (detection off) gets none."""
    import hashlib

    from sqlalchemy import insert, select
    from sqlalchemy.orm import Session

    from inbox import migrate
    from inbox.db import make_engine
    from inbox.models import Kind, Letter, LshKey, Message, Status, utcnow
    from inbox.pipeline.campaign_signature import letter_keys
    from tests.pipeline.test_campaigns import campaign_letter
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
    migrate.upgrade(engine, "0015")
    texts = [campaign_letter(1), campaign_letter(2, greeting="Madam,"), campaign_letter(3), "Sir, I agree."]
    with Session(engine) as s:
        mids = s.scalars(insert(Message).returning(Message.id, sort_by_parameter_order=True), [
            dict(fingerprint=hashlib.sha256(str(i).encode()).hexdigest(), raw=b"x", size=1, mail_from="",
                 rcpt_tos=[], received_at=utcnow(), processed_at=utcnow()) for i in range(len(texts))]).all()
        ids = s.scalars(insert(Letter).returning(Letter.id, sort_by_parameter_order=True), [
            dict(message_pk=m, kind=Kind.LETTER, status=Status.NEW, text=t, full_text=t, received_at=utcnow(),
                 link_suggestions=[], headers=[], flags=[]) for m, t in zip(mids, texts)]).all()
        # Old keys (any values) for the first two and the short one; the third was stored with
        # detection off.
        s.execute(insert(LshKey), [{"key": 1000 * n + band, "letter_id": ids[n]} for n in (0, 1, 3)
                                   for band in range(25)])
        s.commit()
    migrate.upgrade(engine)
    with Session(engine) as s:
        stored = {}
        for key, letter_id in s.execute(select(LshKey.key, LshKey.letter_id)):
            stored.setdefault(letter_id, []).append(key)
        if engine.dialect.name == "sqlite":
            assert "WITHOUT ROWID" in s.execute(text(
                "SELECT sql FROM sqlite_master WHERE name = 'lsh_keys'")).scalar_one().upper()
    assert {i: sorted(k) for i, k in stored.items()} == {ids[0]: letter_keys(texts[0]), ids[1]: letter_keys(texts[1])}
    assert len(set(stored[ids[0]]) & set(stored[ids[1]])) > 0        # still a campaign's candidates
    engine.dispose()
