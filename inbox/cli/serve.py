"""``inbox serve``, ``inbox smtp`` and ``inbox worker``: the long-running processes."""
from __future__ import annotations

import signal
import sys
import threading

import click

from inbox.cli.common import invoked_as
from inbox.config import Settings


def wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1):
        pass


HEALTH_PATH = "/healthz"
# The interpreter hands its lock to a waiting thread after this long (CPython's default: 5 ms).
# Under a full page load every step of a /healthz request (read, the database check, the reply)
# waits for the lock behind the page threads; a shorter turn lets it through several times
# sooner, at no measured cost in pages per second (bench/RESULTS.md, "Hostile HTML").
SWITCH_INTERVAL_S = 0.001
# Page threads. A page is CPU work under one interpreter lock, so threads beyond a few add only
# contention: on 2 cores, 4 threads served more pages a second than 8 (69.9 against 61.1 over the
# hostile letters), with a lower page p95 (408 against 539 ms), and /healthz, which waits its
# turn among them, at p95 36 ms instead of 60 (bench/RESULTS.md, "Hostile HTML").
PAGE_THREADS = 4


def health_lane_dispatcher(threads: int):
    """Waitress's task queue with ``/healthz`` in a lane of its own: one dedicated thread answers
    the monitor's probe at once instead of after every page already queued for the ``threads``
    page threads (a saturated server otherwise answers it as late as its slowest pages). Pages
    never wait for the lane, and a flood of probes occupies only its one thread. Requests on one
    keep-alive connection are still answered in order: waitress queues a connection again only
    after its previous request is done. (Waitress takes a dispatcher through ``create_server``'s
    ``_dispatcher`` argument, meant for its tests: checked against waitress 3.0.)"""
    from waitress.task import ThreadedTaskDispatcher

    class Lane(ThreadedTaskDispatcher):
        def start_new_thread(self, target, thread_no):
            threading.Thread(target=target, name="waitress-health", args=(thread_no,), daemon=True).start()

    class HealthLane(ThreadedTaskDispatcher):
        def __init__(self):
            super().__init__()
            self.lane = Lane()
            self.lane.set_thread_count(1)

        def add_task(self, channel):
            request = channel.requests[0] if getattr(channel, "requests", None) else None
            if request is not None and request.path == HEALTH_PATH and request.command in ("GET", "HEAD"):
                self.lane.add_task(channel)
            else:
                super().add_task(channel)

        def shutdown(self, cancel_pending=True, timeout=5):
            self.lane.shutdown(cancel_pending, timeout)
            return super().shutdown(cancel_pending, timeout)

    dispatcher = HealthLane()
    dispatcher.set_thread_count(threads)
    return dispatcher


def web_server(app, settings: Settings, *, host: str, port: int, threads: int = PAGE_THREADS,
               health_lane: bool = True):
    """The web app under waitress. Waitress drops X-Forwarded-* headers it was not told to trust;
    with INBOX_TRUSTED_PROXIES they are kept for the app's ProxyFix, the one place that reads them."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="inbox",
                         clear_untrusted_proxy_headers=not settings.trusted_proxies,
                         _dispatcher=health_lane_dispatcher(threads) if health_lane else None)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--smtp-port", default=8025, show_default=True, type=int)
@click.option("--web-port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(settings: Settings, host: str, smtp_port: int, web_port: int) -> None:
    """Run the SMTP listener and the web app (waitress) in one process."""
    from inbox.bootstrap import open_database
    from inbox.desk.accounts import first_run_hint
    from inbox.feeds.poller import FeedPoller
    from inbox.listener import Listener
    from inbox.readers.retention import DailyPurge
    from inbox.web import create_app

    sys.setswitchinterval(SWITCH_INTERVAL_S)
    db = open_database(settings)
    app = create_app(settings, db=db)
    listener = Listener(settings, db, host=host, port=smtp_port, separate_worker=True).start()
    web = web_server(app, settings, host=host, port=web_port)
    thread = threading.Thread(target=web.run, name="waitress", daemon=True)
    thread.start()
    purging = DailyPurge(db, settings).start()     # retention, daily (INBOX_RETAIN_*_DAYS)
    poller = (FeedPoller(db.factory, settings.articles_feeds, settings.articles_feed_interval).start()
              if settings.articles_feeds else None)
    click.echo(f"SMTP on {host}:{smtp_port}, web on http://{host}:{web_port}/ (Ctrl-C stops)", err=True)
    hint = first_run_hint(db.factory, invoked_as())
    if hint:
        click.echo(hint, err=True)
    try:
        wait_for_stop()
    finally:
        if poller is not None:
            poller.stop()
        web.close()
        purging.stop()
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
