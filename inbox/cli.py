"""The ``inbox`` command line (click). Each command reads Settings from the environment once,
then calls the domain; logging goes to stderr so stdout stays clean for JSON and exports."""
from __future__ import annotations

import json
import logging
import signal
import sys
import threading

import click

from inbox.cli_export import export
from inbox.cli_users import users
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


# Commands that live in modules of their own.
main.add_command(export)
main.add_command(users)


def _wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1):
        pass


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--smtp-port", default=8025, show_default=True, type=int)
@click.option("--web-port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(settings: Settings, host: str, smtp_port: int, web_port: int) -> None:
    """Run the SMTP listener and the web app (waitress) in one process."""
    from waitress.server import create_server

    from inbox.runtime import Listener, open_database
    from inbox.web import create_app

    db = open_database(settings)
    app = create_app(settings, db=db)
    listener = Listener(settings, db, host=host, port=smtp_port, separate_worker=True).start()
    web = create_server(app, host=host, port=web_port, threads=8, ident="inbox")
    thread = threading.Thread(target=web.run, name="waitress", daemon=True)
    thread.start()
    click.echo(f"SMTP on {host}:{smtp_port}, web on http://{host}:{web_port}/ (Ctrl-C stops)", err=True)
    _first_run_hint(db)
    try:
        _wait_for_stop()
    finally:
        web.close()
        listener.stop()
        click.echo("stopped", err=True)


def _first_run_hint(db) -> None:
    try:
        from inbox.accounts import first_run_hint
    except ImportError:
        return
    hint = first_run_hint(db.factory)
    if hint:
        click.echo(hint, err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--lmtp", is_flag=True, help="Speak LMTP (for a Postfix or Exim in front).")
@click.pass_obj
def smtp(settings: Settings, host: str, port: int, lmtp: bool) -> None:
    """Run the SMTP (or LMTP) listener alone."""
    from inbox.runtime import Listener, open_database

    listener = Listener(settings, open_database(settings), host=host, port=port, lmtp=lmtp,
                        separate_worker=True).start()
    click.echo(f"{'LMTP' if lmtp else 'SMTP'} listening on {host}:{port} (Ctrl-C stops)", err=True)
    try:
        _wait_for_stop()
    finally:
        listener.stop()


@main.command()
@click.option("--parent-pipe", is_flag=True, help="Woken by bytes on stdin; exit at its EOF (how smtp/serve run it).")
@click.option("--poll", default=2.0, show_default=True, type=float, help="Seconds between checks for work.")
@click.pass_obj
def worker(settings: Settings, parent_pipe: bool, poll: float) -> None:
    """Process stored messages into letters (smtp and serve start one themselves)."""
    from inbox.worker import run_worker

    run_worker(settings, parent_pipe=parent_pipe, poll_seconds=poll)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(settings: Settings) -> None:
    """Apply the Alembic migrations."""
    from inbox.runtime import open_database

    open_database(settings, seed=False)
    click.echo("database is up to date", err=True)


@main.command()
@click.pass_obj
def seed(settings: Settings) -> None:
    """Load or update every article in seeds/ (idempotent)."""
    from inbox.runtime import open_database

    open_database(settings)


@main.command()
@click.option("--kind", type=click.Choice(["letter", "automated", "all"]), default="letter", show_default=True)
@click.option("--status", type=click.Choice(["new", "shortlisted", "rejected", "published", "all"]),
              default="all", show_default=True)
@click.option("--article", metavar="SLUG", help='An article slug, or "unassigned".')
@click.pass_obj
def letters(settings: Settings, kind: str, status: str, article: str | None) -> None:
    """Print the stored letters as a JSON array."""
    from inbox.letters import letter_to_dict, list_letters
    from inbox.processing import process_pending
    from inbox.runtime import open_database

    db = open_database(settings)
    process_pending(db.factory, settings)      # account for every acknowledged message
    with db.factory() as session:
        rows = [letter_to_dict(l) for l in list_letters(session, kind=kind, status=status, article=article)]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")

