"""``inbox letters``: the stored letters as a JSON array on stdout; ``inbox letters reparse``:
letters stored before the parser said what it removed, parsed again."""
from __future__ import annotations

import json
import sys

import click

from inbox.cli.common import account_for_pending, require_database
from inbox.config import Settings
from inbox.enums import KINDS, STATUSES


@click.group(invoke_without_command=True)
@click.option("--kind", type=click.Choice([*KINDS, "all"]), default="letter", show_default=True)
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="all", show_default=True)
@click.option("--article", metavar="SLUG", help='An article slug, or "unassigned".')
@click.pass_context
def letters(ctx: click.Context, kind: str, status: str, article: str | None) -> None:
    """Print the stored letters as a JSON array."""
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj
    from inbox.bootstrap import open_database
    from inbox.desk.reading import letter_to_dict, list_letters

    require_database(settings)
    db = open_database(settings)
    account_for_pending(db, settings)
    with db.factory() as session:
        rows = [letter_to_dict(l) for l in list_letters(session, kind=kind, status=status, article=article)]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@letters.command("reparse")
@click.option("--dry-run", is_flag=True, help="Only say which letters would change.")
@click.pass_obj
def reparse(settings: Settings, dry_run: bool) -> None:
    """Parse again the letters stored before the parser listed what it removed (migration
    0004): text, removed parts, contact, name and town; never an editor's publication version.
    Audited. Prints a JSON summary."""
    from inbox.bootstrap import open_database
    from inbox.pipeline.reparse import reparse_letters

    require_database(settings)
    db = open_database(settings)
    result = reparse_letters(db.factory, dry_run=dry_run)
    json.dump({"dry_run": dry_run, "examined": result.examined, "changed": result.changed,
               "publication_version_kept": result.kept_publication}, sys.stdout, indent=1)
    sys.stdout.write("\n")
