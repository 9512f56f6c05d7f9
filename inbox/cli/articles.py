"""``inbox articles list|add|import-feed``: the magazine's articles from the command line."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from inbox.config import Settings


@click.group()
def articles() -> None:
    """The articles letters are linked to."""


@articles.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """Print every article as a JSON array (newest first), with its letter count."""
    from inbox.bootstrap import open_database
    from inbox.desk.articles import article_dict, letter_counts, list_articles

    db = open_database(settings, seed=False)
    try:
        with db.factory() as session:
            counts = letter_counts(session)
            rows = [article_dict(a, counts.get(a.id, 0)) for a in list_articles(session)]
    finally:
        db.engine.dispose()
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


def _date(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@articles.command("add")
@click.option("--url", required=True, help="The article's canonical address.")
@click.option("--title", required=True, help="The headline.")
@click.option("--slug", help="Short name used in letters+SLUG@ addresses (default: from the title).")
@click.option("--published", callback=_date, help="Publication date, YYYY-MM-DD.")
@click.option("--body-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A UTF-8 text file with the article's text (helps linking).")
@click.pass_obj
def add(settings: Settings, url: str, title: str, slug: str | None, published: date | None,
        body_file: Path | None) -> None:
    """Create the article at URL, or update the one already there."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk.articles import ArticleError, save_article

    body = body_file.read_text(encoding="utf-8") if body_file else None
    db = open_database(settings, seed=False)
    try:
        with transaction(db.factory) as session:
            article, outcome = save_article(session, url=url, title=title, slug=slug, published_on=published,
                                            body=body, source="cli", actor="cli")
            slug = article.slug
    except ArticleError as e:
        raise click.ClickException(str(e)) from None
    finally:
        db.engine.dispose()
    click.echo(f"article {outcome}: {slug}", err=True)


@articles.command("import-feed")
@click.argument("source")
@click.pass_obj
def import_feed(settings: Settings, source: str) -> None:
    """Import or update every item of the RSS or Atom feed at SOURCE (an http(s) URL or a path)."""
    from inbox.bootstrap import open_database
    from inbox.feeds.fetch import FeedError
    from inbox.feeds.importer import import_feed as run_import

    db = open_database(settings, seed=False)
    try:
        result = run_import(db.factory, source, actor="cli")
    except FeedError as e:
        raise click.ClickException(f"{source}: {e}") from None
    finally:
        db.engine.dispose()
    click.echo(", ".join(f"{n} {what}" for what, n in result.outcomes.items()), err=True)
