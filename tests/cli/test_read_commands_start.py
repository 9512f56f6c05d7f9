"""A read command's start does only what it needs (issue 13: commands start in under 0.5 s):
the processing pass runs when a message is pending (one indexed query says whether), and the
seeds are written only when what is stored differs from them. Behaviour, not timings: every
acknowledged message is still listed, and a changed seed is still restored."""
from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select

from inbox.bootstrap import open_database
from inbox.cli import main
from inbox.db import transaction
from inbox.desk.articles import load_seeds, seeds_current
from inbox.intake.store import IncomingMessage, MessageStore
from inbox.models import Article
from inbox.pipeline.pending import any_pending
from inbox.resources import resource_dir
from tests.conftest import make_letter


def letters_cli(settings) -> list[dict]:
    env = {"INBOX_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    result = CliRunner().invoke(main, ["letters"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_pending_message_is_processed_and_listed_then_nothing_is_pending(settings, db):
    writer = MessageStore(db.engine)
    try:
        writer.write([writer.prepare(IncomingMessage(make_letter(message_id="<pending-1@example.org>"),
                                                     "ann@example.org", ("letters@reaction.life",)))])
    finally:
        writer.close()
    with db.factory() as s:
        assert any_pending(s)
    assert [row["message_id"] for row in letters_cli(settings)] == ["pending-1@example.org"]
    with db.factory() as s:
        assert not any_pending(s)
    assert len(letters_cli(settings)) == 1        # the second run finds nothing to process


def test_seeds_are_current_only_as_stored(db, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Slug: a\nTitle: First\n\nBody one")
    with db.factory() as s:
        assert not seeds_current(s, folder)       # not stored yet
    with transaction(db.factory) as s:
        load_seeds(s, folder)
    with db.factory() as s:
        assert seeds_current(s, folder)
    (folder / "a.txt").write_text("Slug: a\nTitle: Second\n\nBody one")
    with db.factory() as s:
        assert not seeds_current(s, folder)


def test_opening_the_database_restores_a_seed_changed_in_the_database(settings, db):
    with transaction(db.factory) as s:        # the fixture's database was opened with the seeds
        article = s.scalar(select(Article))
        seed_title, article.title = article.title, "Changed by hand"
    reopened = open_database(settings)
    with reopened.factory() as s:
        assert s.scalar(select(Article.title)) == seed_title
    reopened.engine.dispose()
    with db.factory() as s:
        assert seeds_current(s, resource_dir("seeds"))
