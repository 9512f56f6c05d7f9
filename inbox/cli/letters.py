"""``inbox letters``: the stored letters as a JSON array on stdout."""
from __future__ import annotations

import json
import sys

import click

from inbox.cli.common import account_for_pending, require_database
from inbox.config import Settings
from inbox.enums import KINDS, STATUSES


@click.command()
@click.option("--kind", type=click.Choice([*KINDS, "all"]), default="letter", show_default=True)
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="all", show_default=True)
@click.option("--article", metavar="SLUG", help='An article slug, or "unassigned".')
@click.pass_obj
def letters(settings: Settings, kind: str, status: str, article: str | None) -> None:
    """Print the stored letters as a JSON array."""
    from inbox.bootstrap import open_database
    from inbox.desk.reading import letter_to_dict, list_letters

    require_database(settings)
    db = open_database(settings)
    account_for_pending(db, settings)
    with db.factory() as session:
        rows = [letter_to_dict(l) for l in list_letters(session, kind=kind, status=status, article=article)]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
