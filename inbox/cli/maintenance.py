"""``inbox db upgrade`` and ``inbox seed``: the database's schema and the seed articles."""
from __future__ import annotations

from pathlib import Path

import click

from inbox.config import Settings


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(settings: Settings) -> None:
    """Apply the Alembic migrations."""
    from inbox.bootstrap import open_database

    open_database(settings, seed=False)
    click.echo("database is up to date", err=True)


@click.command()
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also load the seed documents (*.txt) in this folder.")
@click.pass_obj
def seed(settings: Settings, folder: Path | None) -> None:
    """Load or update every article in seeds/ (idempotent), and those in --dir."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk.articles import load_seeds

    db = open_database(settings)
    try:
        if folder is not None:
            with transaction(db.factory) as session:
                try:
                    articles = load_seeds(session, folder)
                except ValueError as e:
                    raise click.ClickException(str(e)) from None
                click.echo(f"{len(articles)} articles loaded from {folder}: "
                           + ", ".join(a.slug for a in articles), err=True)
    finally:
        db.engine.dispose()
