"""``inbox db upgrade`` and ``inbox seed``: the database's schema and the seed articles."""
from __future__ import annotations

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
@click.pass_obj
def seed(settings: Settings) -> None:
    """Load or update every article in seeds/ (idempotent)."""
    from inbox.bootstrap import open_database

    open_database(settings)
