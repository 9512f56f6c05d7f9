"""``inbox serve``, ``inbox smtp`` and ``inbox worker``: the long-running processes."""
from __future__ import annotations

import signal
import threading

import click

from inbox.config import Settings


def wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1):
        pass


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--smtp-port", default=8025, show_default=True, type=int)
@click.option("--web-port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(settings: Settings, host: str, smtp_port: int, web_port: int) -> None:
    """Run the SMTP listener and the web app (waitress) in one process."""
    from waitress.server import create_server

    from inbox.bootstrap import open_database
    from inbox.desk.accounts import first_run_hint
    from inbox.feeds.poller import FeedPoller
    from inbox.listener import Listener
    from inbox.web import create_app

    db = open_database(settings)
    app = create_app(settings, db=db)
    listener = Listener(settings, db, host=host, port=smtp_port, separate_worker=True).start()
    web = create_server(app, host=host, port=web_port, threads=8, ident="inbox")
    thread = threading.Thread(target=web.run, name="waitress", daemon=True)
    thread.start()
    poller = (FeedPoller(db.factory, settings.articles_feeds, settings.articles_feed_interval).start()
              if settings.articles_feeds else None)
    click.echo(f"SMTP on {host}:{smtp_port}, web on http://{host}:{web_port}/ (Ctrl-C stops)", err=True)
    hint = first_run_hint(db.factory)
    if hint:
        click.echo(hint, err=True)
    try:
        wait_for_stop()
    finally:
        if poller is not None:
            poller.stop()
        web.close()
        listener.stop()
        click.echo("stopped", err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--lmtp", is_flag=True, help="Speak LMTP (for a Postfix or Exim in front).")
@click.pass_obj
def smtp(settings: Settings, host: str, port: int, lmtp: bool) -> None:
    """Run the SMTP (or LMTP) listener alone."""
    from inbox.bootstrap import open_database
    from inbox.listener import Listener

    listener = Listener(settings, open_database(settings), host=host, port=port, lmtp=lmtp,
                        separate_worker=True).start()
    click.echo(f"{'LMTP' if lmtp else 'SMTP'} listening on {host}:{port} (Ctrl-C stops)", err=True)
    try:
        wait_for_stop()
    finally:
        listener.stop()


@click.command()
@click.option("--parent-pipe", is_flag=True, help="Woken by bytes on stdin; exit at its EOF (how smtp/serve run it).")
@click.option("--poll", default=2.0, show_default=True, type=float, help="Seconds between checks for work.")
@click.pass_obj
def worker(settings: Settings, parent_pipe: bool, poll: float) -> None:
    """Process stored messages into letters (smtp and serve start one themselves)."""
    from inbox.bootstrap import open_database
    from inbox.pipeline.runners import lower_priority, run_worker

    lower_priority(settings.worker_priority)
    db = open_database(settings, upgrade=False, seed=False)
    try:
        run_worker(db.factory, settings, parent_pipe=parent_pipe, poll_seconds=poll)
    finally:
        db.engine.dispose()
