"""The seed article: its metadata, its body verbatim, idempotent loading."""
from __future__ import annotations

from sqlalchemy import func, select

from inbox.desk.articles import load_seeds, read_seed
from inbox.db import transaction
from inbox.models import Article
from inbox.resources import resource_dir
from tests.conftest import REPO


def test_the_seed_article_has_its_metadata_and_verbatim_body():
    doc = read_seed(resource_dir("seeds") / "blinken-beijing.txt")
    assert doc.slug == "blinken-beijing"
    assert doc.publication == "Reaction"
    assert doc.url and doc.url.startswith("https://reaction.life/")
    assert doc.published_on.isoformat() == "2023-06-19"
    original = REPO.parent / "shared" / "seeds" / "reaction-blinken-beijing.txt"
    if original.exists():
        assert doc.body == original.read_text(encoding="utf-8")
    assert doc.body.startswith("“Competition should not veer into conflict,”")
    assert doc.body.endswith("letters@reaction.life")


def test_the_title_is_marked_as_an_editorial_label():
    head = (resource_dir("seeds") / "blinken-beijing.txt").read_text().split("\n\n", 1)[0]
    assert "editorial label" in head


def test_loading_seeds_twice_is_idempotent(db):
    with transaction(db.factory) as s:
        load_seeds(s, resource_dir("seeds"))
    with transaction(db.factory) as s:
        load_seeds(s, resource_dir("seeds"))
        assert s.scalar(select(func.count()).select_from(Article)) == 1


def test_loading_seeds_updates_a_changed_article(db, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Slug: a\nTitle: First\n\nBody one")
    with transaction(db.factory) as s:
        load_seeds(s, folder)
    (folder / "a.txt").write_text("Slug: a\nTitle: Second\n\nBody two")
    with transaction(db.factory) as s:
        load_seeds(s, folder)
        article = s.scalar(select(Article).where(Article.slug == "a"))
        assert (article.title, article.body) == ("Second", "Body two")
