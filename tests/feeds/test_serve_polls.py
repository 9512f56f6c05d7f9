"""`inbox serve` with INBOX_ARTICLES_FEED, as a real process: the feed's articles arrive, and
while a slow feed is being fetched SMTP and the web app still answer at once."""
from __future__ import annotations

import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import urllib.request

from tests.conftest import free_port, make_letter


def _wait_for(check, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_serve_polls_the_feed_and_a_slow_feed_blocks_nothing(settings, feed_server):
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or "",
           "INBOX_ARTICLES_FEED": f"{feed_server.url}/feed.rss, {feed_server.url}/slow",
           "INBOX_ARTICLES_FEED_INTERVAL": "600"}
    smtp_port, web_port = free_port(), free_port()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log = open(settings.data_dir / "serve.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "inbox", "serve", "--smtp-port", str(smtp_port),
                             "--web-port", str(web_port)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        assert _wait_for(lambda: any(p == "/slow" for p, _ in feed_server.requests)), "the slow feed was never asked"
        listed = subprocess.run([sys.executable, "-m", "inbox", "articles", "list"], env=env,
                                capture_output=True, check=True)
        assert {"starmers-budget-gamble", "taiwan-and-the-chips"} <= {a["slug"] for a in json.loads(listed.stdout)}
        # The slow feed is dripping now (for 100 s): both servers answer meanwhile.
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/healthz", timeout=5) as r:
            assert r.status == 200
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=5) as client:
            assert client.sendmail("reader@example.org", "letters@reaction.life", make_letter()) == {}
        assert time.monotonic() - started < 5
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
