"""``inbox readers export|erase EMAIL`` (a writer's data: subject access, erasure) and
``inbox purge`` (retention). JSON and reports go to stdout."""
from __future__ import annotations

import json

import click

from inbox.cli.common import account_for_pending
from inbox.config import Settings


@click.group()
def readers() -> None:
    """A writer's data: everything held about them, or its erasure."""


@readers.command("export")
@click.argument("email")
@click.pass_obj
def readers_export(settings: Settings, email: str) -> None:
    """Print everything held about the writer of EMAIL as JSON."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk import audit
    from inbox.readers.privacy import export_writer

    db = open_database(settings)
    account_for_pending(db, settings)
    with transaction(db.factory) as session:
        data = export_writer(session, email)
        audit.record(session, "cli", "reader-export", after={"letters": len(data["letters"])})
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@readers.command("erase")
@click.argument("email")
@click.option("--dry-run", is_flag=True, help="Say what would be erased; change nothing.")
@click.pass_obj
def readers_erase(settings: Settings, email: str, dry_run: bool) -> None:
    """Erase the writer of EMAIL: contact data, raw messages, attachments, mail sent, and their
    letters (published ones keep their published text, name and town with INBOX_KEEP_PUBLISHED)."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.readers.privacy import erase_writer

    db = open_database(settings)
    account_for_pending(db, settings)
    with transaction(db.factory) as session:
        result = erase_writer(session, settings, email, actor="cli", dry_run=dry_run)
    click.echo(json.dumps({"dry_run": dry_run, **result.counts()}, indent=2))


@click.command()
@click.option("--dry-run", is_flag=True, help="Say what would be purged; change nothing.")
@click.pass_obj
def purge(settings: Settings, dry_run: bool) -> None:
    """Retention: erase contact data, raw messages, headers and attachments of letters older than
    INBOX_RETAIN_UNPUBLISHED_DAYS / INBOX_RETAIN_PUBLISHED_DAYS."""
    from inbox.bootstrap import open_database
    from inbox.readers.retention import run_purge

    click.echo(run_purge(open_database(settings), settings, dry_run=dry_run))
