"""``inbox backup FILE`` and ``inbox restore FILE``: a consistent copy of the SQLite database
while everything runs, and putting one back (see :mod:`inbox.backup`). On PostgreSQL both print
the ``pg_dump`` / ``pg_restore`` command for the configured database and exit 1, having done
nothing: its own tools do it better, and a script must not mistake the message for a backup."""
from __future__ import annotations

import logging
from pathlib import Path

import click

from inbox.cli.common import require_database
from inbox.config import Settings

log = logging.getLogger("inbox.backup")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(settings: Settings, file: Path) -> None:
    """Write a consistent copy of the database to FILE, safe while the listener runs.

    On PostgreSQL: print the pg_dump command for it and exit 1."""
    from inbox import backup as backups
    from inbox.db import sqlite_file

    database = sqlite_file(settings.sqlalchemy_url)
    if database is None:
        click.echo(backups.pg_dump_command(settings.sqlalchemy_url, str(file)))
        raise click.ClickException("no backup made: on PostgreSQL use pg_dump, as printed above "
                                   "(the password from PGPASSWORD or ~/.pgpass)")
    require_database(settings)
    try:
        contents = backups.backup_sqlite(database, file)
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from None
    log.info("backup written: %s (%s)", file.resolve(), contents)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds letters.")
@click.pass_obj
def restore(settings: Settings, file: Path, force: bool) -> None:
    """Replace the database with the backup FILE, then apply the migrations.

    FILE is checked first; a database that holds letters is replaced only with --force. On
    PostgreSQL: print the pg_restore command and exit 1."""
    from inbox import backup as backups
    from inbox.bootstrap import open_database
    from inbox.db import sqlite_file

    database = sqlite_file(settings.sqlalchemy_url)
    if database is None:
        click.echo(backups.pg_restore_command(settings.sqlalchemy_url, str(file)))
        raise click.ClickException("nothing restored: on PostgreSQL use pg_restore, as printed above")
    try:
        contents = backups.restore_sqlite(file, database, force=force)
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from None
    log.info("restored %s into %s (%s)", file.resolve(), database, contents)
    open_database(settings, seed=False).engine.dispose()      # the copy may predate a migration
    click.echo("database restored and up to date", err=True)
