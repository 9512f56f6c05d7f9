"""The ``inbox`` command line (click): one module per command group, registered here.

Each command reads Settings from the environment once, then calls the domain; logging goes to
stderr so stdout stays clean for JSON and exports. Heavy modules are imported inside the
commands, so ``inbox --help`` and a quick command start fast.
"""
from __future__ import annotations

import logging
import sys

import click

from inbox.cli.backup import backup, restore
from inbox.cli.common import log_storage
from inbox.cli.articles import articles
from inbox.cli.editions import editions
from inbox.cli.export import export
from inbox.cli.letters import letters
from inbox.cli.maintenance import db, seed
from inbox.cli.readers import purge, readers
from inbox.cli.serve import serve, smtp, worker
from inbox.cli.tokens import tokens
from inbox.cli.users import users
from inbox.cli.writers import writers
from inbox.config import Settings


def _setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)   # aiosmtpd's per-command chatter
    logging.getLogger("alembic").setLevel(logging.WARNING)    # its plugin list on every start


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debugging detail to stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """The Reaction letters inbox."""
    _setup_logging(verbose)
    ctx.obj = Settings.from_env()
    log_storage(ctx.obj)


for command in (serve, smtp, worker, db, seed, letters, users, export, articles, tokens, readers, purge,
                backup, restore, writers, editions):
    main.add_command(command)
