"""What every command shares: saying which data it works on, refusing to read a database that
is not there, and naming the command as the operator can type it again."""
from __future__ import annotations

import logging
import os
import shlex
import sys

import click

from inbox.config import Settings

log = logging.getLogger("inbox.cli")


def log_storage(settings: Settings) -> None:
    """One line at the start of every command: the data folder is relative to the current
    directory by default, so the same command run from another folder reads other data."""
    log.info("data folder=%s database=%s", settings.data_dir.resolve(), settings.database_label)


def require_database(settings: Settings) -> None:
    """For commands that only read: fail, saying where we looked, when the SQLite database does
    not exist, instead of creating an empty one and reporting nothing (the letters look lost)."""
    from inbox.db import sqlite_file

    path = sqlite_file(settings.sqlalchemy_url)
    if path is None or path.exists():
        return
    where = ("INBOX_DATABASE_URL" if settings.database_url else
             f"INBOX_DATA_DIR={settings.data_dir}" + ("" if settings.data_dir.is_absolute() else
                                                      f", relative to the current folder {os.getcwd()}"))
    raise click.ClickException(
        f"no database at {path.resolve()} ({where}). Run the command from the folder the server "
        f"runs in, or point at its data: INBOX_DATA_DIR=/path/to/instance {invoked_as()} ... "
        f"(or INBOX_DATABASE_URL).")


def account_for_pending(db, settings: Settings) -> None:
    """Before a command lists or exports letters: process every acknowledged message, so each
    is accounted for. Usually the worker already has, and one indexed query says so; only then
    are the parser and the rest of processing imported (most of a read command's start)."""
    from inbox.pipeline.pending import any_pending

    with db.factory() as session:
        if not any_pending(session):
            return
    from inbox.pipeline.batch import process_pending

    process_pending(db.factory, settings)


def invoked_as() -> str:
    """How to run the CLI again, as it was run: the script's path as typed (``.venv/bin/inbox``
    after the README's install, where a bare ``inbox`` is not on the PATH), else ``python -m inbox``."""
    script = sys.argv[0] if sys.argv else ""
    if os.path.basename(script) == "inbox":
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m inbox"
