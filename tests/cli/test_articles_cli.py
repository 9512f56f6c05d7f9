"""``inbox articles list|add|import-feed`` and ``inbox seed --dir``, through click's runner
against the test database (the feed over real HTTP from a local server)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from inbox.cli import main
from inbox.desk.articles import article_by_slug
from tests.feeds.conftest import feed_server  # noqa: F401  (the fixture)
from tests.web.conftest import store_letter


@pytest.fixture
def run(settings, db):
    def _run(*args):
        env = {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return _run


def listed(run) -> dict[str, dict]:
    result = run("articles", "list")
    assert result.exit_code == 0, result.output
    return {a["slug"]: a for a in json.loads(result.stdout)}


def test_list_prints_json_with_letter_counts(run, db):
    store_letter(db, article_slug="blinken-beijing")
    store_letter(db, article_slug="blinken-beijing")
    rows = listed(run)
    assert rows["blinken-beijing"] == {"slug": "blinken-beijing", "title": "Blinken in Beijing: competition without conflict",
                                       "url": "https://reaction.life/blinken-in-beijing/", "published_at": "2023-06-19",
                                       "letters": 2, "retired": False}


def test_add_creates_then_updates_by_url_in_any_form(run, session, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("The Chancellor's statement, in full.", encoding="utf-8")
    result = run("articles", "add", "--url", "https://reaction.life/autumn-statement/", "--title",
                 "The Autumn Statement", "--published", "2026-11-20", "--body-file", str(body))
    assert result.exit_code == 0 and "article created: the-autumn-statement" in result.stderr
    result = run("articles", "add", "--url", "http://www.reaction.life/autumn-statement?utm_source=x",
                 "--title", "The Autumn Statement, read again")
    assert "article updated: the-autumn-statement" in result.stderr
    rows = listed(run)
    assert rows["the-autumn-statement"]["title"] == "The Autumn Statement, read again"
    assert rows["the-autumn-statement"]["published_at"] == "2026-11-20"
    assert article_by_slug(session, "the-autumn-statement").body == "The Chancellor's statement, in full."


def test_slugs_are_made_unique_and_a_taken_slug_is_refused(run):
    run("articles", "add", "--url", "https://reaction.life/a/", "--title", "Blinken in Beijing")
    run("articles", "add", "--url", "https://reaction.life/b/", "--title", "Blinken in Beijing")
    assert {"blinken-in-beijing", "blinken-in-beijing-2"} <= set(listed(run))
    taken = run("articles", "add", "--url", "https://reaction.life/c/", "--title", "C", "--slug", "blinken-beijing")
    assert taken.exit_code != 0 and "taken" in taken.output
    bad = run("articles", "add", "--url", "https://reaction.life/d/", "--title", "D", "--published", "20 May")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_import_feed_over_http_and_its_errors(run, feed_server):  # noqa: F811
    result = run("articles", "import-feed", f"{feed_server.url}/feed.rss")
    assert result.exit_code == 0 and "2 created" in result.stderr
    assert {"starmers-budget-gamble", "taiwan-and-the-chips"} <= set(listed(run))
    assert "2 unchanged" in run("articles", "import-feed", f"{feed_server.url}/feed.rss").stderr
    broken = run("articles", "import-feed", f"{feed_server.url}/broken.rss")
    assert broken.exit_code == 1 and "broken.rss" in broken.output


def test_seed_dir_loads_documents_from_another_folder(run, tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "nhs.txt").write_text("Slug: nhs-winter\nTitle: The NHS winter\nURL: https://reaction.life/nhs/\n"
                                    "Published: 2026-11-01\n\nCorridor care.\n", encoding="utf-8")
    result = run("seed", "--dir", str(folder))
    assert result.exit_code == 0, result.output
    rows = listed(run)
    assert rows["nhs-winter"]["published_at"] == "2026-11-01" and "blinken-beijing" in rows
    assert run("seed").exit_code == 0          # plain `inbox seed` still works
    (folder / "bad.txt").write_text("no headers here", encoding="utf-8")
    assert run("seed", "--dir", str(folder)).exit_code == 1
