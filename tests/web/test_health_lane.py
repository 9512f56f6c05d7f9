"""``/healthz`` answers while every page thread is busy (issue 13): under ``inbox serve`` the
probe has a waitress lane of its own (:func:`inbox.cli.serve.health_lane_dispatcher`) instead of
queueing behind the pages. Real HTTP on a socket; a WSGI wrapper holds the page threads on an
event, so the proof is the order of events, not a timing."""
from __future__ import annotations

import http.client
import threading

from inbox.cli.serve import web_server
from inbox.web import create_app
from tests.conftest import free_port
from tests.web.live_http import _run

PAGE_THREADS = 2


def holding(app, release: threading.Event, held: threading.Semaphore, served_by: list[str]):
    """The app, except that ``/held`` occupies a page thread until ``release`` is set."""
    def wsgi(environ, start_response):
        if environ["PATH_INFO"] == "/held":
            served_by.append(threading.current_thread().name)
            held.release()
            release.wait(60)
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"released"]
        return app(environ, start_response)
    return wsgi


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_healthz_answers_while_every_page_thread_is_busy(settings, db):
    release, held, served_by = threading.Event(), threading.Semaphore(0), []
    app = create_app(settings, db=db)
    port = free_port()
    srv = web_server(holding(app, release, held, served_by), settings, host="127.0.0.1", port=port,
                     threads=PAGE_THREADS)
    threading.Thread(target=_run, args=(srv,), daemon=True).start()
    pages = [threading.Thread(target=get, args=(port, "/held")) for _ in range(PAGE_THREADS + 1)]
    try:
        for page in pages:
            page.start()
        for _ in range(PAGE_THREADS):       # every page thread is now held; one more page queues
            assert held.acquire(timeout=60)
        status, body = get(port, "/healthz")
        assert not release.is_set() and status == 200 and b'"ok"' in body
        assert len(served_by) == PAGE_THREADS       # the queued page did not take the lane
    finally:
        release.set()
        for page in pages:
            page.join(60)
        srv.close()
    assert len(served_by) == PAGE_THREADS + 1 and "waitress-health" not in served_by
