"""``inbox writers list``: the writers with their standing, letters and publishing record, as JSON."""
from __future__ import annotations

import json
import sys

import click

from inbox.cli.common import account_for_pending
from inbox.config import Settings
from inbox.enums import STANDINGS


@click.group()
def writers() -> None:
    """Writers recognised across letters, and the desk's standing rules for them."""


@writers.command("list")
@click.option("--standing", type=click.Choice(STANDINGS), help="Only writers with this standing.")
@click.pass_obj
def list_(settings: Settings, standing: str | None) -> None:
    """Print the writers as a JSON array."""
    from inbox.bootstrap import open_database
    from inbox.desk.writers import list_writers

    db = open_database(settings)
    account_for_pending(db, settings)
    with db.factory() as session:
        rows = [r.to_dict() for r in list_writers(session, standing=standing)]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
